// Reload the page while a job is queued or running (the server sets data-refresh in seconds).
(function () {
  var seconds = Number(document.body.querySelector("[data-refresh]")?.getAttribute("data-refresh"));
  if (seconds > 0) setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
