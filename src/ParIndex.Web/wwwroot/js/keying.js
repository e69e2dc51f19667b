/* Keyboard-only keying of a paper form. Enter/Tab commit the box and move to the next box that skip logic keeps;
   Shift+Tab / Shift+Enter / ArrowUp go back; Ctrl+Enter saves. Each commit checks the keys (choice numbers, ranges,
   dates, constraints) with the questionnaire's own expressions through expr.js, so the screen refuses what the server
   would refuse. window.parindexKeying exposes timings for the browser test. */
(function () {
  "use strict";
  var form = document.getElementById("keying"); if (!form) return;
  var X = window.ParIndexExpr, logic = JSON.parse(document.getElementById("logic").textContent || "{}");
  var items = logic.items || {}, sections = logic.sections || {};
  var rows = Array.prototype.slice.call(form.querySelectorAll("tr[data-item]"));
  var fields = rows.map(function (tr, i) {
    var map = {}, keys = [];
    (tr.getAttribute("data-choices") || "").split(" ").forEach(function (p) { var j = p.indexOf("="); if (j > 0) { map[p.slice(0, j)] = p.slice(j + 1); keys.push(p.slice(0, j)); } });
    return { i: i, tr: tr, input: tr.querySelector("input"), msg: tr.querySelector(".error"), item: tr.getAttribute("data-item"), unit: tr.getAttribute("data-unit") || null,
      section: tr.getAttribute("data-section"), type: tr.getAttribute("data-type"), map: map, keys: keys, multi: tr.getAttribute("data-type") == "multiple",
      min: tr.getAttribute("data-min"), max: tr.getAttribute("data-max"), maxlen: +tr.getAttribute("data-maxlen") || 500, dk: tr.hasAttribute("data-dk"), on: true };
  });
  var byKey = {}; fields.forEach(function (f) { byKey[(f.unit || "") + "\u0001" + f.item] = f; });
  var calc = {}, timings = { commits: 0, total: 0, max: 0 };
  window.parindexKeying = timings;

  function stored(f) {
    var raw = f.input.value.trim(); if (!raw) return "";
    if (f.keys.length) return raw.split(/[\s,+]+/).map(function (k) { return f.map[k] == null ? "\u0000" : f.map[k]; }).join(" ");
    if (f.type == "date") { var d = raw.replace(/[\/.\-]/g, ""); return /^\d{8}$/.test(d) ? d.slice(4) + "-" + d.slice(2, 4) + "-" + d.slice(0, 2) : raw; }
    return raw;
  }
  function ctx(unit, current) {
    return { today: Math.floor(Date.now() / 864e5), current: current,
      get: function (name) {
        var meta = items[name];
        if (!meta) return name == "unit" && unit ? { k: "s", v: unit } : X.missing;
        var u = meta.grid ? unit : null; if (meta.grid && !unit) return X.missing;
        var key = (u || "") + "\u0001" + name;
        if (meta.type == "calculate") return calc[key] || X.missing;
        var f = byKey[key]; if (!f || !f.on) return X.missing;
        return X.typed(stored(f), meta.type);
      } };
  }
  function truthy(ast, unit) { return ast == null || X.truthy(ast, ctx(unit)); }
  /* Relevance of every box and the calculations, in form order; two passes settle forward references. */
  function refresh() {
    for (var pass = 0; pass < 2; pass++) {
      var secOn = {};
      fields.forEach(function (f) {
        var s = sections[f.section] || {}, k = f.section + "\u0001" + (f.unit || "");
        if (secOn[k] == null) secOn[k] = truthy(s.relevant, null) && (!f.unit || truthy(s.filter, f.unit));
        var meta = items[f.item] || {};
        f.on = secOn[k] && truthy(meta.relevant, f.unit);
      });
      Object.keys(items).forEach(function (name) {
        var m = items[name]; if (m.type != "calculate") return;
        if (!m.grid) calc["\u0001" + name] = m.calculation ? X.evaluate(m.calculation, ctx(null)) : X.missing;
        else fields.forEach(function (f) { if (f.unit && items[f.item] && items[f.item].section == m.section) calc[f.unit + "\u0001" + name] = m.calculation ? X.evaluate(m.calculation, ctx(f.unit)) : X.missing; });
      });
    }
    var done = 0, total = 0;
    fields.forEach(function (f) {
      f.input.disabled = !f.on; f.tr.classList.toggle("skip", !f.on);
      if (!f.on) { f.input.value = ""; f.msg.textContent = ""; f.tr.classList.remove("invalid"); }
      else { total++; if (f.input.value.trim()) done++; }
    });
    document.getElementById("count").textContent = done;
    document.getElementById("total").textContent = total;
  }
  function check(f) {
    var raw = f.input.value.trim(), meta = items[f.item] || {};
    if (!raw) {
      var req = meta.required === true || (meta.required && X.truthy(meta.required, ctx(f.unit)));
      return req ? "Câu bắt buộc: gõ mã trên phiếu (0 = Không biết nếu có)." : null;
    }
    if (f.keys.length) {
      var ks = raw.split(/[\s,+]+/);
      if (!f.multi && ks.length > 1) return "Chỉ một mã.";
      for (var i = 0; i < ks.length; i++) if (f.map[ks[i]] == null) return "Mã " + ks[i] + " không có: " + f.keys.join(", ") + ".";
    } else if (f.type == "integer" || f.type == "decimal") {
      if (f.dk && raw == "dk") return null;
      var n = f.type == "integer" ? (/^[+-]?\d+$/.test(raw) ? +raw : NaN) : (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ? +raw : NaN);
      if (n !== n) return f.type == "integer" ? "Gõ số nguyên." : "Gõ số (dấu chấm thập phân).";
      if (f.min !== "" && f.min != null && n < +f.min) return "Nhỏ nhất " + f.min + ".";
      if (f.max !== "" && f.max != null && n > +f.max) return "Lớn nhất " + f.max + ".";
    } else if (f.type == "date") {
      if (X.parseDate(stored(f)) == null) return "Ngày không hợp lệ (dd/mm/yyyy).";
    } else if (raw.length > f.maxlen) return "Dài quá " + f.maxlen + " ký tự.";
    if (meta.constraint && !X.truthy(meta.constraint, ctx(f.unit, X.typed(stored(f), meta.type)))) return "Không thỏa điều kiện của câu này; kiểm tra lại phiếu.";
    return null;
  }
  function show(f, m) { f.msg.textContent = m || ""; f.tr.classList.toggle("invalid", !!m); }
  function next(from, step) {
    for (var i = from + step; i >= 0 && i < fields.length; i += step) if (fields[i].on) return fields[i];
    return null;
  }
  function position(f) { document.getElementById("position").textContent = f ? f.i + 1 : fields.length; }
  function commit(f) {
    var t0 = performance.now();
    var m = check(f); show(f, m);
    if (!m) refresh();
    var ms = performance.now() - t0; timings.commits++; timings.total += ms; if (ms > timings.max) timings.max = ms;
    return !m;
  }
  form.addEventListener("keydown", function (e) {
    var f = e.target && e.target.closest ? fields.filter(function (x) { return x.input === e.target; })[0] : null;
    if (e.key == "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); if (!f || commit(f)) form.requestSubmit(); return; }
    if (!f) return;
    var back = (e.key == "Tab" || e.key == "Enter") && e.shiftKey || e.key == "ArrowUp";
    if (back) { e.preventDefault(); var p = next(f.i, -1); if (p) { p.input.focus(); p.input.select(); position(p); } return; }
    if (e.key == "Enter" || e.key == "Tab" || e.key == "ArrowDown") {
      e.preventDefault();
      if (!commit(f)) { f.input.select(); return; }
      var n = next(f.i, 1);
      if (n) { n.input.focus(); n.input.select(); position(n); } else { document.getElementById("save").focus(); position(null); }
    }
  });
  form.addEventListener("submit", function (e) {
    var bad = null;
    fields.forEach(function (f) { if (f.on) { var m = check(f); show(f, m); if (m && !bad) bad = f; } });
    if (bad) { e.preventDefault(); bad.input.focus(); bad.input.select(); position(bad); }
  });
  refresh();
  var first = fields.filter(function (f) { return f.on && f.tr.classList.contains("invalid"); })[0] || next(-1, 1);
  if (first) { first.input.focus(); position(first); }
})();
