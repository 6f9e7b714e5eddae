/* The representative's suggestion phone pages (no inline scripts under the CSP):

   form[data-once]                     a second tap on a send button while the page is loading
                                       sends nothing more (the server also refuses a second
                                       suggestion with the same form token)
   [data-picker] [data-picker-search]  filters the co-signer checkboxes by name as one types;
                                       without JavaScript the whole list shows, still usable
*/
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-once")) return;
    if (form.getAttribute("data-sent") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
    window.setTimeout(function () { form.removeAttribute("data-sent"); }, 8000);
  });

  function picker(box) {
    var search = box.querySelector("[data-picker-search]");
    var searchBox = box.querySelector("[data-picker-search-box]");
    if (!search) return;
    if (searchBox) searchBox.hidden = false;
    search.addEventListener("input", function () {
      var query = search.value.trim().toLowerCase();
      box.querySelectorAll("input[type=checkbox]").forEach(function (input) {
        var option = input.closest("div") || input.parentNode;
        var text = (input.parentNode.textContent || "").toLowerCase();
        option.hidden = !!query && text.indexOf(query) === -1 && !input.checked;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-picker]").forEach(picker);
  });
})();
