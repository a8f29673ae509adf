"""The client side of deploy/check.sh, run inside the check's network namespace against the published API.

  push.py wait-healthy --api URL [--timeout S]
  push.py upload --api URL --first N --count C --out FILE   # C distinct real reports, one batch; waits for all
  push.py verify --api URL FILE...                          # every document of those batches done, data readable
  push.py flower --url URL --user U --password P            # Flower refuses no/wrong credentials, accepts the right ones

The documents are the sample reports of tests/data/reports, document i being seed i%5 with i//5+1 extra
trailing newlines: real text, distinct bytes (distinct sha256, so none is deduplicated).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "tests" / "data" / "reports").glob("*.txt"))
FINISHED = {"done", "failed", "rejected", "duplicate", "cancelled"}


def document(i: int) -> tuple[str, bytes]:
    seed = SEEDS[i % len(SEEDS)]
    return f"check{i:04d}-{seed.name}", seed.read_bytes() + b"\n" * (i // len(SEEDS) + 1)


def api_client(api: str, timeout: float) -> httpx.Client:
    """A client of the API, with the token deploy/check.sh created (compose runs with REPORTFLOW_AUTH=token)."""
    token = os.environ.get("REPORTFLOW_API_TOKEN", "")
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=api, timeout=timeout, headers=headers)


def batch_status(client: httpx.Client, batch_id: str) -> dict:
    documents, offset, body = [], 0, {}
    while True:
        body = client.get(f"/v1/batches/{batch_id}", params={"offset": offset, "limit": 500}).raise_for_status().json()
        documents += body["documents"]
        offset += len(body["documents"])
        if not body["documents"] or offset >= body["total"]:
            break
    return body | {"documents": documents}


def wait_healthy(args) -> int:
    deadline = time.monotonic() + args.timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{args.api}/healthz", timeout=5)
            if response.status_code == 200:
                print(f"api healthy: {response.json()['checks']}")
                return 0
            last = response.text
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(2)
    print(f"FAIL: api not healthy after {args.timeout} s: {last}", file=sys.stderr)
    return 1


def upload(args) -> int:
    files = [document(i) for i in range(args.first, args.first + args.count)]
    started = time.monotonic()
    with api_client(args.api, 120) as client:
        response = client.post("/v1/batches", files=[("files", (name, data, "text/plain")) for name, data in files])
        response.raise_for_status()
        accepted = response.json()
        batch_id = accepted["batch_id"]
        print(f"batch {batch_id}: {len(accepted['documents'])} documents accepted")
        deadline = started + args.timeout
        while True:
            status = batch_status(client, batch_id)
            if all(d["status"] in FINISHED for d in status["documents"]) or time.monotonic() > deadline:
                break
            time.sleep(2)
    seconds = time.monotonic() - started
    Path(args.out).write_text(json.dumps({"batch_id": batch_id, "count": args.count}))
    print(f"batch {batch_id}: {status['counts']} after {seconds:.1f} s "
          f"({args.count / seconds:.2f} documents/s)")
    if status["total"] != args.count or status["counts"].get("done", 0) != args.count:
        print(f"FAIL: expected {args.count} documents done", file=sys.stderr)
        return 1
    return 0


def verify(args) -> int:
    failures = 0
    with api_client(args.api, 60) as client:
        for path in args.batches:
            expected = json.loads(Path(path).read_text())
            status = batch_status(client, expected["batch_id"])
            done = [d for d in status["documents"] if d["status"] == "done"]
            print(f"batch {expected['batch_id']}: {len(status['documents'])} documents, {status['counts']}")
            if len(done) != expected["count"]:
                print(f"FAIL: expected {expected['count']} documents done", file=sys.stderr)
                failures += 1
                continue
            # every stored result readable: the text from the object store, the metrics from the database
            metrics = 0
            for d in done:
                client.get(f"/v1/documents/{d['id']}/text").raise_for_status()
                metrics += len(client.get(f"/v1/documents/{d['id']}/metrics").raise_for_status().json()["metrics"])
            print(f"batch {expected['batch_id']}: text and metrics read back for {len(done)} documents "
                  f"({metrics} indicators)")
            if not metrics:
                print("FAIL: no indicator at all", file=sys.stderr)
                failures += 1
    return 1 if failures else 0


def flower(args) -> int:
    anonymous = httpx.get(f"{args.url}/api/workers", timeout=10).status_code
    wrong = httpx.get(f"{args.url}/api/workers", auth=(args.user, args.password + "x"), timeout=10).status_code
    right = httpx.get(f"{args.url}/api/workers", auth=(args.user, args.password), timeout=10)
    print(f"flower: without credentials {anonymous}, wrong password {wrong}, right password {right.status_code} "
          f"({len(right.json()) if right.status_code == 200 else 0} workers known)")
    return 0 if (anonymous, wrong, right.status_code) == (401, 401, 200) else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("wait-healthy")
    p.add_argument("--api", required=True)
    p.add_argument("--timeout", type=float, default=300)
    p.set_defaults(run=wait_healthy)
    p = commands.add_parser("upload")
    p.add_argument("--api", required=True)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument("--out", required=True)
    p.set_defaults(run=upload)
    p = commands.add_parser("verify")
    p.add_argument("--api", required=True)
    p.add_argument("batches", nargs="+")
    p.set_defaults(run=verify)
    p = commands.add_parser("flower")
    p.add_argument("--url", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.set_defaults(run=flower)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
