/* Waypoint's own script: quick exit, the idle-session warning. No third-party code. */
(function () {
  "use strict";

  // Quick exit, as charities' exit buttons do it: hide the page at once, open the neutral site in a
  // new tab (it covers this one), and replace this tab's page so Back does not return here.
  // The link works without JS too. What this can and cannot hide: docs/security.md.
  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var link = document.querySelector("[data-quick-exit]");
    var target = link ? link.getAttribute("href") : "about:blank";
    document.body.style.display = "none";
    try { window.open(target, "_blank", "noopener,noreferrer"); } catch (error) { /* a blocked pop-up changes nothing */ }
    window.location.replace(target);
  }

  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.querySelector("[data-quick-exit]")) { return; }
    var now = Date.now();
    if (now - lastEscape < 800) { quickExit(event); }
    lastEscape = now;
  });

  // On pages with a quick exit (public pages), moving between our own pages replaces the current
  // history entry instead of adding one, so Back leads out of Waypoint rather than through it.
  function sameSitePage(url) {
    return url.origin === window.location.origin && !(url.pathname === window.location.pathname && url.hash);
  }

  function plainClick(event, link) {
    return !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey &&
      !event.shiftKey && !event.altKey && !link.hasAttribute("download") &&
      (!link.target || link.target === "_self");
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link) { return; }
    if (link.hasAttribute("data-quick-exit")) { quickExit(event); return; }
    if (!document.querySelector("[data-quick-exit]") || !plainClick(event, link)) { return; }
    var url = new URL(link.href, window.location.href);
    if (!sameSitePage(url)) { return; }
    event.preventDefault();
    window.location.replace(url.href);
  });

  // A search (GET form) is a page change too; POST forms cannot be replayed this way (see docs/security.md).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!document.querySelector("[data-quick-exit]") || event.defaultPrevented) { return; }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get" || form.target) { return; }
    var url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
    if (url.origin !== window.location.origin) { return; }
    event.preventDefault();
    url.search = new URLSearchParams(new FormData(form, event.submitter)).toString();
    window.location.replace(url.href);
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
