// reportflow dashboard: upload form, live batch status over Server-Sent Events, fix-up buttons.
"use strict";

const STATUSES = ["done", "failed", "cancelled", "rejected", "duplicate", "processing"];
// Statuses a document can be reprocessed from, and those "Retry failed" takes (services/ingest/actions.py).
const REPROCESSABLE = ["done", "failed", "cancelled", "dead"];
const RETRYABLE = ["failed", "dead"];

// The page's language: its translations of this script's messages (services/ingest/web/i18n.py).
const MESSAGES = JSON.parse(document.getElementById("messages")?.textContent || "{}");
function t(message, values = {}) {
  let text = MESSAGES[message] || message;
  for (const [key, value] of Object.entries(values)) text = text.replace(`{${key}}`, value);
  return text;
}
// Status and stage names as the server rendered them (a badge of each kind may not be on the page yet).
const LABELS = JSON.parse(document.getElementById("labels")?.textContent || "{}");
const label = (word) => LABELS[word] || word;

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

// Signed in with a session cookie, a state-changing request carries the page's CSRF token (services/ingest/auth.py).
function csrfHeaders() {
  const token = document.querySelector('meta[name="csrf-token"]')?.content;
  return token ? { "X-CSRF-Token": token } : {};
}

async function postJson(url, params) {
  const query = params && [...params.entries()].length ? "?" + params.toString() : "";
  const response = await fetch(url + query, { method: "POST", headers: csrfHeaders() });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

function say(text, isError = false) {
  const box = document.getElementById("action-message") || document.getElementById("upload-message");
  if (!box) return;
  box.textContent = text;
  box.classList.toggle("error", isError);
}

function fillBar(bar, progress) {
  if (!bar) return;
  for (const status of STATUSES) {
    const seg = bar.querySelector(`.seg[data-status="${status}"]`);
    const n = progress.counts[status] || 0;
    if (seg) seg.style.width = progress.total ? `${(100 * n) / progress.total}%` : "0%";
  }
  bar.setAttribute("aria-valuenow", String(Math.round(progress.progress * 100)));
}

function fillCounts(container, counts) {
  if (!container) return;
  container.replaceChildren(
    ...Object.entries(counts).map(([status, n]) => el("span", { class: `badge ${status}`, "data-status": status },
                                                     `${label(status)} ${n}`)));
}

// ---- index page: upload, and progress of unfinished batches (polled: one SSE stream per batch would use up
// the browser's six connections per host) ----
function setUpUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = document.getElementById("upload-files").files;
    if (!files.length) return say(t("Choose one or more files first."), true);
    const data = new FormData();
    for (const file of files) data.append("files", file, file.webkitRelativePath || file.name);
    const name = document.getElementById("upload-name")?.value.trim();
    if (name) data.append("name", name);
    const again = form.querySelector('input[name="reprocess"]').checked;
    const button = form.querySelector("button");
    button.disabled = true;
    say(t("Uploading {n} file(s)…", { n: files.length }));
    try {
      const response = await fetch("/v1/batches" + (again ? "?reprocess=true" : ""), { method: "POST", body: data, headers: csrfHeaders() });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
      window.location.assign(`/batches/${body.batch_id}`);
    } catch (error) {
      say(t("Upload failed: {error}", { error: error.message }), true);
      button.disabled = false;
    }
  });
}

function pollUnfinishedBatches() {
  const rows = () => [...document.querySelectorAll('tr.batch-row[data-complete="false"]')];
  const tick = async () => {
    for (const row of rows()) {
      const response = await fetch(`/v1/batches/${row.dataset.batch}?limit=1`);
      if (!response.ok) continue;
      const batch = await response.json();
      fillBar(row.querySelector(".bar"), batch);
      fillCounts(row.querySelector(".counts"), batch.counts);
      if (batch.progress >= 1) row.dataset.complete = "true";
    }
    if (rows().length) setTimeout(tick, 2000);
  };
  if (rows().length) setTimeout(tick, 1000);
}

// ---- batch page: live updates ----
function updateDocument(doc) {
  const table = document.querySelector("#documents tbody");
  let row = table.querySelector(`tr[data-doc="${doc.id}"]`);
  if (!row) {
    row = el("tr", { "data-doc": doc.id });
    const name = el("td", { class: "filename" });
    name.append(el("a", { href: `/documents/${doc.id}` }, doc.filename));
    const actions = el("td", { class: "row-actions" });
    actions.append(el("button", { type: "button", class: "small reprocess",
                                  "data-action": `/v1/documents/${doc.id}/reprocess` }, t("Reprocess")));
    row.append(name, el("td", { class: "issuer" }), el("td"), el("td"), el("td"), el("td", { class: "status" }),
               el("td", { class: "stage" }), el("td", { class: "error" }), actions);
    table.append(row);
  }
  row.querySelector(".status").replaceChildren(
    el("span", { class: `badge ${doc.status}`, "data-status": doc.status }, label(doc.status)));
  row.querySelector(".stage").textContent = doc.stage ? label(doc.stage) : "";
  row.querySelector(".error").textContent = doc.error || "";
  const reprocess = row.querySelector("button.reprocess");
  if (reprocess) reprocess.hidden = !REPROCESSABLE.includes(doc.status);
}

