/* An archived report's page: polls its state (projects:report_archive_status) every two seconds while it is being
   prepared, moves the progress bar, and reloads the page once it is ready or failed. Without JavaScript the page
   refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box || box.getAttribute("data-done") === "1") { return; }
  var bar = box.querySelector("[data-role=bar]");
  var label = box.querySelector("[data-role=label]");
  var progress = box.querySelector("[role=progressbar]");

  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (state) {
        bar.style.width = state.progress + "%";
        bar.textContent = state.progress + " %";
        progress.setAttribute("aria-valuenow", state.progress);
        label.textContent = state.label;
        if (state.done) { window.location.reload(); } else { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
