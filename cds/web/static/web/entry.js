/* Live rates on the entry form: a rate = numerator / denominator × scale, read the Vietnamese way
   ("1.463" is one thousand four hundred sixty-three, "27,8" is 27.8). No library, no network. */
(function () {
  "use strict";
  function read(text) {
    var t = (text || "").replace(/[^0-9.,\-]/g, "");
    if (!t) return null;
    if (t.indexOf(",") >= 0) t = t.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, "");
    var n = parseFloat(t);
    return isNaN(n) ? null : n;
  }
  function show(n) {
    return n.toFixed(2).replace(".", ",").replace(/,?0+$/, "") + "%";
  }
  function field(code) { return document.getElementById("v-" + code); }
  function value(code) {
    var el = field(code);
    if (!el) return null;
    return read(el.value !== undefined && el.tagName !== "SPAN" ? el.value : el.textContent);
  }
  function update() {
    var outs = document.querySelectorAll("output[data-num]");
    for (var i = 0; i < outs.length; i++) {
      var o = outs[i], num = value(o.dataset.num), den = value(o.dataset.den);
      if (num === null || den === null) { o.textContent = "—"; continue; }
      if (den === 0) { o.textContent = "N/A"; continue; }
      var rate = num / den * parseFloat(o.dataset.scale || "100");
      o.textContent = show(rate);
      o.classList.toggle("error", rate > 100 || rate < 0);
    }
  }
  var form = document.getElementById("entry-form");
  if (form) { form.addEventListener("input", update); update(); }
})();
