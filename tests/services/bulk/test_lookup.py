"""POST /v1/documents/lookup: which digests the service already stores (what `upload` does not resend)."""

from __future__ import annotations

import hashlib

from bulk_testkit import fresh_report
from services_testkit import upload, wait_for_batch


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_lookup_tells_stored_from_failed_rejected_and_unknown(client):
    good, unsupported = fresh_report("seed001.txt"), b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    accepted = upload(client, [("good.txt", good), ("scan.png", unsupported), ("again.txt", good)])
    good_id = accepted["documents"][0]["id"]
    wait_for_batch(client, accepted["batch_id"])
    unknown = sha(b"never uploaded")

    response = client.post("/v1/documents/lookup", json={"sha256": [sha(good).upper(), sha(unsupported), unknown]})
    assert response.status_code == 200
    found = {d["sha256"]: d for d in response.json()["documents"]}
    assert set(found) == {sha(good), sha(unsupported)}
    metrics = client.get(f"/v1/documents/{good_id}/metrics").json()["metrics"]
    # the original answers for its bytes, not the later duplicate
    assert found[sha(good)] == {
        "sha256": sha(good), "id": good_id, "batch_id": accepted["batch_id"], "filename": "good.txt",
        "status": "done", "stage": None, "error": None, "stored": True, "metrics": len(metrics)}
    assert found[sha(unsupported)]["status"] == "rejected" and found[sha(unsupported)]["stored"] is False
    assert found[sha(unsupported)]["error"]


def test_lookup_refuses_what_is_not_a_digest(client):
    assert client.post("/v1/documents/lookup", json={"sha256": ["abc"]}).status_code == 422
    assert client.post("/v1/documents/lookup", json={"sha256": []}).json() == {"documents": []}
