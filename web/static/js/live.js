// Announcements for screen readers, through the page's ARIA live regions.

let pending = [];
let timer = null;

/** Say something politely (news, results); several in a burst are read in order. */
export function announce(text) {
  if (!text) return;
  pending.push(text);
  if (timer) return;
  timer = setTimeout(() => {
    const region = document.getElementById("live-polite");
    if (region) {
      for (const line of pending.slice(-6)) {
        const p = document.createElement("p");
        p.textContent = line;
        region.append(p);
      }
      while (region.childElementCount > 12) region.firstElementChild.remove();
    }
    pending = [];
    timer = null;
  }, 100);
}

/** Say something at once (a refusal of what the user just did). */
export function alertNow(text) {
  const region = document.getElementById("live-assertive");
  if (!region || !text) return;
  region.textContent = "";
  setTimeout(() => { region.textContent = text; }, 30);
}
