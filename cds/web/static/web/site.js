/* Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
   inline scripts: a <select data-autosubmit> sends its form as soon as a choice is made; a box
   that scrolls sideways can be reached with the keyboard. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  // A wide table scrolls inside its own box: the box takes the keyboard focus, so it can be
  // scrolled with the arrow keys too (not only by touch or with a mouse).
  function focusableScrollers() {
    var boxes = document.querySelectorAll(".scroll, .catalog-table");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        if (!box.hasAttribute("role")) box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption, th");
          box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      }
    }
  }
  // The header's menu folds on a phone (the server sends it open: without a script it stays so).
  function foldMenu() {
    var box = document.querySelector("details.menu-box");
    if (box && window.matchMedia("(max-width: 600px)").matches) box.open = false;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", foldMenu);
  else foldMenu();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusableScrollers);
  else focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
})();
