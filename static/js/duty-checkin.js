/* The duty check-in page (履职码): when the activity accepts check-ins only near its place, ask the
   phone for its position as soon as the page opens and put it in the hidden latitude / longitude
   inputs of form[data-duty-checkin][data-needs-position]. No inline scripts under the CSP; the words
   come from the form's data-msg-* attributes so they are translated in the template.

   A refused or unavailable position never blocks the check-in: it is sent without a position and
   waits for the congress staff to confirm it. If the button is pressed while the phone is still
   looking, the form waits for the answer (at most a few seconds) and then goes. */
(function () {
  "use strict";

  var WAIT_MS = 12000;

  function start(form) {
    var status = form.querySelector("[data-duty-geo]");
    var latitude = form.querySelector("[data-duty-latitude]");
    var longitude = form.querySelector("[data-duty-longitude]");
    var state = "idle";  // idle → locating → located | failed
    var submitWhenDone = false;

    function say(key, warn) {
      if (!status) return;
      status.textContent = form.getAttribute("data-msg-" + key) || "";
      status.classList.toggle("is-warn", !!warn);
    }
    function finish(newState) {
      state = newState;
      if (submitWhenDone) {
        submitWhenDone = false;
        form.submit();
      }
    }

    if (!("geolocation" in navigator)) {
      state = "failed";
      say("unsupported", true);
    } else {
      state = "locating";
      say("locating");
      navigator.geolocation.getCurrentPosition(function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        say("located");
        finish("located");
      }, function () {
        latitude.value = "";
        longitude.value = "";
        say("refused", true);
        finish("failed");
      }, { enableHighAccuracy: true, timeout: WAIT_MS, maximumAge: 60000 });
    }

    form.addEventListener("submit", function (event) {
      if (state !== "locating") return;
      event.preventDefault();
      if (submitWhenDone) return;
      submitWhenDone = true;
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      // The phone may never answer (a permission prompt left open): go without a position then.
      setTimeout(function () {
        if (state === "locating") { say("refused", true); finish("failed"); }
      }, WAIT_MS);
    });
  }

  function init() {
    var forms = document.querySelectorAll("form[data-duty-checkin][data-needs-position]");
    for (var i = 0; i < forms.length; i++) start(forms[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
