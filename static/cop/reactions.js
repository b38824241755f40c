// Reactions without leaving the page: the form posts in the background and the buttons, counts
// and names update in place; a status line tells screen-reader users what happened. Without
// this script the same form posts normally.
// Loaded once, deferred, by a page with reaction forms: each form on it is enhanced.
(function () {
  "use strict";

  function enhance(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var status = form.querySelector(".reaction-status");
    var summary = form.parentElement.querySelector(".reaction-summary");

    function show(reactions) {
      reactions.forEach(function (reaction) {
        var button = form.querySelector("button[value='" + reaction.kind + "']");
        if (!button) { return; }
        button.setAttribute("aria-pressed", reaction.mine ? "true" : "false");
        button.classList.toggle("reaction-mine", reaction.mine);
        button.querySelector(".reaction-count").textContent = reaction.count;
      });
      if (!summary) { return; }
      summary.textContent = "";
      reactions.forEach(function (reaction) {
        if (!reaction.sentence) { return; }
        var line = document.createElement("p");
        line.className = "meta reaction-names";
        line.textContent = reaction.sentence;
        summary.appendChild(line);
      });
    }

    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }
      event.preventDefault();
      var data = new FormData();
      data.append("kind", button.value);
      button.disabled = true;
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: {"X-CSRFToken": token.value, "Accept": "application/json"}
      }).then(function (response) {
        return response.json().then(function (answer) {
          if (response.ok) { show(answer.reactions); }
          if (status) { status.textContent = answer.message || ""; }
        });
      }).catch(function () {
        if (status) { status.textContent = status.getAttribute("data-failed") || ""; }
      }).finally(function () {
        button.disabled = false;
        button.focus();
      });
    });
  }

  document.querySelectorAll("form.reaction-form").forEach(enhance);
})();
