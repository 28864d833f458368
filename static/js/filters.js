// After Back or Forward, a page restored from the back/forward cache keeps the values
// changed before leaving; reset() puts back the values the page was rendered with, which
// are the filters of the results it shows. Without this script a reload shows the same.
window.addEventListener("pageshow", (event) => {
  if (!event.persisted) return;
  for (const form of document.querySelectorAll("form.filters")) form.reset();
});
