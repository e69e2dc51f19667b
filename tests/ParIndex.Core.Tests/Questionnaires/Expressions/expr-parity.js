// Evaluates parity cases with the client interpreter (src/ParIndex.Web/wwwroot/js/expr.js).
// Usage: node expr-parity.js EXPR_JS CASES_JSON  → prints [[kind, text], ...] on stdout.
"use strict";
const fs = require("fs");
const X = require(process.argv[2]);
const cases = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const out = cases.map(c => {
  const vars = {};
  for (const [name, v] of Object.entries(c.vars)) vars[name] = X.typed(v.raw, v.type);
  const ctx = {
    get: n => vars[n],
    current: c.current == null ? X.missing : X.typed(c.current.raw, c.current.type),
    field: n => (c.fields[n] == null || c.fields[n] === "" ? X.missing : { k: "s", v: c.fields[n] }),
    today: X.parseDate(c.today),
  };
  const r = X.evaluate(c.ast, ctx);
  return [r.k, X.text(r)];
});
process.stdout.write(JSON.stringify(out));
