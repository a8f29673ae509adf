"""Access control with REPORTFLOW_AUTH=token: every route refuses a missing or wrong token with 401, the
dashboard signs in into an HTTP-only cookie and needs its CSRF token to change anything, and cross-origin
state-changing requests are refused whatever the auth mode."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.ingest.main import create_app
from shared import tokens
from shared.db.session import session_scope
from shared.settings import get_settings

ID = "00000000-0000-0000-0000-000000000000"


@pytest.fixture
def secured(service_env):
    settings = get_settings().model_copy(update={"AUTH": "token", "SESSION_SECRET": "s" * 40})
    with session_scope() as session:
        created = tokens.create(session, "tests")
    with TestClient(create_app(settings)) as client:
        yield client, created


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for path, operations in client.app.openapi()["paths"].items():
        for method in operations:
            found.append((method.upper(), re.sub(r"\{[^}]+\}", ID, path)))
    return found + [("GET", "/"), ("GET", f"/batches/{ID}"), ("GET", f"/documents/{ID}")]


def test_every_route_refuses_a_missing_or_wrong_token(secured):
    client, created = secured
    routes = [(m, p) for m, p in _routes(client) if p != "/healthz"]
    assert len(routes) > 15
    for method, path in routes:
        assert client.request(method, path).status_code == 401, (method, path)
        wrong = {"Authorization": "Bearer rf_not-a-token"}
        assert client.request(method, path, headers=wrong).status_code == 401, (method, path)
    good = {"Authorization": f"Bearer {created.token}"}
    assert client.get(f"/v1/batches/{ID}", headers=good).status_code == 404
    assert client.get("/v1/metrics", headers=good).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)  # open: the container health check


def test_a_revoked_token_is_refused_at_once(secured):
    client, created = secured
    good = {"Authorization": f"Bearer {created.token}"}
    assert client.get("/v1/metrics", headers=good).status_code == 200
    with session_scope() as session:
        tokens.revoke(session, created.id)
    assert client.get("/v1/metrics", headers=good).status_code == 401


def test_the_dashboard_signs_in_with_a_token_and_needs_the_csrf_token(secured):
    client, created = secured
    page = client.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert client.post("/login", data={"token": "rf_wrong"}).status_code == 401
    signed_in = client.post("/login", data={"token": created.token, "next": "/"}, follow_redirects=False)
    assert signed_in.status_code == 303
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    index = client.get("/")
    assert index.status_code == 200
    csrf = re.search(r'name="csrf-token" content="([0-9a-f]+)"', index.text).group(1)
    # a state-changing request on the cookie alone is refused; with the page's CSRF token it goes through
    assert client.post(f"/v1/batches/{ID}/cancel").status_code == 403
    assert client.post(f"/v1/batches/{ID}/cancel", headers={"X-CSRF-Token": csrf}).status_code == 404
    client.cookies.clear()
    assert client.get("/v1/metrics").status_code == 401


@pytest.mark.parametrize("auth", ["none", "token"])
def test_cross_origin_posts_and_form_uploads_are_refused(service_env, auth):
    settings = get_settings().model_copy(update={"AUTH": auth})
    with TestClient(create_app(settings)) as client:
        evil = {"Origin": "https://evil.example"}
        cancel = client.post(f"/v1/batches/{ID}/cancel", headers=evil | {"Content-Type": "text/plain"},
                             content=b"x")
        assert cancel.status_code == 403 and "cross-origin" in cancel.json()["detail"]
        form = client.post("/v1/batches", headers=evil, files=[("files", ("a.txt", b"x"))])
        assert form.status_code == 403
        sneaky = client.post(f"/v1/batches/{ID}/cancel", headers={"Sec-Fetch-Site": "cross-site"})
        assert sneaky.status_code == 403
        referer = client.post(f"/v1/batches/{ID}/cancel", headers={"Referer": "https://evil.example/page"})
        assert referer.status_code == 403
        if auth == "none":  # same origin still works
            assert client.post(f"/v1/batches/{ID}/cancel",
                               headers={"Origin": "http://testserver"}).status_code == 404


def test_the_cli_creates_lists_and_revokes_tokens(service_env):
    cli = Path(sys.executable).with_name("reportflow")
    created = subprocess.run([str(cli), "token", "create", "ci-bot"], capture_output=True, text=True,
                             timeout=60, check=True)
    token = created.stdout.strip()
    assert token.startswith("rf_") and token not in created.stderr
    with session_scope() as session:
        row = tokens.verify(session, token)
        assert row is not None and row.token_hash != token  # only the hash is stored
    listed = subprocess.run([str(cli), "token", "list"], capture_output=True, text=True, timeout=60, check=True,
                            env={"COLUMNS": "200", **__import__("os").environ})
    assert "ci-bot" in listed.stdout
    subprocess.run([str(cli), "token", "revoke", row.id], capture_output=True, text=True, timeout=60, check=True)
    with session_scope() as session:
        assert tokens.verify(session, token) is None


def test_settings_refuse_example_secrets_outside_dev():
    from shared.settings import Settings

    with pytest.raises(ValueError, match="S3_SECRET_KEY, SESSION_SECRET"):
        Settings(ENVIRONMENT="production", AUTH="token", S3_SECRET_KEY="reportflow-secret", DATABASE_URL="sqlite:///x.db")
    with pytest.raises(ValueError, match="AUTH"):
        Settings(ENVIRONMENT="production", AUTH="none", S3_SECRET_KEY="k" * 40, SESSION_SECRET="s" * 40,
                 DATABASE_URL="sqlite:///x.db")
    assert Settings(ENVIRONMENT="production", AUTH="token", S3_SECRET_KEY="k" * 40, SESSION_SECRET="s" * 40,
                    DATABASE_URL="sqlite:///x.db").AUTH == "token"
