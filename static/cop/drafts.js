// Keeps what is being written (a reply, or a new thread's category, title and text) on the
// server a moment after each pause, so a closed tab loses nothing. The form still works, and
// still keeps a draft when a submit is refused, without this.
(function () {
  "use strict";
  var form = document.currentScript && document.currentScript.closest("form");
  if (!form) { return; }
  var url = form.getAttribute("data-draft-url");
  var names = (form.getAttribute("data-draft-fields") || "body").split(/\s+/);
  var status = form.querySelector(".draft-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  // Where the draft is kept now (new threads: its category), so choosing another moves it.
  var keptUnder = form.querySelector("input[name=draft_category]");
  if (!url || !token || !form.elements.namedItem("body")) { return; }
  var timer = null;

  function values() {
    return names.map(function (name) {
      var field = form.elements.namedItem(name);
      return field ? field.value : "";
    });
  }

  var lastSent = JSON.stringify(values());

  function save() {
    timer = null;
    var current = values();
    var text = JSON.stringify(current);
    if (text === lastSent) { return; }
    var data = new FormData();
    names.forEach(function (name, i) { data.append(name, current[i]); });
    if (keptUnder) { data.append("draft_category", keptUnder.value); }
    fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": token.value, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok) { lastSent = text; }
        if (keptUnder && answer.category) { keptUnder.value = answer.category; }
        if (status && answer.message) { status.textContent = answer.message; }
      });
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-offline") || ""; }
    });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  }

  names.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) {
      field.addEventListener("input", later);
      field.addEventListener("change", later);
    }
  });
  // A last save when the member leaves the page, if anything is still waiting.
  window.addEventListener("pagehide", function () { if (timer) { clearTimeout(timer); save(); } });
})();
