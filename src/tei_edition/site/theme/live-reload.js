// Served by `tei-edition serve --watch` only (never part of a built site): reloads the
// page when a rebuild has ended, and shows the problems of a change that does not build.
(function () {
  "use strict";
  var seen = null;
  var id = "tei-edition-problems";
  function show(problems) {
    var box = document.getElementById(id);
    if (!problems.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("pre");
      box.id = id;
      box.setAttribute("role", "alert");
      box.style.position = "fixed";
      box.style.inset = "auto 0 0 0";
      box.style.margin = "0";
      box.style.padding = "1em";
      box.style.maxHeight = "40vh";
      box.style.overflow = "auto";
      box.style.whiteSpace = "pre-wrap";
      box.style.background = "#fff4f4";
      box.style.color = "#5a0000";
      box.style.borderTop = "3px solid #a00000";
      box.style.zIndex = "1000";
      document.body.appendChild(box);
    }
    box.textContent = "This change does not build; the page shows the last site that did.\n\n" +
      problems.join("\n");
  }
  function poll() {
    fetch("/__tei-edition/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (seen === null) seen = state.version;
        else if (state.version !== seen) { window.location.reload(); return; }
        show(state.problems || []);
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
