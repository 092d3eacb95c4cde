/* The tracking page follows the application by itself: it asks the API every few seconds and
   redraws steps, status, light and documents, until there is nothing more to wait for. */
(function () {
  "use strict";

  var page = document.getElementById("track");
  if (!page) return;
  var words = JSON.parse(document.getElementById("track-words").textContent);
  var url = page.getAttribute("data-url");  // under /track/<number>: the application's cookie opens it
  var INTERVAL_MS = 2500;
  var failures = 0;
  var liveText = document.getElementById("track-live").textContent;

  if (page.getAttribute("data-clear-draft") === "true") {
    try { window.localStorage.removeItem("kaiban-draft"); } catch (e) { /* storage may be off */ }
  }

  function shortTime(iso) { return iso ? iso.slice(0, 16).replace("T", " ") : ""; }
  function byId(id) { return document.getElementById(id); }
  function label(group, key) { return (words[group] && words[group][key]) || key; }

  function drawSteps(steps) {
    steps.forEach(function (step) {
      var item = page.querySelector(".step[data-step='" + step.step + "']");
      if (!item) return;
      item.className = "step step--" + step.status;
      item.querySelector(".step__status").textContent = label("step_status", step.status);
      item.querySelector(".step__time").textContent = shortTime(step.finished_at || step.started_at);
      var detail = item.querySelector(".step__detail");
      detail.textContent = step.detail || "";
      detail.hidden = !step.detail;
    });
  }

  function drawDocuments(documents) {
    var list = byId("track-documents");
    var shown = Array.prototype.map.call(list.querySelectorAll("a[data-kind]"), function (a) {
      return a.getAttribute("data-kind");
    });
    var kinds = documents.map(function (d) { return d.kind; });
    if (documents.length === 0 || shown.join() === kinds.join()) return;
    list.textContent = "";
    documents.forEach(function (document_) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "document";
      link.href = document_.url;
      link.setAttribute("download", "");
      link.setAttribute("data-kind", document_.kind);
      link.textContent = label("document", document_.kind);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function draw(view) {
    var status = byId("track-status");
    status.textContent = label("status", view.status);
    status.className = "status status--" + view.status;
    status.setAttribute("data-status", view.status);
    byId("track-queued").hidden = view.status !== "submitted";  // stored, steps not started yet
    byId("track-uscc").textContent = view.uscc || byId("track-uscc").textContent;
    byId("track-stage").textContent = label("stage", view.sla.stage);
    var due = byId("track-due");
    due.textContent = view.sla.due_at ? shortTime(view.sla.due_at) : due.getAttribute("data-unset");
    var provisional = byId("track-provisional");
    if (provisional) provisional.hidden = !view.sla.provisional;  // 预计: a year with no official schedule
    var light = byId("track-light");
    light.className = "light light--" + view.sla.light;
    light.setAttribute("data-light", view.sla.light);
    light.querySelector(".light__text").textContent = label("light", view.sla.light);
    // A light only while the clock runs (or ran to the end): none before 受理, none once stopped.
    light.hidden = !view.sla.due_at || view.status === "rejected" || view.status === "withdrawn";
    byId("track-paused").hidden = !view.sla.paused;
    drawSteps(view.steps);
    drawDocuments(view.documents);
    document.dispatchEvent(new CustomEvent("kaiban:track", {detail: view}));  // for anything on the page that follows the live view
  }

  function settled(status) { return words.settled.indexOf(status) !== -1; }

  function poll() {
    fetch(url, {headers: {Accept: "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (view) {
        failures = 0;
        var live = byId("track-live");
        if (live.classList.contains("is-offline")) { live.textContent = liveText; live.classList.remove("is-offline"); }
        draw(view);
        if (!settled(view.status)) setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        failures++;
        var live = byId("track-live");
        live.textContent = words.offline;
        live.classList.add("is-offline");
        setTimeout(poll, Math.min(INTERVAL_MS * Math.pow(2, failures), 30000));
      });
  }

  var initial = byId("track-status").getAttribute("data-status");
  if (!settled(initial)) setTimeout(poll, INTERVAL_MS);
})();
