/* The signing page (templates/public/sign.html) works without this file. With it: a form is sent
   once (signing takes a moment: the button says so, and a second tap sends nothing), the code
   field keeps digits only, and the error summary takes the focus. */
(function () {
  "use strict";

  var forms = document.querySelectorAll(".sign form[data-busy]");

  function busy(form, button) {
    form.setAttribute("data-sent", "1");
    if (!button) return;
    button.setAttribute("data-label", button.textContent);
    button.textContent = form.getAttribute("data-busy");
    button.setAttribute("aria-disabled", "true");
    button.classList.add("is-busy");
  }

  function ready(form) {
    form.removeAttribute("data-sent");
    Array.prototype.forEach.call(form.querySelectorAll("button[data-label]"), function (button) {
      button.textContent = button.getAttribute("data-label");
      button.removeAttribute("data-label");
      button.removeAttribute("aria-disabled");
      button.classList.remove("is-busy");
    });
  }

  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      busy(form, event.submitter || form.querySelector("button[type=submit]"));
    });
  });

  // Back to this page from the browser's cache (the back button): its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) Array.prototype.forEach.call(forms, ready);
  });

  var code = document.getElementById("sign-sms_code");
  if (code) {
    code.addEventListener("input", function () {
      var digits = code.value.replace(/\D+/g, "").slice(0, 6);
      if (digits !== code.value) code.value = digits;
    });
  }

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
}());
