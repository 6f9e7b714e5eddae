/* The phone ballot of a differential vote or poll: shows how many are marked of how many may be,
   and stops a further tick once the limit is reached (the server refuses over-marking anyway). */
(function () {
  var form = document.querySelector("form[data-ballot-limit]");
  if (!form) return;
  var limit = parseInt(form.getAttribute("data-ballot-limit"), 10);
  var counter = form.querySelector("[data-ballot-counter]");
  var boxes = form.querySelectorAll("input[type=checkbox][name=mark]");
  var template = counter ? counter.getAttribute("data-template") : null;

  function update() {
    var marked = 0;
    boxes.forEach(function (box) { if (box.checked) marked += 1; });
    boxes.forEach(function (box) { box.disabled = !box.checked && marked >= limit; });
    if (counter && template) {
      counter.textContent = template.replace("{marked}", marked).replace("{limit}", limit);
      counter.classList.toggle("is-full", marked >= limit);
    }
  }
  form.addEventListener("change", update);
  update();
})();
