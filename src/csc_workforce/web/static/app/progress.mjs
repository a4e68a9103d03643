// A background task's page: show each step as it happens, then load the result.
const box = document.querySelector(".app-progress");
if (box) {
  const step = box.querySelector(".app-progress__step");
  const status = box.querySelector(".govuk-tag");
  const check = async () => {
    const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const job = await response.json();
    if (job.status === "done" || job.status === "failed") {
      window.location.reload();
      return;
    }
    step.textContent = job.step;
    status.textContent = job.status === "running" ? "Running" : "Waiting to start";
    window.setTimeout(check, 1000);
  };
  window.setTimeout(check, 500);
}
