// Keyboard shortcuts for the review queue: j/k move, Enter opens, x ticks, a/r/s decide.
// Each shortcut presses a real button or link on the page, so everything also works by Tab.
(function () {
  "use strict";

  var list = document.querySelector("[data-review-list]");
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("[data-review-item]"));
  if (!items.length) return;
  var STORE = "review-queue-position";
  var current = -1;

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return target.isContentEditable || tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].indexOf(target.type) === -1);
  }

  function select(index, focus) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0) items[current].classList.remove("is-current");
    current = index;
    var item = items[current];
    item.classList.add("is-current");
    item.scrollIntoView({block: "nearest"});
    if (focus) item.querySelector("[data-review-open]").focus();
  }

  function press(selector) {
    if (current < 0) return;
    var control = items[current].querySelector(selector);
    if (!control) return;
    // After a decision the item leaves the queue, so the same position shows the next one.
    try { window.sessionStorage.setItem(STORE, String(current)); } catch (e) { /* private mode */ }
    control.click();
  }

  // Follow the focus too, so Tab and the shortcuts agree on which post is current.
  list.addEventListener("focusin", function (event) {
    var item = event.target.closest("[data-review-item]");
    if (item) select(items.indexOf(item), false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    switch (event.key) {
      case "j":
        select(current < 0 ? 0 : Math.min(current + 1, items.length - 1), true);
        break;
      case "k":
        select(current < 0 ? 0 : Math.max(current - 1, 0), true);
        break;
      case "Enter":
        // A focused link or button does its own thing on Enter.
        if (current < 0 || (event.target.closest && event.target.closest("a, button, summary"))) return;
        items[current].querySelector("[data-review-open]").click();
        break;
      case "x":
        if (current < 0) return;
        items[current].querySelector("[data-review-select]").click();
        break;
      case "a":
        press("[data-review-action='a']");
        break;
      case "r":
        press("[data-review-action='r']");
        break;
      case "s":
        press("[data-review-action='s']");
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  var saved = null;
  try {
    saved = window.sessionStorage.getItem(STORE);
    window.sessionStorage.removeItem(STORE);
  } catch (e) { /* private mode */ }
  if (saved !== null) select(Math.min(parseInt(saved, 10) || 0, items.length - 1), true);
})();
