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

// Tables stack into cards on a phone (portal.css); each cell then shows its column's name, taken
// from the head row when the template did not write a data-label itself.
function labelCells(root) {
  for (const table of root.querySelectorAll("table:not(.keep)")) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
    if (!heads.length) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    }
  }
}
document.addEventListener("DOMContentLoaded", () => labelCells(document));
document.addEventListener("htmx:afterSwap", (event) => labelCells(event.target.closest("table")?.parentNode || event.target));
