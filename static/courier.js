// After choosing 揽收 or 签收, hand the focus back to the scan box: the scanner types into it.
// 签收 asks for the signer's name too (required then, and sent only then).
(function () {
  'use strict';
  var field = document.getElementById('signed-for-field');
  var name = document.getElementById('signed-for');

  function showName(delivering) {
    if (!field || !name) {
      return;
    }
    field.hidden = !delivering;
    name.disabled = !delivering;
    name.required = delivering;
  }

  document.querySelectorAll('input[name="mode"]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      showName(radio.value === 'deliver' && radio.checked);
      document.getElementById('waybill').focus();
    });
  });

  // A scanner types the waybill and presses Enter: in 签收 mode with no name yet, Enter moves on to
  // the name instead of sending a form the server would refuse.
  var waybill = document.getElementById('waybill');
  if (waybill && name) {
    waybill.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !name.disabled && !name.value.trim() && waybill.value.trim()) {
        event.preventDefault();
        name.focus();
      }
    });
  }
}());
