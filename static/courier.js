// After choosing 揽收 or 签收, hand the focus back to the scan box: the scanner types into it.
document.querySelectorAll('input[name="mode"]').forEach(function (radio) {
  radio.addEventListener('change', function () { document.getElementById('waybill').focus(); });
});
