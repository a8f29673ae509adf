"""The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by playwright; no browser
download): upload through the form, watch the batch page reach done over SSE, open a document and read its
metrics; the workbench: a named batch, the pivot filtered, a cell clicked to its sentence highlighted in the
cleaned text; /docs and /redoc with every request off the machine refused. The dashboard speaks zh-CN.

Screenshots go to a temporary folder, so a test run leaves the tree clean; ``REPORTFLOW_REFRESH_SCREENSHOTS=1``
(``make screenshots``) writes them to docs/screenshots/ instead, which README's "Dashboard" section shows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from dashboard_testkit import unique_report
from services_testkit import PROCESSING_TIMEOUT

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SCREENSHOTS = Path(__file__).parents[3] / "docs" / "screenshots"
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


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    if os.environ.get("REPORTFLOW_REFRESH_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return DOCS_SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_upload_watch_and_read_a_document(page, api_url, tmp_path, screenshots):
    from playwright.sync_api import expect

    files = []
    for name, data in (unique_report("seed000.txt"), unique_report("seed003.txt")):  # bytes no other test sent
        files.append(tmp_path / name)
        files[-1].write_bytes(data)
    page.goto(api_url + "/")
    expect(page.get_by_role("heading", name="上传报告")).to_be_visible()
    page.set_input_files("#upload-files", [str(path) for path in files])
    page.get_by_role("button", name="上传", exact=True).click()

    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    batch_url = page.url
    rows = page.locator("#documents tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#batch-state")).to_have_attribute("data-complete", "true",
                                                            timeout=PROCESSING_TIMEOUT * 1000)
    expect(page.locator("#documents .status .badge")).to_have_text(["完成", "完成"])
    expect(page.locator("#overall-percent")).to_have_text("100%")
    expect(page.locator('.stage-progress[data-stage="extract"] .stage-count')).to_have_text("2/2")
    # only the actions that can succeed: nothing to cancel or retry in a finished batch, each document reprocessable
    expect(page.locator("#cancel-batch")).to_be_hidden()
    expect(page.locator("#retry-failed")).to_be_hidden()
    expect(page.locator("#documents button.reprocess")).to_have_count(2)
    expect(page.locator("#documents button.reprocess").first).to_be_visible()
    expect(page.locator("#export-csv")).to_have_attribute("href", re.compile(r"/export\?format=csv$"))
    expect(page.locator(".meta").first).to_contain_text("UTC+08")  # Asia/Shanghai by default
    page.wait_for_timeout(600)  # for the picture only: let the bars' width transition end
    page.screenshot(path=screenshots / "batch.png")

    page.goto(api_url + "/")
    batch_id = batch_url.rsplit("/", 1)[1]
    expect(page.locator(f'tr.batch-row[data-batch="{batch_id}"] .badge.done')).to_have_text("完成 2")
    page.screenshot(path=screenshots / "dashboard.png")

    page.goto(batch_url)
    page.get_by_role("link", name="seed000.txt").click()
    expect(page.get_by_role("heading", name="seed000.txt")).to_be_visible()
    metric_rows = page.locator("#metrics-table tbody tr")
    expect(metric_rows.first).to_be_visible()
    assert metric_rows.count() > 10
    # the Chinese text of the report made it through: a heading in the tree, a metric name in the table
    assert re.search(r"[\u4e00-\u9fff]", page.locator("#heading-tree li").first.inner_text())
    assert re.search(r"[\u4e00-\u9fff]", metric_rows.first.locator("td").first.inner_text())
    expect(page.locator("#heading-tree .kind").first).to_have_attribute("data-kind", re.compile("^(plan|review)$"))
    expect(page.locator("#heading-tree .kind").first).to_have_text(re.compile("^(计划|回顾)$"))
    expect(page.locator("#runs .duration").first).to_have_text(re.compile(r"^\d+\.\d\d s$"))
    page.screenshot(path=screenshots / "document.png")


def test_retry_button_requeues_failed_documents(page, api_url, client):
    from playwright.sync_api import expect
    from services_testkit import broken_docx, upload, wait_for_batch

    accepted = upload(client, [("broken.docx", broken_docx())], reprocess=True)
    wait_for_batch(client, accepted["batch_id"])
    page.goto(f"{api_url}/batches/{accepted['batch_id']}")
    expect(page.locator("#documents .status .badge")).to_have_text(["失败"])
    expect(page.locator("#documents .error")).not_to_be_empty()
    page.get_by_role("button", name="重试失败项").click()
    expect(page.locator("#action-message")).to_have_text("1 个失败文档已重新排队。")
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
    expect(page.get_by_role("heading", name="上传报告")).to_be_visible()
    page.set_input_files("#upload-files", [str(tmp_path / name)])
    page.get_by_role("button", name="上传", exact=True).click()  # a POST with the page's CSRF token
    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator("#batch-state")).to_have_attribute("data-complete", "true",
                                                            timeout=PROCESSING_TIMEOUT * 1000)
    expect(page.locator("#documents .status .badge")).to_have_text(["完成"])


def test_a_named_batch_through_the_pivot_to_the_source_sentence(page, api_url, tmp_path, screenshots):
    """The analyst's path: upload a named batch, open its pivot, filter it, click a value, read its sentence
    highlighted in the report's cleaned text; correct the report's metadata."""
    from playwright.sync_api import expect

    from shared.db.models import MetricRow
    from shared.db.session import session_scope

    files = []
    for name, data in (unique_report("seed001.txt"), unique_report("seed002.txt"), unique_report("seed004.txt")):
        files.append(tmp_path / name)
        files[-1].write_bytes(data)
    page.goto(api_url + "/")
    page.fill("#upload-name", "2023年乡镇工作总结")
    page.set_input_files("#upload-files", [str(path) for path in files])
    page.get_by_role("button", name="上传", exact=True).click()
    page.wait_for_url(re.compile(r"/batches/[0-9a-f-]{36}$"), timeout=30_000)
    expect(page.locator("#batch-name")).to_have_text("2023年乡镇工作总结")
    expect(page.locator("#batch-state")).to_have_attribute("data-complete", "true",
                                                            timeout=PROCESSING_TIMEOUT * 1000)
    batch_id = page.url.rsplit("/", 1)[1]

    page.get_by_role("link", name="指标透视").last.click()  # the batch's pivot (the header links to all reports)
    page.wait_for_url(re.compile(rf"/pivot\?batch_id={batch_id}$"))
    expect(page.locator("#pivot-table tbody tr")).to_have_count(3)
    groups = page.locator("#pivot-table th.indicator-column").all_inner_texts()
    assert len(groups) > 2
    cells = page.locator("a.pivot-cell")
    assert cells.count() >= 3
    page.screenshot(path=screenshots / "pivot.png", full_page=False)

    # filter to the group in the first column (it is in the most reports)
    page.fill("#filter-indicators", groups[0])
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(rf"/pivot\?indicators=[^&]+&batch_id={batch_id}$"))  # empty fields left out
    expect(page.locator("#pivot-table th.indicator-column")).to_have_text([groups[0]])
    expect(page.locator("#pivot-csv")).to_have_attribute("href", re.compile(r"format=csv"))
    first = page.locator("a.pivot-cell").first
    metric_id = int(first.get_attribute("data-metric"))
    with session_scope() as session:
        metric = session.get(MetricRow, metric_id)
        sentence, figure_text, indicator = metric.sentence, metric.text, metric.indicator
    assert indicator == groups[0]
    first.click()

    page.wait_for_url(re.compile(rf"/documents/[0-9a-f-]{{36}}\?metric={metric_id}#highlight$"))
    mark = page.locator("#cleaned-text mark#highlight")
    expect(mark).to_be_visible()
    expect(mark).to_have_text(sentence)
    expect(mark.locator("strong.figure")).to_have_text(figure_text)
    expect(page.locator(f"#metric-{metric_id}")).to_have_class(re.compile("selected"))
    page.screenshot(path=screenshots / "source.png")

    # a correction of the report's metadata, kept by the server
    page.fill('#metadata-form input[name="issuer"]', "测试镇人民政府")
    page.fill('#metadata-form input[name="level"]', "乡镇")
    page.get_by_role("button", name="保存更正").click()
    expect(page.locator("#action-message")).to_have_text("已保存。")
    page.reload()
    expect(page.locator('#metadata-form input[name="issuer"]')).to_have_value("测试镇人民政府")
    # every sample report is a town's (XX镇: level 乡镇 found); the corrected issuer tells this one apart
    page.goto(f"{api_url}/pivot?batch_id={batch_id}&level=乡镇")
    expect(page.locator("#pivot-table tbody tr")).to_have_count(3)
    page.goto(f"{api_url}/pivot?batch_id={batch_id}&level=乡镇&place=测试镇")
    expect(page.locator("#pivot-table tbody tr")).to_have_count(1)
    expect(page.locator("#pivot-table tbody tr td.filename a")).to_have_text("测试镇人民政府")


def test_english_on_request_and_a_404_page_for_an_unknown_batch(page, api_url):
    from playwright.sync_api import expect

    page.goto(api_url + "/batches/no-such-batch")
    expect(page.get_by_role("heading", name="未找到")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    page.goto(api_url + "/")  # the choice is kept in a cookie
    expect(page.get_by_role("heading", name="Upload reports")).to_be_visible()
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", name="上传报告")).to_be_visible()


def test_api_docs_render_with_no_network(browser, api_url, screenshots):
    """Swagger UI and ReDoc load their scripts and styles from the API itself: every request to another host
    is refused here, as on a network without internet."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 860})
    refused: list[str] = []

    def only_loopback(route):
        if route.request.url.startswith(api_url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    try:
        page.goto(api_url + "/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("reportflow ingest", timeout=30_000)
        expect(page.locator(".opblock-tag-section").first).to_be_visible()
        expect(page.get_by_text("/v1/pivot", exact=True).first).to_be_attached()
        page.screenshot(path=screenshots / "docs.png")
        page.goto(api_url + "/redoc")
        expect(page.locator("h1").first).to_contain_text("reportflow ingest", timeout=30_000)
        expect(page.get_by_text("/v1/indicators").first).to_be_attached()
    finally:
        context.close()
    assert not refused, f"the docs asked for assets off the machine: {refused}"
