// Injected by `esgbook serve` (never written to the built site): reloads the page after
// each rebuild and shows build errors over the last good version of the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = Number(script && script.getAttribute("data-version"));
  function overlay(text) {
    var box = document.getElementById("esgbook-errors");
    if (!text) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "esgbook-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#fff;color:#17242c;border:3px solid #b3261e;border-radius:6px;padding:1rem 1.2rem;" +
        "box-shadow:0 8px 30px rgba(0,0,0,.3);font:15px/1.45 system-ui,sans-serif";
      var title = document.createElement("strong");
      title.style.cssText = "display:block;color:#8a1c12;margin-bottom:.5rem";
      title.textContent = "esgbook: the report does not build. You are seeing the last good version.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0;font:13px/1.45 ui-monospace,monospace";
      box.appendChild(title);
      box.appendChild(pre);
      document.body.appendChild(box);
    }
    box.querySelector("pre").textContent = text;
  }
  function poll() {
    fetch("/__esgbook/version", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.version !== version) {
          window.location.reload();
          return;
        }
        overlay(state.errors);
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
