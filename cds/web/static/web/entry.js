/* Live rates on the entry form: a rate = numerator / denominator × scale, read the Vietnamese way
   ("1.463" is one thousand four hundred sixty-three, "27,8" is 27.8). No library, no network. */
(function () {
  "use strict";
  // "08/09 máy" states a count and what it is out of (the server records 8, and 9 as the rate's
  // denominator when that field is left empty): read the part before the slash as the value.
  function fraction(text) {
    var m = /^\D*?(\d[\d.]*)\s*\/\s*(\d[\d.]*)/.exec(text || "");
    return m ? { num: read(m[1]), den: read(m[2]) } : null;
  }
  function read(text) {
    var parts = fraction(text);
    if (parts) return parts.num;
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
  function text(code) {
    var el = field(code);
    if (!el) return null;
    return el.value !== undefined && el.tagName !== "SPAN" ? el.value : el.textContent;
  }
  function value(code) {
    var t = text(code);
    return t === null ? null : read(t);
  }
  function update() {
    var outs = document.querySelectorAll("output[data-num]");
    for (var i = 0; i < outs.length; i++) {
      var o = outs[i], num = value(o.dataset.num), den = value(o.dataset.den);
      var parts = fraction(text(o.dataset.num));
      if (parts && den === null) den = parts.den;
      if (num === null || den === null) { o.textContent = "—"; continue; }
      if (den === 0) { o.textContent = "N/A"; continue; }
      var rate = num / den * parseFloat(o.dataset.scale || "100");
      o.textContent = show(rate);
      o.classList.toggle("error", rate > 100 || rate < 0);
    }
  }
  // A question whose answer makes others moot («Không» to «Có Trang thông tin điện tử»): its
  // fields hide as the answer changes (the server hides them too, so this only saves a reload).
  function hideMoot(select) {
    var hide = select.value === select.dataset.hideWhen, codes = select.dataset.hides.split(" ");
    for (var i = 0; i < codes.length; i++) {
      var f = document.getElementById("f-" + codes[i]);
      if (f) f.hidden = hide;
    }
  }
  var form = document.getElementById("entry-form");
  if (form) {
    form.addEventListener("input", update);
    form.addEventListener("change", function (e) { if (e.target.dataset && e.target.dataset.hides) hideMoot(e.target); });
    update();
  }
})();
