// One tap copies the share kit's text (inline handlers are not allowed by the CSP). Where the
// clipboard cannot be written (an old browser, a page not served over HTTPS), the text is selected
// instead, so a long press copies it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  try {
    await navigator.clipboard.writeText(source.value);
    const done = document.getElementById(button.dataset.done);
    if (done) done.hidden = false;
  } catch (_refused) {
    source.focus();
    source.select();
    const hint = document.getElementById("select-hint");
    if (hint) hint.hidden = false;
  }
});
