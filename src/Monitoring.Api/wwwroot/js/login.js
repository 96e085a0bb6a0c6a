import { signIn } from "./api.js";
import { escape } from "./format.js";

export async function renderLogin(view, signedIn) {
  view.innerHTML = `
    <form class="login" id="login-form">
      <h1>Sign in</h1>
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <p class="error" id="login-error" role="alert"></p>
      <button type="submit">Sign in</button>
    </form>`;
  const form = view.querySelector("#login-form");
  form.username.focus();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await signIn(form.username.value, form.password.value);
      await signedIn();
    } catch (error) {
      view.querySelector("#login-error").innerHTML = escape(error.message);
    }
  });
}
