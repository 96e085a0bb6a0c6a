// Signing in again over whatever is on screen: the page underneath, and any half-typed form, stays as it was.
import { escape } from "./format.js";

let pending = null;

export function signInAgain(username, signIn) {
  pending ??= new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "login reauth";
    dialog.setAttribute("aria-labelledby", "reauth-title");
    dialog.innerHTML = `
      <form method="dialog" id="reauth-form">
        <h2 id="reauth-title">Your session has ended</h2>
        <p>Sign in again to carry on; what you have typed is kept.</p>
        <label for="reauth-username">Username</label>
        <input id="reauth-username" name="username" autocomplete="username" value="${escape(username)}" readonly>
        <label for="reauth-password">Password</label>
        <input id="reauth-password" name="password" type="password" autocomplete="current-password" required>
        <p class="error" id="reauth-error" role="alert"></p>
        <button type="submit">Sign in again</button>
      </form>`;
    document.body.append(dialog);
    const form = dialog.querySelector("form");
    // Escape must not dismiss it: without a session nothing on the page can be saved.
    dialog.addEventListener("cancel", (event) => event.preventDefault());
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const value = await signIn(username, form.password.value);
        dialog.close();
        dialog.remove();
        pending = null;
        resolve(value);
      } catch (error) {
        dialog.querySelector("#reauth-error").textContent = error.message;
      }
    });
    dialog.showModal();
    form.password.focus();
  });
  return pending;
}
