// Read a barcode with the phone's camera into a text box, then send the box's form: the courier's
// waybill (Code 128) and the seal shop's voucher (QR). Typing stays the way that always works; the
// camera button shows only where the browser can use a camera and the reader has loaded
// (static/vendor/zxing-browser, ZXing-JS, served from this site).
//
// <div data-scanner data-scan-input="ID" data-scan-kind="qr|1d" data-word-*="…" hidden>
//   <button type="button" data-scan-start>…</button>
//   <div data-scan-view hidden><video muted playsinline></video><p data-scan-status></p>
//     <button type="button" data-scan-stop>…</button></div>
// </div>
(function () {
  'use strict';

  var camera = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  if (!camera || !window.ZXingBrowser) {
    return;  // no camera here (or an insecure address): the typed box is all there is
  }

  function reader(kind) {
    return kind === 'qr' ? new window.ZXingBrowser.BrowserQRCodeReader()
      : new window.ZXingBrowser.BrowserMultiFormatOneDReader();
  }

  function setUp(box) {
    var input = document.getElementById(box.getAttribute('data-scan-input'));
    var start = box.querySelector('[data-scan-start]');
    var stop = box.querySelector('[data-scan-stop]');
    var view = box.querySelector('[data-scan-view]');
    var video = view.querySelector('video');
    var status = box.querySelector('[data-scan-status]');
    var controls = null;
    if (!input || !start || !view || !video) {
      return;
    }

    function say(word) {
      status.textContent = box.getAttribute('data-word-' + word) || '';
    }

    function close() {
      if (controls) {
        controls.stop();
        controls = null;
      }
      view.hidden = true;
      start.hidden = false;
    }

    function found(text) {
      close();
      input.value = text.trim();
      say('found');
      var form = input.form;
      // A field still to fill (the signer's name at delivery) gets the focus instead of a refusal.
      if (form && form.checkValidity()) {
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      } else if (form) {
        form.reportValidity();
      }
    }

    start.addEventListener('click', function () {
      view.hidden = false;
      start.hidden = true;
      say('starting');
      reader(box.getAttribute('data-scan-kind')).decodeFromConstraints(
        {video: {facingMode: 'environment'}}, video,
        function (result, error, running) {
          if (result) {
            controls = running;
            found(result.getText());
          }
        }
      ).then(function (running) {
        if (view.hidden) {  // closed while the camera was starting
          running.stop();
          return;
        }
        controls = running;
        say('aim');
      }).catch(function (error) {
        close();
        say(error && error.name === 'NotAllowedError' ? 'denied' : 'unavailable');
        input.focus();
      });
    });

    stop.addEventListener('click', function () {
      close();
      say('stopped');
      input.focus();
    });

    box.hidden = false;
    box.setAttribute('data-scanner-ready', 'true');
  }

  document.querySelectorAll('[data-scanner]').forEach(setUp);
}());
