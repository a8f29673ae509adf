// reportflow dashboard: upload form, live batch status over Server-Sent Events, fix-up buttons.
"use strict";

const STATUSES = ["done", "failed", "cancelled", "rejected", "duplicate", "processing"];

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
    ...Object.entries(counts).map(([status, n]) => el("span", { class: `badge ${status}` }, `${status} ${n}`)));
}

// ---- index page: upload, and progress of unfinished batches (polled: one SSE stream per batch would use up
// the browser's six connections per host) ----
function setUpUpload() {
  const form = document.getElementById("upload-form");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const files = document.getElementById("upload-files").files;
    if (!files.length) return say("Choose one or more files first.", true);
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    const again = form.querySelector('input[name="reprocess"]').checked;
    const button = form.querySelector("button");
    button.disabled = true;
    say(`Uploading ${files.length} file(s)…`);
    try {
      const response = await fetch("/v1/batches" + (again ? "?reprocess=true" : ""), { method: "POST", body: data, headers: csrfHeaders() });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
      window.location.assign(`/batches/${body.batch_id}`);
    } catch (error) {
      say(`Upload failed: ${error.message}`, true);
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
                                  "data-action": `/v1/documents/${doc.id}/reprocess` }, "Reprocess"));
    row.append(name, el("td", { class: "status" }), el("td", { class: "stage" }), el("td", { class: "error" }), actions);
    table.append(row);
  }
  row.querySelector(".status").replaceChildren(el("span", { class: `badge ${doc.status}` }, doc.status));
  row.querySelector(".stage").textContent = doc.stage || "";
  row.querySelector(".error").textContent = doc.error || "";
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
    state.textContent = "complete";
    state.dataset.complete = "true";
  });
  source.addEventListener("error", () => {
    if (source.readyState === EventSource.CONNECTING) state.textContent = "reconnecting…";
  });
  source.addEventListener("open", () => {
    if (state.dataset.complete !== "true") state.textContent = "processing…";
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
      if (body.cancelled) say(`${body.cancelled.length} document(s) cancelled.`);
      else if (body.retried) say(`${body.retried.length} failed document(s) queued again.`);
      else say("Queued again.");
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
        say("Queued again.");
        setTimeout(() => window.location.reload(), 1500);
      } catch (error) {
        say(error.message, true);
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpUpload();
  pollUnfinishedBatches();
  watchBatch();
  setUpActions();
});
