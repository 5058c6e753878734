// Glossary tooltips: hover and keyboard focus are handled in CSS; this adds tap on touch screens
// (first tap shows the definition, second tap follows the link), Escape to close, and keeps the
// bubble inside the screen.
(function () {
  "use strict";
  var OPEN = "lucide-ouvert", CLOSED = "lucide-ferme";

  function place(wrap) {
    var bubble = wrap.querySelector(".lucide-bulle");
    if (!bubble) return;
    bubble.style.left = "0px";
    var rect = bubble.getBoundingClientRect();
    var overflow = rect.right - (document.documentElement.clientWidth - 8);
    if (overflow > 0) bubble.style.left = -Math.min(overflow, rect.left - 8) + "px";
  }

  function closeAll(except) {
    document.querySelectorAll(".lucide-terme." + OPEN).forEach(function (w) {
      if (w !== except) w.classList.remove(OPEN);
    });
  }

  document.addEventListener("pointerover", function (e) {
    var wrap = e.target.closest && e.target.closest(".lucide-terme");
    if (wrap) { wrap.classList.remove(CLOSED); place(wrap); }
  });
  document.addEventListener("focusin", function (e) {
    var wrap = e.target.closest && e.target.closest(".lucide-terme");
    if (wrap) { wrap.classList.remove(CLOSED); place(wrap); }
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest(".lucide-terme > a");
    if (!link) { closeAll(null); return; }
    var wrap = link.parentElement;
    var touch = e.pointerType === "touch" || (window.matchMedia && window.matchMedia("(hover: none)").matches);
    if (touch && !wrap.classList.contains(OPEN)) {
      e.preventDefault(); // first tap: show the definition
      closeAll(wrap);
      wrap.classList.remove(CLOSED);
      wrap.classList.add(OPEN);
      place(wrap);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll(".lucide-terme").forEach(function (w) {
      if (w.classList.contains(OPEN) || w.matches(":hover") || w.matches(":focus-within")) {
        w.classList.remove(OPEN);
        w.classList.add(CLOSED);
      }
    });
  });
})();
