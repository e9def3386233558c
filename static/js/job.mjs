// The progress of a background job (templates/core/job.html): ask core:job-status every two
// seconds, move the bar and the words, and reload the page once the job has finished so it
// offers the result. Without JavaScript the page's "Check progress again" link does the same.
const root = document.querySelector('[data-module="app-job-progress"]');

if (root) {
  const status = root.querySelector("#job-status");
  const percent = root.querySelector("#job-percent");
  const bar = root.querySelector('[role="progressbar"]');
  const fill = bar.querySelector(".app-progress__bar");

  const show = (job) => {
    status.textContent = job.message ? `${job.status_label}: ${job.message}` : job.status_label;
    bar.setAttribute("aria-valuenow", String(job.percent));
    fill.className = `app-progress__bar app-progress__bar--${job.percent}`;
    const counts = job.total ? ` (${job.done} of ${job.total})` : "";
    percent.textContent = `${job.percent}% done${counts}`;
  };

  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const job = await response.json();
        if (job.finished) {
          window.location.reload();
          return;
        }
        show(job);
      }
    } catch {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, 2000);
  };

  window.setTimeout(poll, 2000);
}
