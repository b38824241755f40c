// Keeps the reply being written on the server a moment after each pause in typing, so a
// closed tab loses nothing. The form still works, and still keeps a draft, without this.
(function () {
  "use strict";
  var form = document.currentScript && document.currentScript.closest("form");
  if (!form) { return; }
  var url = form.getAttribute("data-draft-url");
  var body = form.querySelector("textarea[name=body]");
  var status = form.querySelector(".draft-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!url || !body || !token) { return; }
  var timer = null;
  var lastSent = body.value;

  function save() {
    timer = null;
    if (body.value === lastSent) { return; }
    var text = body.value;
    var data = new FormData();
    data.append("body", text);
    fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": token.value, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (response.ok) { lastSent = text; }
        if (status && answer.message) { status.textContent = answer.message; }
      });
    }).catch(function () {
      if (status) { status.textContent = status.getAttribute("data-offline") || ""; }
    });
  }

  body.addEventListener("input", function () {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1500);
  });
  // A last save when the member leaves the page, if anything is still waiting.
  window.addEventListener("pagehide", function () { if (timer) { clearTimeout(timer); save(); } });
})();
