/* The credits pages: live totals of the répartition grid, and the partner field of a notification shown only
   when the source is a partner. Both pages work without this file (the server computes the same totals). */
(function () {
  "use strict";

  function parseAmount(text) {
    var cleaned = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace(/(mad|dhs?|dirhams?)$/i, "").replace(",", ".");
    if (cleaned === "") { return 0; }
    var value = Number(cleaned);
    return isNaN(value) ? NaN : Math.round(value * 100);  // in centimes, to add without rounding errors
  }

  function formatAmount(cents) {
    var sign = cents < 0 ? "-" : "";
    var whole = Math.floor(Math.abs(cents) / 100).toString();
    var rest = ("0" + (Math.abs(cents) % 100)).slice(-2);
    var groups = [];
    while (whole.length > 3) { groups.unshift(whole.slice(-3)); whole = whole.slice(0, -3); }
    groups.unshift(whole);
    return sign + groups.join("\u202f") + "," + rest;  // the grid's headers say « (DH) »
  }

  function setText(cell, cents) {
    if (!cell) { return; }
    var target = cell.querySelector(".money") || cell;
    target.textContent = formatAmount(cents);
  }

  function refreshGrid(table) {
    var columns = [];
    var notifiedTotal = 0;
    var grandTotal = 0;
    table.querySelectorAll("tbody tr.credit-row").forEach(function (row) {
      var total = 0;
      var invalid = false;
      row.querySelectorAll("input.credit-cell").forEach(function (input, index) {
        var cents = parseAmount(input.value);
        input.classList.toggle("is-invalid", isNaN(cents) || cents < 0);
        if (isNaN(cents)) { invalid = true; cents = 0; }
        total += cents;
        columns[index] = (columns[index] || 0) + cents;
      });
      var notified = parseAmount(row.getAttribute("data-notified"));
      notifiedTotal += notified;
      grandTotal += total;
      var remaining = notified - total;
      setText(row.querySelector("[data-role=row-total]"), total);
      var remainingCell = row.querySelector("[data-role=row-remaining]");
      setText(remainingCell, remaining);
      var over = remaining < 0;
      row.classList.toggle("table-danger", over || invalid);
      if (remainingCell) {
        remainingCell.classList.toggle("text-danger", over);
        remainingCell.classList.toggle("fw-semibold", over);
      }
    });
    table.querySelectorAll("[data-role=column-total]").forEach(function (cell) {
      setText(cell, columns[Number(cell.getAttribute("data-column"))] || 0);
    });
    setText(table.querySelector("[data-role=grand-total]"), grandTotal);
    setText(table.querySelector("[data-role=grand-remaining]"), notifiedTotal - grandTotal);
  }

  var grid = document.getElementById("credit-grid");
  if (grid) {
    grid.addEventListener("input", function () { refreshGrid(grid); });
    refreshGrid(grid);
  }

  var source = document.querySelector("select[name=source]");
  var partner = document.querySelector("select[name=partner]");
  if (source && partner) {
    var wrapper = partner.closest(".mb-3") || partner.parentNode;
    var toggle = function () {
      var shown = source.value === "partenaire";
      wrapper.hidden = !shown;
      partner.required = shown;
    };
    source.addEventListener("change", toggle);
    toggle();
  }
})();
