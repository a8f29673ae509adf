"""Fixtures of the workbench tests (metadata, indicator groups, pivot, provenance); the live servers come
from tests/services/conftest.py."""

import pytest


@pytest.fixture(scope="session")
def workbench_batch(client) -> dict:
    """The five dev reports (new bytes each) uploaded as one named batch, one of them from a folder, processed."""
    from services_testkit import wait_for_batch
    from workbench_testkit import unique_dev_reports

    files = unique_dev_reports()
    files[0] = (f"乡镇/2023/{files[0][0]}", files[0][1])
    response = client.post("/v1/batches", files=[("files", (name, data)) for name, data in files],
                           data={"name": "工作台测试批次"})
    assert response.status_code == 202, response.text
    accepted = response.json()
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 5}, finished["counts"]
    return {"id": accepted["batch_id"], "documents": accepted["documents"]}
