/* The one form, made easier with JavaScript; without it the page still works as a plain form.
   Live name check, searchable business scope, shareholder rows, conditional sections, drafts. */
(function () {
  "use strict";

  var form = document.querySelector("form.one-form");
  if (!form) return;
  document.documentElement.classList.add("js");

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function debounce(fn, ms) {
    var timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function checkedValue(name) {
    var input = $all("input[name='" + name + "']").filter(function (el) { return el.checked; })[0];
    return input ? input.value : "";
  }

  /* ---- sections that depend on an answer ---- */
  var holdersSection = $("#shareholders-section");
  var courierFields = $("#courier-fields");

  function showDependents() {
    var type = checkedValue("entity_type");
    if (holdersSection) {
      var types = holdersSection.getAttribute("data-show-for").split(" ");
      holdersSection.hidden = type !== "" && types.indexOf(type) === -1;
    }
    if (courierFields) courierFields.hidden = checkedValue("delivery.method") !== "courier";
  }
  form.addEventListener("change", function (event) {
    var name = event.target.name;
    if (name === "entity_type" || name === "delivery.method") showDependents();
  });

  /* ---- shareholder rows: add and remove without a round trip ---- */
  var rowsBox = $("#shareholders");
  var rowTemplate = $("#shareholder-template");

  function renumberRows() {
    var rows = $all(".shareholder", rowsBox);
    rows.forEach(function (row, index) {
      row.setAttribute("data-row", index);
      $(".shareholder__number", row).textContent = String(index + 1);
      $all("[name^='shareholders.']", row).forEach(function (el) {
        el.name = el.name.replace(/^shareholders\.[^.]+\./, "shareholders." + index + ".");
      });
      $all("[id^='shareholders-']", row).forEach(function (el) {
        el.id = el.id.replace(/^shareholders-[^-]+-/, "shareholders-" + index + "-");
      });
      $all("label[for^='shareholders-']", row).forEach(function (el) {
        el.htmlFor = el.htmlFor.replace(/^shareholders-[^-]+-/, "shareholders-" + index + "-");
      });
      $all("[aria-describedby]", row).forEach(function (el) {
        el.setAttribute("aria-describedby", el.getAttribute("aria-describedby")
          .replace(/shareholders-[^-]+-/g, "shareholders-" + index + "-"));
      });
      $(".js-remove-shareholder", row).hidden = rows.length < 2;
    });
  }
  function addRow() {
    var count = $all(".shareholder", rowsBox).length;
    var html = rowTemplate.innerHTML.replace(/__i__/g, String(count));
    rowsBox.insertAdjacentHTML("beforeend", html);
    renumberRows();
    return $all(".shareholder", rowsBox)[count];
  }
  function setRowCount(count) {
    while ($all(".shareholder", rowsBox).length < count) addRow();
  }
  if (rowsBox && rowTemplate) {
    var addButton = $(".js-add-shareholder");
    addButton.type = "button";
    addButton.addEventListener("click", function () {
      var row = addRow();
      $("input", row).focus();
      saveDraft();
    });
    rowsBox.addEventListener("click", function (event) {
      if (!event.target.classList.contains("js-remove-shareholder")) return;
      var row = event.target.closest(".shareholder");
      row.parentNode.removeChild(row);
      renumberRows();
      addButton.focus();
      saveDraft();
    });
    renumberRows();
  }

  /* ---- live name check, as the person types (debounced) ---- */
  var nameCheck = $("#name-check");
  var nameRequest = 0;

  /* No error before input: a problem about a part of the name (组织形式, 行业) the person has not
     reached yet — still empty and never left — waits until they have. */
  var PROBLEM_PART = {bad_org_form: "org_form", industry_missing: "industry", region_unknown: "region"};
  var visitedParts = {};
  function notYetReached(problem) {
    var part = PROBLEM_PART[problem.code];
    return part && !visitedParts[part] && !form.elements["name." + part].value.trim();
  }
  function renderNameCheck(answer) {
    answer = Object.assign({}, answer, {problems: (answer.problems || []).filter(function (problem) {
      return !notYetReached(problem);
    })});
    if (!answer.available && !answer.problems.some(function (problem) { return problem.level !== "warn"; })) {
      answer.available = null;  // only unreached parts are wrong: neither "可以使用" nor a refusal yet
    }
    nameCheck.textContent = "";
    var full = document.createElement("p");
    full.className = "name-check__full";
    full.textContent = nameCheck.getAttribute("data-full") + "：" + answer.full_name;
    nameCheck.appendChild(full);
    if (answer.available) {
      var ok = document.createElement("p");
      ok.className = "name-check__ok";
      ok.textContent = "✓ " + nameCheck.getAttribute("data-ok");
      nameCheck.appendChild(ok);
    }
    /* refusals in red; warnings (a similar name already registered) in their own colour: the name can still be had */
    var warnings = (answer.problems || []).filter(function (problem) { return problem.level === "warn"; });
    var refusals = (answer.problems || []).filter(function (problem) { return problem.level !== "warn"; });
    [[refusals, "name-check__problems"], [warnings, "name-check__warnings"]].forEach(function (group) {
      if (!group[0].length) return;
      var list = document.createElement("ul");
      list.className = group[1];
      group[0].forEach(function (problem) {
        var item = document.createElement("li");
        item.textContent = problem.message;
        list.appendChild(item);
      });
      nameCheck.appendChild(list);
    });
    if (answer.available === false && answer.suggestions && answer.suggestions.length) {
      var offer = document.createElement("p");
      offer.className = "name-check__suggestions";
      offer.textContent = nameCheck.getAttribute("data-suggestions") + "：" + answer.suggestions.join("、");
      nameCheck.appendChild(offer);
    }
    var state = answer.available === null ? "" : !answer.available ? "name-check--problem"
      : warnings.length ? "name-check--warn" : "name-check--ok";
    nameCheck.className = "name-check " + state;
  }
  function checkName() {
    var part = function (key) { return form.elements["name." + key].value.trim(); };
    if (!part("trade_name")) { nameCheck.hidden = true; return; }
    var query = new URLSearchParams({
      region: part("region"), trade_name: part("trade_name"), industry: part("industry"),
      org_form: part("org_form"), entity_type: checkedValue("entity_type") || "llc"
    });
    var mine = ++nameRequest;
    nameCheck.hidden = false;
    nameCheck.className = "name-check name-check--checking";
    nameCheck.textContent = nameCheck.getAttribute("data-checking");
    fetch(nameCheck.getAttribute("data-url") + "?" + query.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (answer) { if (mine === nameRequest) renderNameCheck(answer); })
      .catch(function () {
        if (mine !== nameRequest) return;
        nameCheck.className = "name-check name-check--problem";
        nameCheck.textContent = nameCheck.getAttribute("data-unavailable");
      });
  }
  var checkNameSoon = debounce(checkName, 300);
  if (nameCheck) {
    form.addEventListener("input", function (event) {
      if (/^name\./.test(event.target.name)) checkNameSoon();
    });
    form.addEventListener("focusout", function (event) {
      var part = /^name\.(\w+)$/.exec(event.target.name || "");
      if (!part || visitedParts[part[1]]) return;
      visitedParts[part[1]] = true;
      if (form.elements["name.trade_name"].value.trim()) checkNameSoon();
    });
    form.addEventListener("change", function (event) {
      if (event.target.name === "entity_type") checkNameSoon();
    });
  }

  /* ---- business scope: filter the catalogue, chosen phrases as removable chips ---- */
  var scope = $(".scope");
  var scopeSearch = $("#scope-search");
  var chips = $(".chips", scope);
  var scopeCount = $(".scope__count", scope);
  var scopeEmpty = $(".scope__empty", scope);
  var scopeBoxes = $all("input[name='business_scope']", scope);

  function renderChips() {
    chips.textContent = "";
    var chosen = scopeBoxes.filter(function (box) { return box.checked; });
    chosen.forEach(function (box) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chip";
      button.setAttribute("data-for", box.id);
      button.setAttribute("aria-label", chips.getAttribute("data-remove") + " " + box.value);
      button.innerHTML = "<span></span><span class='chip__x' aria-hidden='true'>×</span>";
      button.firstChild.textContent = box.value;
      item.appendChild(button);
      chips.appendChild(item);
    });
    scopeCount.textContent = chosen.length
      ? scopeCount.getAttribute("data-template").replace("{n}", chosen.length)
      : scopeCount.getAttribute("data-none");
    renderPermits(chosen);
  }
  /* 证照分离: the permits the chosen 许可项目 need next, in the order of the list on the page */
  var permitsHint = $("#permits-hint");
  function renderPermits(chosen) {
    if (!permitsHint) return;
    var list = $(".permits-hint__list", permitsHint);
    var template = permitsHint.getAttribute("data-item");
    list.textContent = "";
    chosen.filter(function (box) { return box.hasAttribute("data-permit"); }).forEach(function (box) {
      var item = document.createElement("li");
      item.textContent = template.replace("{scope}", box.value).replace("{permit}", box.getAttribute("data-permit"))
        .replace("{authority}", box.getAttribute("data-authority")).replace("{route}", box.getAttribute("data-route"));
      list.appendChild(item);
    });
    permitsHint.hidden = !list.children.length;
  }
  function filterScope() {
    var words = scopeSearch.value.trim().split(/\s+/).filter(Boolean);
    var shown = 0;
    $all(".scope__group", scope).forEach(function (group) {
      var category = $(".scope__category", group).textContent;
      var groupShown = 0;
      $all(".choice", group).forEach(function (choice) {
        var phrase = $("input", choice).value;
        var match = words.every(function (word) { return phrase.indexOf(word) !== -1 || category.indexOf(word) !== -1; });
        choice.hidden = !match;
        if (match) groupShown++;
      });
      group.hidden = groupShown === 0;
      shown += groupShown;
    });
    scopeEmpty.hidden = shown > 0;
    scopeEmpty.textContent = shown > 0 ? "" : scopeSearch.getAttribute("data-empty");
  }
  if (scope) {
    $(".scope__chosen", scope).hidden = false;
    $(".scope__filter", scope).hidden = false;
    scope.classList.add("scope--enhanced");
    scopeSearch.addEventListener("input", filterScope);
    scopeSearch.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // Enter in the filter must not submit the form
    });
    scope.addEventListener("keydown", function (event) {
      // Enter on a scope checkbox would submit the half-filled form (the browser's implicit submission)
      if (event.key === "Enter" && event.target.name === "business_scope") event.preventDefault();
    });
    scope.addEventListener("change", function (event) {
      if (event.target.name === "business_scope") renderChips();
    });
    chips.addEventListener("click", function (event) {
      var chip = event.target.closest(".chip");
      if (!chip) return;
      var box = document.getElementById(chip.getAttribute("data-for"));
      box.checked = false;
      renderChips();
      scopeSearch.focus();
      saveDraft();
    });
    renderChips();
  }

  /* ---- error summary: announce it, and make each entry move focus to its field ---- */
  var summary = $("#error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-target]");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("data-target"));
      if (!target) return;
      event.preventDefault();
      var section = target.closest("[hidden]");
      if (section) section.hidden = false;
      var field = target.closest(".field") || target;
      var legend = field.querySelector("label, legend");
      (legend || field).scrollIntoView();
      target.focus({preventScroll: true});
    });
  }

  /* ---- drafts: nothing typed is lost on this device ---- */
  var draftKey = form.getAttribute("data-draft-key");
  var draftBar = $(".draft-bar");
  var draftText = $(".draft-bar__text");

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  /* ID numbers, phones and e-mail never go into the device's storage (a shared window PC keeps it). */
  var PERSONAL = /(id_number|phone|email)$/;
  function collectDraft() {
    var values = {};
    $all("input[name], select[name], textarea[name]", form).forEach(function (el) {
      if (el.name === "csrf_token" || el.type === "submit" || el.type === "button" || el.closest("template")) return;
      if (PERSONAL.test(el.name)) return;
      values[el.name] = values[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name].push(el.value);
      }
    });
    return {version: 1, rows: rowsBox ? $all(".shareholder", rowsBox).length : 0, values: values};
  }
  function saveDraft() {
    var store = storage();
    if (!store) return;
    try { store.setItem(draftKey, JSON.stringify(collectDraft())); } catch (e) { return; }
    draftBar.hidden = false;
    draftText.textContent = draftText.getAttribute("data-saved");
  }
  function applyDraft(draft) {
    if (rowsBox) setRowCount(draft.rows || 1);
    $all("input[name], select[name]", form).forEach(function (el) {
      if (el.name === "csrf_token" || el.closest("template") || !(el.name in draft.values)) return;
      var saved = draft.values[el.name];
      if (el.type === "checkbox" || el.type === "radio") el.checked = saved.indexOf(el.value) !== -1;
      else if (el.type !== "submit" && el.type !== "button") el.value = saved[0] || "";
    });
  }
  function restoreDraft() {
    var store = storage();
    var raw = store && store.getItem(draftKey);
    if (!raw) return false;
    try { applyDraft(JSON.parse(raw)); } catch (e) { return false; }
    draftBar.hidden = false;
    draftText.textContent = draftText.getAttribute("data-restored");
    return true;
  }
  // After a failed submit the server's copy is what was typed; otherwise bring the draft back.
  var restored = form.getAttribute("data-has-errors") !== "true" && restoreDraft();
  if (form.getAttribute("data-has-errors") === "true") saveDraft();
  form.addEventListener("input", debounce(saveDraft, 300));
  form.addEventListener("change", saveDraft);
  $(".js-clear-draft").addEventListener("click", function (event) {
    if (!window.confirm(event.target.getAttribute("data-confirm"))) return;
    var store = storage();
    if (store) store.removeItem(draftKey);
    window.location.href = form.getAttribute("action");
  });

  showDependents();
  if (scope) renderChips();
  if (restored && nameCheck) checkName();

  /* ---- one click, one application ---- */
  form.addEventListener("submit", function () {
    var button = $("button[data-prevent-double-click]", form);
    setTimeout(function () { button.disabled = true; }, 0);
    setTimeout(function () { button.disabled = false; }, 5000);
  });
})();
