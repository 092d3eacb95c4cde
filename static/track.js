/* The tracking page follows the application by itself: it asks for the live view every few seconds
   and redraws steps, status, light and documents; each part below the steps (印模确认, 证照邮寄, 容缺,
   答复, …) carries a version, and a part whose version moved is taken from the page fetched afresh,
   keeping whatever the reader was typing in it. Once the pipeline has nothing more to say it asks
   less often (a seal shop, the courier or a supervisor may still change a part). */
(function () {
  "use strict";

  var page = document.getElementById("track");
  if (!page) return;
  var words = JSON.parse(document.getElementById("track-words").textContent);
  var url = page.getAttribute("data-url");  // under /track/<number>: the application's cookie opens it
  var pageUrl = page.getAttribute("data-page");  // the page itself, where a moved part is taken from
  var INTERVAL_MS = 2500;
  var SETTLED_INTERVAL_MS = 15000;
  var refreshing = false;
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
      item.className = "step step--" + (step.mark || step.status);  // mark: "waiting" when it waits for the applicant
      item.querySelector(".step__status").textContent = step.status_label || label("step_status", step.status);
      item.querySelector(".step__time").textContent = step.time || shortTime(step.finished_at || step.started_at);
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
    // Every row is drawn with its format's badge (the bundle is a ZIP), so the same kinds need no redraw.
    if (documents.length === 0 || shown.join() === kinds.join()) return;
    list.textContent = "";
    documents.forEach(function (document_) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "document";
      link.href = document_.url;
      link.setAttribute("download", "");
      link.setAttribute("data-kind", document_.kind);
      link.setAttribute("data-format", document_.format || "pdf");
      link.textContent = label("document", document_.kind);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  // What the reader has typed or chosen in a part, by element id, to put back after the part is redrawn.
  function typedIn(part) {
    var typed = {};
    Array.prototype.forEach.call(part.querySelectorAll("input[id], textarea[id]"), function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked !== field.defaultChecked) typed[field.id] = {checked: field.checked};
      } else if (field.type !== "hidden" && field.value !== field.defaultValue) {
        typed[field.id] = {value: field.value};
      }
    });
    return typed;
  }

  function swapPart(old, fresh) {
    var typed = typedIn(old);
    var focused = old.contains(document.activeElement) ? document.activeElement.id : "";
    var details = Array.prototype.map.call(old.querySelectorAll("details"), function (d) { return d.open; });
    var part = document.importNode(fresh, true);
    old.replaceWith(part);
    Array.prototype.forEach.call(part.querySelectorAll("details"), function (d, i) { if (details[i]) d.open = true; });
    Object.keys(typed).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field) return;
      if (typed[id].checked !== undefined) field.checked = typed[id].checked;
      if (typed[id].value !== undefined) field.value = typed[id].value;
    });
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  // Parts whose version moved are taken from the page as it is now (one fetch for all of them).
  function drawParts(versions) {
    var moved = Object.keys(versions).filter(function (name) {
      var part = byId("track-part-" + name);
      return part && part.getAttribute("data-version") !== versions[name];
    });
    if (moved.length === 0 || refreshing) return;
    refreshing = true;
    fetch(pageUrl, {headers: {Accept: "text/html"}, credentials: "same-origin", cache: "no-store"})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        moved.forEach(function (name) {
          var part = fresh.getElementById("track-part-" + name);
          if (part) swapPart(byId("track-part-" + name), part);
        });
      })
      .catch(function () { /* the next poll sees the old version and tries again */ })
      .then(function () { refreshing = false; });
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
    drawParts(view.parts || {});
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
        setTimeout(poll, settled(view.status) ? SETTLED_INTERVAL_MS : INTERVAL_MS);
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
  setTimeout(poll, settled(initial) ? SETTLED_INTERVAL_MS : INTERVAL_MS);
})();
