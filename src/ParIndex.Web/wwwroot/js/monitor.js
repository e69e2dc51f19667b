// Live fieldwork monitor: joins the round on /hubs/monitor, applies coalesced "progress" updates to the cells in place
// (no reload), and sorts/filters the table. Works on the dashboard (table rows) and the big screen (tiles).
(function () {
  "use strict";
  var root = document.getElementById("cells");
  if (!root || !window.signalR) return;
  var roundId = parseInt(root.getAttribute("data-round"), 10);
  var lang = document.documentElement.lang === "en" ? "en" : "vi";
  var status = document.getElementById("live-status");
  var words = lang === "en"
    ? { on: "Live", off: "Reconnecting…", lost: "Disconnected: reload the page" }
    : { on: "Đang cập nhật trực tiếp", off: "Đang kết nối lại…", lost: "Mất kết nối: tải lại trang" };

  function percent(x) {
    if (x === null || x === undefined || isNaN(x)) return "–";
    var s = (x * 100).toFixed(2) + "%";
    return lang === "vi" ? s.replace(".", ",") : s;
  }
  function setStatus(state) {
    if (!status) return;
    status.setAttribute("data-live", state);
    status.textContent = words[state];
  }
  function setText(el, field, value, raw) {
    var cell = el.querySelector('[data-field="' + field + '"]');
    if (!cell) return false;
    var text = String(value);
    if (raw !== undefined) cell.setAttribute("data-value", String(raw));
    if (field === "completed") cell.setAttribute("data-count", String(value));
    if (cell.textContent === text) return false;
    cell.textContent = text;
    return true;
  }
  function apply(update) {
    if (!update || update.roundId !== roundId) return;
    (update.cells || []).forEach(function (c) {
      var el = root.querySelector('[data-key="' + c.key + '"]');
      if (!el) return;
      var progress = c.designed > 0 ? c.completed / c.designed : 0;
      var changed = setText(el, "completed", c.completed);
      setText(el, "designed", c.designed);
      setText(el, "invited", c.invited);
      setText(el, "opened", c.opened);
      setText(el, "started", c.started);
      setText(el, "progress", percent(progress), progress);
      setText(el, "expected", c.expected === null ? "–" : c.expected);
      setText(el, "rr1", percent(c.rr1), c.rr1);
      setText(el, "rr3", percent(c.rr3), c.rr3);
      setText(el, "coop1", percent(c.coop1), c.coop1);
      setText(el, "ref1", percent(c.ref1), c.ref1);
      setText(el, "con1", percent(c.con1), c.con1);
      setText(el, "flagged", c.flagged);
      el.classList.toggle("lag", !!c.lagging);
      var bar = el.querySelector(".bar");
      if (bar) {
        bar.classList.toggle("lag", !!c.lagging);
        var span = bar.querySelector("span");
        if (span) span.className = "w" + Math.round(Math.min(1, progress) * 20) * 5;
      }
      if (changed) {
        el.classList.remove("flash");
        void el.offsetWidth; // restart the highlight
        el.classList.add("flash");
      }
    });
    var total = document.getElementById("total-completed");
    if (total) { total.textContent = String(update.completed); total.setAttribute("data-count", String(update.completed)); }
    var flags = document.getElementById("open-flags");
    if (flags) flags.textContent = String(update.openFlags);
    var alerts = document.getElementById("alert-count");
    if (alerts) alerts.textContent = String(update.alerts);
    root.setAttribute("data-sequence", String(update.sequence));
    filter();
  }

  // Filters and sorting (dashboard table only).
  var groupFilter = document.getElementById("filter-group");
  var unitFilter = document.getElementById("filter-unit");
  var lagFilter = document.getElementById("filter-lag");
  function filter() {
    if (!groupFilter) return;
    var g = groupFilter.value, u = (unitFilter.value || "").toLowerCase(), lagOnly = lagFilter.checked;
    root.querySelectorAll("tbody tr").forEach(function (tr) {
      var name = (tr.querySelector('[data-field="unit"]') || tr).textContent.toLowerCase() + " " + (tr.getAttribute("data-unit") || "").toLowerCase();
      var show = (!g || tr.getAttribute("data-group") === g) && (!u || name.indexOf(u) >= 0) && (!lagOnly || tr.classList.contains("lag"));
      tr.hidden = !show;
    });
  }
  [groupFilter, unitFilter, lagFilter].forEach(function (el) { if (el) el.addEventListener("input", filter); });

  var sortState = { key: null, dir: 1 };
  function sortValue(tr, key) {
    var cell = tr.querySelector('[data-field="' + key + '"]');
    if (!cell) return "";
    var raw = cell.getAttribute("data-value");
    if (raw !== null && raw !== "" && !isNaN(parseFloat(raw))) return parseFloat(raw);
    var n = parseFloat(cell.textContent.replace(",", ".").replace("%", ""));
    return isNaN(n) ? cell.textContent.trim().toLowerCase() : n;
  }
  root.querySelectorAll("th[data-sort]").forEach(function (th) {
    th.tabIndex = 0;
    th.classList.add("sortable");
    function sort() {
      var key = th.getAttribute("data-sort");
      sortState.dir = sortState.key === key ? -sortState.dir : 1;
      sortState.key = key;
      var tbody = root.querySelector("tbody");
      var rows = Array.prototype.slice.call(tbody.rows);
      rows.sort(function (a, b) {
        var x = sortValue(a, key), y = sortValue(b, key);
        if (x === y) return 0;
        if (x === "–" || x === "") return 1;
        if (y === "–" || y === "") return -1;
        return (x < y ? -1 : 1) * sortState.dir;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
      root.querySelectorAll("th[data-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortState.dir === 1 ? "ascending" : "descending");
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });

  var connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/monitor")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on("progress", apply);
  function join() {
    return connection.invoke("JoinRound", roundId).then(function (snapshot) { apply(snapshot); setStatus("on"); });
  }
  connection.onreconnecting(function () { setStatus("off"); });
  connection.onreconnected(function () { join(); });
  connection.onclose(function () { setStatus("lost"); });
  function start() {
    connection.start().then(join).catch(function () { setStatus("off"); setTimeout(start, 5000); });
  }
  start();
})();
