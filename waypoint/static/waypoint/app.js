/* Waypoint's own script: quick exit, the idle-session warning. No third-party code. */
(function () {
  "use strict";

  // Quick exit: leave without a trace in this tab's history. The link works without JS too.
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var link = document.querySelector("[data-quick-exit]");
    var target = link ? link.getAttribute("href") : "about:blank";
    document.body.style.display = "none";
    window.location.replace(target);
  }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.querySelector("[data-quick-exit]")) { return; }
    var now = Date.now();
    if (now - lastEscape < 800) { quickExit(event); }
    lastEscape = now;
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) { quickExit(event); }
  });

  // Idle warning: shown before the server signs the person out, with a way to stay.
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  if (!idle) { return; }
  var warning = parseInt(body.getAttribute("data-warning-seconds") || "120", 10);
  var dialog = document.querySelector(".session-warning");
  var warnTimer, endTimer;

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      if (dialog && !dialog.open) { dialog.showModal(); }
    }, Math.max(0, idle - warning) * 1000);
    // When the time is up, reload: the server has signed the person out and shows sign-in.
    endTimer = setTimeout(function () { window.location.reload(); }, (idle + 2) * 1000);
  }

  function stay() {
    var form = new FormData();
    fetch(body.getAttribute("data-keepalive-url"), {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "X-CSRFToken": body.getAttribute("data-csrf-token") }
    }).then(function (response) {
      if (response.ok) {
        if (dialog) { dialog.close(); }
        schedule();
      } else {
        window.location.reload();
      }
    });
  }

  var button = document.querySelector("[data-stay-signed-in]");
  if (button) { button.addEventListener("click", stay); }
  document.addEventListener("htmx:afterRequest", schedule);
  schedule();
})();
