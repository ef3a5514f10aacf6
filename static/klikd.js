// klikd — a little progressive enhancement. Every page works without it.
(function () {
  "use strict";

  // Filter a list of links in place (the role gallery).
  document.querySelectorAll("[data-filter-target]").forEach(function (box) {
    var target = document.getElementById(box.getAttribute("data-filter-target"));
    var input = box.querySelector("input");
    if (!target || !input) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      target.querySelectorAll("section").forEach(function (section) {
        var shown = 0;
        section.querySelectorAll("li").forEach(function (li) {
          var hit = !q || li.textContent.toLowerCase().indexOf(q) !== -1;
          li.hidden = !hit;
          if (hit) shown++;
        });
        section.hidden = shown === 0;
      });
    });
  });

  // Ask before an irreversible action.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();
