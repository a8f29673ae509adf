"""GET /v1/metrics: filters and paging, checked against the rows in the database."""

from __future__ import annotations

import pytest
from db_rows import all_metric_rows, batch_metric_rows


def search_all(client, **params) -> dict:
    """Every page of a search, concatenated, following the `next` cursors; the exact total asked for once."""
    total = client.get("/v1/metrics", params={**params, "count": "true", "per_page": 1}).json()["total"]
    found, cursor = [], {}
    while True:
        body = client.get("/v1/metrics", params={**params, **cursor, "per_page": 7}).json()
        assert body["total"] is None  # counted only when asked for
        found.extend(body["metrics"])
        if not body["more"]:
            return {"total": total, "metrics": found}
        cursor = {"after": body["next"]}


def keys(found: list[dict]) -> list[tuple]:
    return [(m["document_id"], m["filename"], m["name"], m["value"], m["unit"], m["change"], m["kind"], m["year"],
             m["section"], m["start"]) for m in found]


def expected(rows) -> list[tuple]:
    return [(d.id, d.filename, m.name, m.value, m.unit, m.change, m.kind, m.year, m.section, m.start)
            for d, m in rows]


def test_batch_search_lists_every_metric_a_duplicate_included(client, processed_batch, service_env):
    rows = batch_metric_rows(service_env["REPORTFLOW_DATABASE_URL"], processed_batch["id"])
    found = search_all(client, batch=processed_batch["id"])
    assert found["total"] == len(rows) > 0
    assert keys(found["metrics"]) == expected(rows)
    copy = next(d["id"] for d in processed_batch["documents"] if d["filename"] == "copy-of-seed000.txt")
    original = next(d["id"] for d in processed_batch["documents"] if d["filename"] == "seed000.txt")
    copies = [m for m in found["metrics"] if m["document_id"] == copy]
    assert copies and [m["name"] for m in copies] == [m["name"] for m in found["metrics"]
                                                      if m["document_id"] == original]


def _pick(rows, attribute):
    values = [getattr(m, attribute) for _, m in rows if getattr(m, attribute) is not None]
    assert values, f"no metric with a {attribute} in the batch"
    return max(set(values), key=values.count)


@pytest.mark.parametrize("attribute", ["unit", "kind", "year"])
def test_exact_filters_within_a_batch(client, processed_batch, service_env, attribute):
    rows = batch_metric_rows(service_env["REPORTFLOW_DATABASE_URL"], processed_batch["id"])
    value = _pick(rows, attribute)
    found = search_all(client, batch=processed_batch["id"], **{attribute: value})
    assert keys(found["metrics"]) == expected([(d, m) for d, m in rows if getattr(m, attribute) == value])
    assert 0 < found["total"] < len(rows)


def test_name_matches_by_substring_across_reports(client, processed_batch, service_env):
    rows = all_metric_rows(service_env["REPORTFLOW_DATABASE_URL"])
    names = [m.name for _, m in rows if len(m.name) >= 3]
    common = max(names, key=lambda n: sum(n[1:-1] in other for other in names))
    part = common[1:-1]  # a strict substring: an exact-match search would miss everything
    found = search_all(client, name=part)
    want = [(d, m) for d, m in rows if part in m.name]
    assert keys(found["metrics"]) == expected(want)


def test_filters_combine_and_like_wildcards_are_literal(client, processed_batch, service_env):
    rows = batch_metric_rows(service_env["REPORTFLOW_DATABASE_URL"], processed_batch["id"])
    kind, unit = rows[0][1].kind, rows[0][1].unit
    found = search_all(client, batch=processed_batch["id"], kind=kind, unit=unit)
    assert keys(found["metrics"]) == expected([(d, m) for d, m in rows if m.kind == kind and m.unit == unit])
    everything = all_metric_rows(service_env["REPORTFLOW_DATABASE_URL"])
    for wildcard in ("%", "_"):
        total = client.get("/v1/metrics", params={"name": wildcard, "count": "true"}).json()["total"]
        assert total == sum(wildcard in m.name for _, m in everything) < len(everything)


def test_pages_and_bad_parameters(client, processed_batch):
    batch = processed_batch["id"]
    whole = client.get("/v1/metrics", params={"batch": batch, "per_page": 1000, "count": "true"}).json()
    assert whole["total"] == len(whole["metrics"]) and not whole["more"] and whole["next"] is None
    second = client.get("/v1/metrics", params={"batch": batch, "page": 2, "per_page": 5, "count": "true"}).json()
    assert (second["page"], second["per_page"], second["total"]) == (2, 5, whole["total"])
    assert second["metrics"] == whole["metrics"][5:10] and second["more"]
    first = client.get("/v1/metrics", params={"batch": batch, "per_page": 5}).json()
    after = client.get("/v1/metrics", params={"batch": batch, "per_page": 5, "after": first["next"]}).json()
    assert first["metrics"] == whole["metrics"][:5] and after["metrics"] == second["metrics"]
    deep = client.get("/v1/metrics", params={"batch": batch, "page": 10_000})  # an OFFSET that deep: use `after`
    assert deep.status_code == 422 and "`after`" in deep.json()["detail"]
    assert client.get("/v1/metrics", params={"kind": "guess"}).status_code == 422
    assert client.get("/v1/metrics", params={"page": 0}).status_code == 422
    for bad in ({"after": "not-a-cursor"}, {"after": first["next"], "page": 2}):
        response = client.get("/v1/metrics", params=bad)
        assert response.status_code == 422 and response.json()["detail"]
    assert client.get("/v1/metrics", params={"batch": "no-such-batch", "count": "true"}).json() == {
        "total": 0, "page": 1, "per_page": 50, "more": False, "next": None, "metrics": []}
