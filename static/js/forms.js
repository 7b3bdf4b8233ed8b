// A field's message speaks of the value that was sent. Once the field is filled in again, the old
// message goes, so "required" never stands beside a filled field; the server checks every field
// again when the form is sent, and shows a message again if one is still wrong.
function clearFieldMessage(event) {
  const field = event.target;
  if (!field.name || !field.form) return;
  const filled = field.type === "checkbox" || field.type === "radio" ? field.checked : field.value.trim() !== "";
  if (!filled) return;
  const message = document.getElementById(field.name + "-error");
  if (message) message.remove();
  field.removeAttribute("aria-invalid");
}
document.addEventListener("input", clearFieldMessage);
document.addEventListener("change", clearFieldMessage);

// A button marked data-print prints the page (inline handlers are not allowed by the CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
