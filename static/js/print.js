// The print page's button (no inline handlers: the Content-Security-Policy allows scripts from files only).
document.addEventListener("click", function (event) {
  if (event.target.closest(".print-now")) window.print();
});
