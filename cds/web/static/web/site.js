/* Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
   inline scripts: a <select data-autosubmit> sends its form as soon as a choice is made. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();
