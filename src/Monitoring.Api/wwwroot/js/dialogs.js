// Modal questions in the page's own style (no browser prompt or confirm): a title, a sentence,
// optional fields, and a confirm button that stays disabled until required fields are filled.
import { escape } from "./format.js";

let counter = 0;

/**
 * @param {{title: string, text: string, fields?: {name: string, label: string, kind?: "text"|"textarea"|"select", options?: [string, string][], required?: boolean}[], confirm: string, danger?: boolean, run: (values: object) => Promise<void>}} spec
 * @returns {Promise<boolean>} whether the action ran
 */
export function ask(spec) {
  const id = `dialog-${++counter}`;
  const dialog = document.createElement("dialog");
  dialog.setAttribute("aria-labelledby", `${id}-title`);
  const fields = (spec.fields ?? []).map((f) => {
    const control = f.kind === "select"
      ? `<select id="${id}-${f.name}" name="${f.name}" ${f.required ? "required" : ""}>${f.options.map(([value, label]) => `<option value="${escape(value)}">${escape(label)}</option>`).join("")}</select>`
      : f.kind === "textarea"
        ? `<textarea id="${id}-${f.name}" name="${f.name}" rows="3" maxlength="2000" ${f.required ? "required" : ""}></textarea>`
        : `<input id="${id}-${f.name}" name="${f.name}" maxlength="2000" ${f.required ? "required" : ""}>`;
    return `<label class="field" for="${id}-${f.name}">${escape(f.label)}</label>${control}`;
  }).join("");
  dialog.innerHTML = `
    <form method="dialog" novalidate>
      <h2 id="${id}-title">${escape(spec.title)}</h2>
      <p>${escape(spec.text)}</p>
      ${fields}
      <p class="error" role="alert"></p>
      <div class="actions">
        <button type="submit" class="${spec.danger ? "danger" : ""}" value="confirm">${escape(spec.confirm)}</button>
        <button type="button" class="secondary" data-cancel>Cancel</button>
      </div>
    </form>`;
  document.body.appendChild(dialog);
  const form = dialog.querySelector("form");
  const error = dialog.querySelector(".error");
  return new Promise((resolve) => {
    const finish = (ran) => {
      dialog.close();
      dialog.remove();
      resolve(ran);
    };
    dialog.querySelector("[data-cancel]").addEventListener("click", () => finish(false));
    dialog.addEventListener("cancel", (event) => { event.preventDefault(); finish(false); });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      const missing = (spec.fields ?? []).find((f) => f.required && !String(values[f.name] ?? "").trim());
      if (missing) {
        error.textContent = `${missing.label}: this is needed.`;
        form.elements[missing.name].focus();
        return;
      }
      try {
        await spec.run(values);
        finish(true);
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    dialog.showModal();
  });
}
