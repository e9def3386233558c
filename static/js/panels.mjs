// Running a panel meeting from the keyboard: j or Alt+ArrowRight goes to the next agenda item,
// k or Alt+ArrowLeft to the previous one. It follows the page's rel="next"/rel="prev" links, so
// without this script the links still work. Nothing happens while the minutes form has
// unsaved changes, so no typed text is lost; j and k are ignored while typing in a field.
const form = document.querySelector("form[data-app-minutes]");
let dirty = false;
if (form) {
  form.addEventListener("input", () => {
    dirty = true;
  });
}

const hint = document.getElementById("keyboard-hint");
if (hint) hint.hidden = false;

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

document.addEventListener("keydown", (event) => {
  if (dirty || event.ctrlKey || event.metaKey || event.shiftKey) return;
  let rel = "";
  if (event.altKey && event.key === "ArrowRight") rel = "next";
  else if (event.altKey && event.key === "ArrowLeft") rel = "prev";
  else if (!event.altKey && !typing(event.target) && event.key === "j") rel = "next";
  else if (!event.altKey && !typing(event.target) && event.key === "k") rel = "prev";
  if (!rel) return;
  const link = document.querySelector(`a[rel="${rel}"]`);
  if (!link) return;
  event.preventDefault();
  window.location.assign(link.href);
});
