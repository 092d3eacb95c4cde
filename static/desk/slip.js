/* The 帮代办 slip: the walk-in's draft is gone from this shared computer, and one button prints. */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-draft-key]");
  try { window.localStorage.removeItem(script.getAttribute("data-draft-key")); } catch (e) { /* no storage */ }
  var button = document.querySelector(".js-print");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
