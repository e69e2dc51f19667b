// Labels each table cell with its column header (data-label), so a table shown as cards on a phone keeps its column
// names (css/site.css, max-width 40rem). Cells that already carry a label keep it.
(function () {
  for (const table of document.querySelectorAll("table")) {
    const head = table.tHead && table.tHead.rows[0];
    if (!head) continue;
    const names = Array.from(head.cells, c => c.textContent.trim());
    for (const body of table.tBodies)
      for (const row of body.rows) {
        let col = 0;
        for (const cell of row.cells) {
          if (!cell.hasAttribute("data-label") && names[col]) cell.setAttribute("data-label", names[col]);
          col += cell.colSpan || 1;
        }
      }
  }
})();
