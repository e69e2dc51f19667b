/* ParIndex expression interpreter for the phone form. Evaluates the JSON AST produced by
   Expression.ToJson() (C#) with the same rules as Evaluator.cs, so skip logic shown instantly
   matches what the server enforces. No eval, no dependencies. Values: {k:'m'} missing,
   {k:'n',v} number, {k:'s',v} text, {k:'b',v} boolean, {k:'d',v} date as days since 1970-01-01.
   ctx: {get(name)->value, current:value, field(name)->value, today:days}. */
(function (G) {
  "use strict";
  var M = { k: "m" }, T = { k: "b", v: true }, F = { k: "b", v: false };
  function N(x) { return isFinite(x) ? { k: "n", v: x } : M; }
  function S(s) { return s == null || s === "" ? M : { k: "s", v: String(s) }; }
  function B(b) { return b ? T : F; }
  function pn(s) { s = String(s).trim(); return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && isFinite(+s) ? +s : NaN; }
  function pd(s) {
    var m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(String(s).trim()); if (!m) return null;
    var d = new Date(0); d.setUTCFullYear(+m[1], m[2] - 1, +m[3]);
    return d.getUTCMonth() == m[2] - 1 && d.getUTCDate() == +m[3] ? Math.round(d.getTime() / 864e5) : null;
  }
  function iso(n) { var d = new Date(n * 864e5), p = function (x, w) { return ("000" + x).slice(-w); }; return p(d.getUTCFullYear(), 4) + "-" + p(d.getUTCMonth() + 1, 2) + "-" + p(d.getUTCDate(), 2); }
  function num(a) { return a.k == "n" || a.k == "d" ? a.v : a.k == "b" ? +a.v : a.k == "s" ? pn(a.v) : NaN; }
  function str(a) { return a.k == "n" ? String(a.v) : a.k == "s" ? a.v : a.k == "b" ? String(a.v) : a.k == "d" ? iso(a.v) : ""; }
  function tru(a) { return a.k == "b" ? a.v : a.k == "n" ? a.v !== 0 : a.k != "m"; }
  function dat(a) { return a.k == "d" ? a.v : a.k == "s" ? pd(a.v) : a.k == "n" && Math.abs(a.v) < 3e6 ? Math.floor(a.v) : null; }
  function eq(l, r) {
    if (l.k == "b" || r.k == "b") return tru(l) == tru(r);
    if (l.k == "n" || r.k == "n") return num(l) == num(r);
    var a, b; if ((l.k == "d" || r.k == "d") && (a = dat(l)) != null && (b = dat(r)) != null) return a == b;
    return str(l) == str(r);
  }
  function cmp(op, l, r) {
    var a, b;
    if (!((l.k == "d" || r.k == "d") && (a = dat(l)) != null && (b = dat(r)) != null)) { a = num(l); b = num(r); }
    if (a !== a || b !== b) return false;
    return op == "<" ? a < b : op == "<=" ? a <= b : op == ">" ? a > b : a >= b;
  }
  function toks(a) { return str(a).split(/\s+/).filter(Boolean); }
  function ev(n, c) {
    var o = n[0], x, y, i;
    switch (o) {
      case "n": return N(n[1]);
      case "s": return S(n[1]);
      case "v": return c.get(n[1]) || M;
      case ".": return c.current || M;
      case "f": return (c.field && c.field(n[1])) || M;
      case "neg": return N(-num(ev(n[1], c)));
      case "and": return B(tru(ev(n[1], c)) && tru(ev(n[2], c)));
      case "or": return B(tru(ev(n[1], c)) || tru(ev(n[2], c)));
      case "c": return call(n[1], n.slice(2), c);
    }
    x = ev(n[1], c); y = ev(n[2], c);
    switch (o) {
      case "+": return N(num(x) + num(y));
      case "-": return N(num(x) - num(y));
      case "*": return N(num(x) * num(y));
      case "div": i = num(y); return i === 0 ? M : N(num(x) / i);
      case "mod": i = num(y); return i === 0 ? M : N(num(x) % i);
      case "=": return B(eq(x, y));
      case "!=": return B(!eq(x, y));
    }
    return B(cmp(o, x, y));
  }
  function call(f, a, c) {
    function A(i) { return ev(a[i], c); }
    var x, d, i;
    switch (f) {
      case "if": return tru(A(0)) ? A(1) : A(2);
      case "coalesce": for (i = 0; i < a.length; i++) { x = A(i); if (x.k != "m") return x; } return M;
      case "selected": return B(toks(A(0)).indexOf(str(A(1)).trim()) >= 0);
      case "count-selected": return N(toks(A(0)).length);
      case "string-length": return N(str(A(0)).length);
      case "round":
        x = num(A(0)); d = a.length > 1 ? num(A(1)) : 0; if (x !== x || d !== d) return M;
        d = Math.pow(10, Math.min(15, Math.max(0, Math.trunc(d)))); return N((x < 0 ? -1 : 1) * Math.round(Math.abs(x) * d) / d);
      case "int": return N(Math.trunc(num(A(0))));
      case "number": return N(num(A(0)));
      case "string": return S(str(A(0)));
      case "boolean": return B(tru(A(0)));
      case "date": x = dat(A(0)); return x == null ? M : { k: "d", v: x };
      case "today": return { k: "d", v: c.today };
      case "not": return B(!tru(A(0)));
      case "true": return T;
      case "false": return F;
      case "concat": return S(a.map(function (n) { return str(ev(n, c)); }).join(""));
      case "contains": return B(str(A(0)).indexOf(str(A(1))) >= 0);
      case "starts-with": return B(str(A(0)).indexOf(str(A(1))) == 0);
      case "min": case "max":
        x = a.map(function (n) { return num(ev(n, c)); }).filter(function (v) { return v === v; });
        return x.length ? N(Math[f].apply(null, x)) : M;
    }
    return M;
  }
  /* Typed value of a stored answer, as AnswerEngine.Typed: numbers for integer/decimal/likert, dates for date. */
  function typed(raw, type) {
    raw = raw == null ? "" : String(raw).trim(); if (!raw) return M;
    if (/^(integer|decimal|likert[45])$/.test(type)) { var v = pn(raw); return v === v ? N(v) : S(raw); }
    if (type == "date") { var d = pd(raw); return d == null ? S(raw) : { k: "d", v: d }; }
    return S(raw);
  }
  var api = { evaluate: ev, truthy: function (n, c) { return tru(ev(n, c)); }, text: str, typed: typed, parseDate: pd, missing: M };
  if (typeof module == "object" && module.exports) module.exports = api; else G.ParIndexExpr = api;
})(this);
