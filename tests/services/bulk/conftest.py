"""Fixtures of the bulk tests; the live servers come from tests/services/conftest.py."""

import pytest


@pytest.fixture(scope="session")
def processed_batch(client) -> dict:
    """Three dev reports and a byte-identical copy of one of them (a duplicate), processed to the end."""
    from bulk_testkit import fresh_report
    from services_testkit import upload, wait_for_batch

    first = fresh_report("seed000.txt")
    accepted = upload(client, [("seed000.txt", first), ("seed003.txt", fresh_report("seed003.txt")),
                               ("seed004.txt", fresh_report("seed004.txt")), ("copy-of-seed000.txt", first)])
    finished = wait_for_batch(client, accepted["batch_id"])
    assert finished["counts"] == {"done": 3, "duplicate": 1}
    return {"id": accepted["batch_id"], "documents": accepted["documents"]}
