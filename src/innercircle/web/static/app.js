// Small behaviours of the pages, kept in a file of their own: the pages allow no inline scripts.
document.addEventListener("click", (e) => {
  const back = e.target.closest("a[data-back]");
  if (back && history.length > 1) {
    e.preventDefault();
    history.back();
  }
});
