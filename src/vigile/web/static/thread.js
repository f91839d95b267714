// Progressive enhancement of the thread page: a button that copies the reply to paste.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.value).then(() => { button.dataset.done = "true"; });
  });
});
