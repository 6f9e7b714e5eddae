/* The opinion phone pages' behaviours (no inline scripts under the CSP; words come from data-msg-*
   attributes so they are translated in the templates):

   [data-geo] … [data-geo-button]      asks the browser for the position once, fills the hidden
                                       [data-geo-latitude] / [data-geo-longitude] inputs
   form[data-opinion-form] input[data-photo-input]
                                       shows how many photos were chosen, refuses more than the
                                       limit before anything is uploaded
   [data-copy="#selector"]             copies the text of the element to the clipboard
*/
(function () {
  "use strict";

  function closestForm(el) {
    return el.closest("form") || document;
  }

  /* ---- Position ------------------------------------------------------------------------- */
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-geo-button]") : null;
    if (!button) return;
    var box = button.closest("[data-geo]");
    var status = box.querySelector("[data-geo-status]");
    var form = closestForm(button);
    var say = function (key) { status.textContent = box.getAttribute("data-msg-" + key) || ""; };
    if (!("geolocation" in navigator)) { say("unsupported"); return; }
    button.disabled = true;
    say("locating");
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("[data-geo-latitude]").value = position.coords.latitude.toFixed(6);
      form.querySelector("[data-geo-longitude]").value = position.coords.longitude.toFixed(6);
      button.disabled = false;
      say("located");
    }, function () {
      button.disabled = false;
      say("failed");
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });

  /* ---- Photos ----------------------------------------------------------------------------- */
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-photo-input")) return;
    var form = input.closest("form[data-opinion-form]");
    if (!form) return;
    var counter = form.querySelector("[data-photo-count]");
    var limit = parseInt(form.getAttribute("data-photo-limit"), 10) || 9;
    var count = input.files ? input.files.length : 0;
    if (count > limit) {
      input.value = "";
      if (counter) {
        counter.textContent = form.getAttribute("data-msg-too-many-photos") || "";
        counter.classList.add("is-warn");
      }
      return;
    }
    if (counter) {
      counter.classList.remove("is-warn");
      counter.textContent = count ? (form.getAttribute("data-msg-photos-chosen") || "") + " " + count : "";
    }
  });

  /* ---- Copy ------------------------------------------------------------------------------- */
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent.trim();
    var done = function () {
      var original = button.getAttribute("data-label") || button.innerHTML;
      button.setAttribute("data-label", original);
      button.textContent = button.getAttribute("data-msg-copied") || "OK";
      setTimeout(function () { button.innerHTML = original; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      // Plain http and older WeChat browsers: select the code, and copy it where the browser still allows it.
      selectText(source);
      try { if (document.execCommand("copy")) done(); } catch (error) { /* the selection stays for a long press */ }
    }
  });

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
})();
