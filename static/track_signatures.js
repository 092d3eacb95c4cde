/* The tracking page's signing part (_track_signatures.html) follows the live view that track.js
   polls: each party's answer as it comes, the list gone once every party has signed, and the
   reason (status_reason) when the application stops or waits for someone. */
(function () {
  "use strict";

  var MARKS = {signed: "done", pending: "running", declined: "failed"};
  var wordsNode = document.getElementById("track-signing-words");
  var words = wordsNode ? JSON.parse(wordsNode.textContent) : {};

  function shortTime(iso) { return iso ? iso.slice(0, 16).replace("T", " ") : ""; }

  function drawParties(view) {
    var section = document.getElementById("track-signing");
    if (!section) return;
    if (view.status !== "awaiting_signatures") { section.hidden = true; return; }
    (view.signatures || []).forEach(function (party, index) {
      var item = section.querySelector(".step[data-party='" + (index + 1) + "']");
      if (!item || item.getAttribute("data-status") === party.status) return;
      item.setAttribute("data-status", party.status);
      item.className = "step step--" + (MARKS[party.status] || "running");
      item.querySelector(".step__marker").textContent = party.status === "signed" ? "\u2713" : String(index + 1);
      item.querySelector(".step__status").textContent = words[party.status] || party.status;
      item.querySelector(".step__time").textContent = shortTime(party.signed_at);
    });
  }

  function drawReason(view) {
    var reason = document.getElementById("track-status-reason");
    if (!reason) return;
    document.getElementById("track-status-reason-text").textContent = view.status_reason || "";
    reason.hidden = !view.status_reason;
  }

  document.addEventListener("kaiban:track", function (event) {
    drawParties(event.detail);
    drawReason(event.detail);
  });
})();
