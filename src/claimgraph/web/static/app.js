// claimgraph workbench: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Mark the highlights of the statement an "#ev-<id>" anchor points to, so that following
  // "in its sentence" shows which words are the statement.
  function markCurrent() {
    document.querySelectorAll("mark.hl.current").forEach(function (m) { m.classList.remove("current"); });
    var h = decodeURIComponent(location.hash || "");
    if (h.indexOf("#ev-") !== 0) return;
    var id = h.slice(4);
    if (!/^[0-9a-f]{32}$/.test(id)) return;
    var marks = document.querySelectorAll('mark.hl[data-st="' + id + '"]');
    marks.forEach(function (m) { m.classList.add("current"); });
    var first = document.querySelector('mark.hl[data-st="' + id + '"][tabindex]');
    if (first) first.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", markCurrent);
  document.addEventListener("DOMContentLoaded", markCurrent);
  // Escape hides a highlight's tooltip by moving focus out of it.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.activeElement && document.activeElement.matches("mark.hl")) {
      document.activeElement.blur();
    }
  });
})();