function updateProgress(progress) {
  fillBar(document.getElementById("overall-bar"), progress);
  document.getElementById("overall-percent").textContent = `${Math.round(progress.progress * 100)}%`;
  document.getElementById("batch-total").textContent = progress.total;
  fillCounts(document.querySelector("#batch-counts .counts") || document.getElementById("batch-counts"), progress.counts);
  for (const [name, stage] of Object.entries(progress.stages)) {
    const box = document.querySelector(`.stage-progress[data-stage="${name}"]`);
    if (!box) continue;
    box.querySelector(".seg").style.width = stage.total ? `${(100 * stage.passed) / stage.total}%` : "0%";
    box.querySelector(".stage-count").textContent = `${stage.passed}/${stage.total}`;
  }
  // only the buttons whose action can succeed now
  const retry = document.getElementById("retry-failed");
  if (retry) retry.hidden = !RETRYABLE.some((status) => progress.counts[status]);
  const cancel = document.getElementById("cancel-batch");
  if (cancel) cancel.hidden = !((progress.counts.queued || 0) + (progress.counts.processing || 0));
}

function watchBatch() {
  const card = document.getElementById("batch");
  if (!card) return;
  const state = document.getElementById("batch-state");
  const source = new EventSource(`/v1/batches/${card.dataset.batch}/events`);
  source.addEventListener("document", (event) => updateDocument(JSON.parse(event.data)));
  source.addEventListener("progress", (event) => updateProgress(JSON.parse(event.data)));
  source.addEventListener("final", (event) => {
    updateProgress(JSON.parse(event.data));
    source.close(); // or EventSource would reconnect once the server ends the stream
    state.textContent = t("complete");
    state.dataset.complete = "true";
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CONNECTING) state.textContent = t("reconnecting…");
  });
  source.addEventListener("open", () => {
    if (state.dataset.complete !== "true") state.textContent = t("processing…");
  });
}

function setUpActions() {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    try {
      const body = await postJson(button.dataset.action);
      if (body.cancelled) say(t("{n} document(s) cancelled.", { n: body.cancelled.length }));
      else if (body.retried) say(t("{n} failed document(s) queued again.", { n: body.retried.length }));
      else say(t("Queued again."));
      setTimeout(() => window.location.reload(), 600);
    } catch (error) {
      say(error.message, true);
      button.disabled = false;
    }
  });
  const form = document.getElementById("reprocess-form");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await postJson(form.dataset.action, new URLSearchParams(new FormData(form)));
        say(t("Queued again."));
        setTimeout(() => window.location.reload(), 1500);
      } catch (error) {
        say(error.message, true);
      }
    });
  }
}

// ---- document page: metadata corrections (PATCH), the highlighted sentence brought into view ----
function setUpMetadata() {
  const form = document.getElementById("metadata-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const changes = {};
    for (const input of form.querySelectorAll("input[name]")) {
      const current = input.defaultValue;
      if (input.value.trim() !== current.trim()) changes[input.name] = input.value.trim() || null;
    }
    try {
      const response = await fetch(form.dataset.action, {
        method: "PATCH", body: JSON.stringify(changes),
        headers: { "Content-Type": "application/json", ...csrfHeaders() } });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
      for (const input of form.querySelectorAll("input[name]")) {
        const value = body.metadata[input.name];
        input.value = input.defaultValue = value === null || value === undefined ? "" : String(value);
        input.closest("label").classList.toggle("corrected", input.name in body.corrected);
      }
      say(t("Saved."));
    } catch (error) {
      say(error.message, true);
    }
  });
}

// The pivot's filter form leaves its empty fields out of the address (a cleaner link to share).
function setUpFilters() {
  const form = document.getElementById("pivot-filters");
  if (!form) return;
  form.addEventListener("submit", () => {
    for (const field of form.querySelectorAll("input[name], select[name]")) if (!field.value.trim()) field.disabled = true;
  });
}

function showHighlight() {
  const mark = document.getElementById("highlight");
  if (mark) mark.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => {
  setUpMetadata();
  setUpFilters();
  showHighlight();
  setUpUpload();
  pollUnfinishedBatches();
  watchBatch();
  setUpActions();
});
