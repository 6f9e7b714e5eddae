/* Minyi's own behaviours. The Content-Security-Policy allows scripts from this site only: no
   inline <script>, no onclick="…", no eval. Pages ask for behaviours with data-* attributes, or
   with Alpine components registered below (x-data="autohide"); the CSP build of Alpine evaluates
   only simple expressions, so anything beyond a property or a method call belongs here.

   data-confirm="Question?"   on a form, button or link: ask before going on (empty: "Are you sure?")
   data-autosubmit            on a select or input: send its form when it changes
   data-dismiss="closest"     on a button: remove the closest .m-message / .alert / [data-dismissable]
   data-allow-resubmit        on a form: do not disable its buttons after the first submit
   textarea[maxlength]        inside .app-field / .m-field: shows "12 / 500" below it
*/
(function () {
  "use strict";

  function text(key, fallback) {
    return (document.body && document.body.dataset[key]) || fallback;
  }

  /* A short notice at the bottom (desk) or centre (phone) of the screen. */
  function toast(message) {
    var box = document.createElement("div");
    box.className = "app-toast";
    box.setAttribute("role", "alert");
    box.textContent = message;
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 4000);
  }

  /* ---- Alpine components ------------------------------------------------------------------ */
  document.addEventListener("alpine:init", function () {
    var Alpine = window.Alpine;

    // A message that hides itself after a few seconds (success and info notices on phones).
    Alpine.data("autohide", function () {
      return {
        init: function () {
          var el = this.$el;
          setTimeout(function () {
            el.classList.add("is-hiding");
            setTimeout(function () { el.remove(); }, 300);
          }, 4000);
        },
      };
    });

    // Something that opens and closes: x-data="toggle", @click="flip", x-show="open".
    Alpine.data("toggle", function () {
      return {
        open: false,
        flip: function () { this.open = !this.open; },
        close: function () { this.open = false; },
      };
    });
  });

  /* ---- Confirmations, auto-submit, dismiss ------------------------------------------------ */
  function confirmed(el) {
    var question = el.getAttribute("data-confirm");
    return window.confirm(question || text("msgConfirm", "Are you sure?"));
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    var dismiss = target.closest("[data-dismiss='closest']");
    if (dismiss) {
      var box = dismiss.closest(".m-message, .alert, [data-dismissable]");
      if (box) box.remove();
      return;
    }

    var asking = target.closest("a[data-confirm], button[data-confirm], input[type=submit][data-confirm]");
    if (asking && !confirmed(asking)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }

    // Close an open "…" menu when tapping elsewhere.
    document.querySelectorAll("details.m-menu[open]").forEach(function (menu) {
      if (!menu.contains(target)) menu.removeAttribute("open");
    });
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.m-menu[open]").forEach(function (menu) { menu.removeAttribute("open"); });
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof Element && el.hasAttribute("data-autosubmit") && el.form) {
      if (el.form.requestSubmit) el.form.requestSubmit(); else el.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (form.hasAttribute("data-confirm") && !confirmed(form)) {
      event.preventDefault();
      return;
    }
    // A slow network tempts a second tap: disable the buttons of an ordinary POST form once it
    // is on its way (after this event, so the pressed button's name and value still go along).
    var isHtmx = form.hasAttribute("hx-post") || form.hasAttribute("hx-get") || form.closest("[hx-boost='true']");
    if ((form.method || "").toLowerCase() === "post" && !isHtmx && !form.hasAttribute("data-allow-resubmit")) {
      setTimeout(function () {
        if (event.defaultPrevented) return;
        form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.classList.add("is-submitting");
        });
      }, 0);
    }
  });

  // Coming back with the browser's back button shows the page as it was left: enable it again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll(".is-submitting").forEach(function (button) {
      button.disabled = false;
      button.classList.remove("is-submitting");
    });
  });

  /* ---- Character counters ----------------------------------------------------------------- */
  function attachCounters(root) {
    root.querySelectorAll(".app-field textarea[maxlength], .m-field textarea[maxlength]").forEach(function (area) {
      if (area.dataset.counted) return;
      area.dataset.counted = "1";
      var counter = document.createElement("div");
      counter.className = "app-counter";
      counter.setAttribute("aria-live", "polite");
      var max = area.getAttribute("maxlength");
      var update = function () { counter.textContent = area.value.length + " / " + max; };
      update();
      area.addEventListener("input", update);
      area.insertAdjacentElement("afterend", counter);
    });
  }

  /* ---- htmx ------------------------------------------------------------------------------- */
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    toast(status === 403 ? text("msgForbidden", "Forbidden") : text("msgServer", "Server error"));
  });
  document.addEventListener("htmx:sendError", function () {
    toast(text("msgNetwork", "Network error"));
  });
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) attachCounters(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    attachCounters(document);
  });
})();
