"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by playwright; no browser
download): upload through the form, watch the batch page reach done over SSE, open a document and read its
metrics. Screenshots go to docs/screenshots/ (README's "Dashboard" section shows them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from dashboard_testkit import unique_report
from services_testkit import PROCESSING_TIMEOUT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parents[3] / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason="Debian's chromium is not installed (apt-get install -y chromium); CI installs it and runs this test")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_upload_watch_and_read_a_document(page, api_url, tmp_path):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    files = []
    for name, data in (unique_report("seed000.txt"), unique_report("seed003.txt")):  # bytes no other test sent
        files.append(tmp_path / name)
        files[-1].write_bytes(data)
    page.goto(api_url + "/")
    expect(page.get_by_role("heading", name="Upload reports")).to_be_visible()
    page.set_input_files("#upload-files", [str(path) for path in files])
    page.get_by_role("button", name="Upload").click()

    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    batch_url = page.url
    rows = page.locator("#documents tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#batch-state")).to_have_attribute("data-complete", "true",
                                                            timeout=PROCESSING_TIMEOUT * 1000)
    expect(page.locator("#documents .status .badge")).to_have_text(["done", "done"])
    expect(page.locator("#overall-percent")).to_have_text("100%")
    expect(page.locator('.stage-progress[data-stage="extract"] .stage-count')).to_have_text("2/2")
    page.wait_for_timeout(600)  # for the picture only: let the bars' width transition end
    page.screenshot(path=SCREENSHOTS / "batch.png")

    page.goto(api_url + "/")
    batch_id = batch_url.rsplit("/", 1)[1]
    expect(page.locator(f'tr.batch-row[data-batch="{batch_id}"] .badge.done')).to_have_text("done 2")
    page.screenshot(path=SCREENSHOTS / "dashboard.png")

    page.goto(batch_url)
    page.get_by_role("link", name="seed000.txt").click()
    expect(page.get_by_role("heading", name="seed000.txt")).to_be_visible()
    metric_rows = page.locator("#metrics-table tbody tr")
    expect(metric_rows.first).to_be_visible()
    assert metric_rows.count() > 10
    # the Chinese text of the report made it through: a heading in the tree, a metric name in the table
    assert re.search(r"[\u4e00-\u9fff]", page.locator("#heading-tree li").first.inner_text())
    assert re.search(r"[\u4e00-\u9fff]", metric_rows.first.locator("td").first.inner_text())
    expect(page.locator("#heading-tree .kind").first).to_have_text(re.compile("^(plan|review)$"))
    page.screenshot(path=SCREENSHOTS / "document.png")


def test_retry_button_requeues_failed_documents(page, api_url, client):
    from playwright.sync_api import expect
    from services_testkit import broken_docx, upload, wait_for_batch

    accepted = upload(client, [("broken.docx", broken_docx())], reprocess=True)
    wait_for_batch(client, accepted["batch_id"])
    page.goto(f"{api_url}/batches/{accepted['batch_id']}")
    expect(page.locator("#documents .status .badge")).to_have_text(["failed"])
    expect(page.locator("#documents .error")).not_to_be_empty()
    page.get_by_role("button", name="Retry failed").click()
    expect(page.locator("#action-message")).to_have_text("1 failed document(s) queued again.")
    document_id = accepted["documents"][0]["id"]
    wait_for_batch(client, accepted["batch_id"])
    stages = client.get(f"/v1/documents/{document_id}").json()["stages"]
    assert stages[0]["attempts"] == 2


@pytest.fixture
def secured_api_url(service_env, workers, tmp_path):
    """The API as compose runs it, REPORTFLOW_AUTH=token, in its own uvicorn process."""
    import subprocess
    import sys

    import httpx

    from shared.embedded import LOOPBACK, free_port, wait_until

    port = free_port()
    env = {**os.environ, **service_env, "REPORTFLOW_AUTH": "token", "REPORTFLOW_SESSION_SECRET": "b" * 40}
    log = open(tmp_path / "api.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen([str(Path(sys.executable).with_name("uvicorn")), "--factory",
                                "services.ingest.main:create_app", "--host", LOOPBACK, "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{LOOPBACK}:{port}"

    def up() -> bool:
        try:
            return httpx.get(url + "/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return process.poll() is not None

    try:
        assert wait_until(up, 60) and process.poll() is None, (tmp_path / "api.log").read_text()[-2000:]
        yield url
    finally:
        process.terminate()
        process.wait(20)
        log.close()


def test_signing_in_with_a_token_then_uploading(page, secured_api_url, tmp_path):
    from playwright.sync_api import expect

    from shared import tokens
    from shared.db.session import session_scope

    with session_scope() as session:
        token = tokens.create(session, "browser").token
    name, data = unique_report("seed001.txt")
    (tmp_path / name).write_bytes(data)
    page.goto(secured_api_url + "/")
    page.wait_for_url(re.compile(r"/login\?next=/$"))
    page.fill('input[name="token"]', "rf_wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error")).to_have_text("That token is not valid.")
    page.fill('input[name="token"]', token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Upload reports")).to_be_visible()
    page.set_input_files("#upload-files", [str(tmp_path / name)])
    page.get_by_role("button", name="Upload").click()  # a POST with the page's CSRF token
    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator("#batch-state")).to_have_attribute("data-complete", "true",
                                                            timeout=PROCESSING_TIMEOUT * 1000)
    expect(page.locator("#documents .status .badge")).to_have_text(["done"])
