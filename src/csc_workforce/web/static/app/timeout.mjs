// The warning before an idle session ends (the GOV.UK timeout warning pattern). The session
// ends data-idle-seconds after the last request to the server; data-warn-seconds before that,
// a dialog counts down. "Stay signed in" makes a request, which starts the idle time again.
// At the end, a form marked data-draft-on-timeout (an audit) is saved as a draft and the
// person signed out; otherwise the page goes to the sign-in page, to come back here.
const dialog = document.getElementById("timeout-warning");
if (dialog && typeof dialog.showModal === "function") {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Math.min(Number(dialog.dataset.warnSeconds) * 1000, idle / 2);
  const countdown = dialog.querySelector(".app-timeout__countdown");
  const announce = dialog.querySelector(".app-timeout__announce");
  const token = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  let ends = Date.now() + idle;
  let ticking = null;
  let warning = null;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const timeUp = () => {
    window.clearInterval(ticking);
    const form = document.querySelector("form[data-draft-on-timeout]");
    const draft = form && form.querySelector("button[name=draft]");
    if (draft) {
      const signOut = document.createElement("input");
      signOut.type = "hidden";
      signOut.name = "sign_out";
      signOut.value = "1";
      form.appendChild(signOut);
      form.requestSubmit(draft);
      return;
    }
    window.location.assign(dialog.dataset.signedOutUrl);
  };

  const tick = () => {
    const left = Math.max(0, Math.round((ends - Date.now()) / 1000));
    countdown.textContent = words(left);
    if (left % 60 === 0 || left === 30) announce.textContent = `You will be signed out in ${words(left)}.`;
    if (left <= 5) timeUp(); // while the session still holds, so that a draft is saved
  };

  const schedule = () => {
    window.clearTimeout(warning);
    warning = window.setTimeout(() => {
      tick();
      dialog.showModal();
      ticking = window.setInterval(tick, 1000);
    }, ends - Date.now() - warn);
  };

  dialog.querySelector(".app-timeout__stay").addEventListener("click", async () => {
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    if (!response.ok) {
      window.location.assign(dialog.dataset.signedOutUrl);
      return;
    }
    window.clearInterval(ticking);
    announce.textContent = "";
    dialog.close();
    ends = Date.now() + idle;
    schedule();
  });
  // Escape closes a modal dialog: here it means "stay signed in", as the pattern asks.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    dialog.querySelector(".app-timeout__stay").click();
  });
  schedule();
}
