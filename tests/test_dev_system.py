"""`reportflow dev` end to end: real embedded servers, real API and Celery workers, real uploads over HTTP.

These tests also run, for real, the commands deploy/docker-compose.yml runs (see tests/deploy/test_compose.py):
the uvicorn factory, `celery -A shared.queue worker -Q <queue>` for each queue and `reportflow migrate`.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from services.cli.client import Api
from services.cli.dev import DevProcess
from services.devserver import DevSystem, DevSystemError
from shared.embedded import EmbeddedRedis, EmbeddedSeaweedFS, free_port
from shared.settings import Settings

SAMPLES = sorted((Path(__file__).parent / "data" / "reports").glob("*.txt"))


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every live, non-zombie process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            table[int(entry.name)] = (int(ppid), cmdline)
    return table


def descendants(pid: int) -> dict[int, str]:
    table = _processes()
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, cmdline) in table.items():
            if ppid == parent and child not in found:
                found[child] = cmdline
                frontier.append(child)
    return found


def alive(pids) -> list[int]:
    table = _processes()
    return [pid for pid in pids if pid in table]


def wait_gone(pids, timeout: float = 30.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def listening_addresses(pids) -> set[str]:
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout
    return {line.split()[3] for line in out.splitlines() if any(f"pid={pid}," in line for pid in pids)}


def kinds(children: dict[int, str]) -> dict[str, int]:
    """How many processes of each kind `reportflow dev` started (group leaders only counted once)."""
    counts = {"redis": 0, "weed": 0, "api": 0}
    for cmdline in children.values():
        if "redis-server" in cmdline:
            counts["redis"] += 1
        elif "weed" in cmdline and " mini " in cmdline:
            counts["weed"] += 1
        elif "uvicorn" in cmdline and "services.ingest.main:create_app" in cmdline:
            counts["api"] += 1
    return counts


def worker_queues(children: dict[int, str]) -> list[str]:
    queues = set()
    for cmdline in children.values():
        argv = cmdline.split()
        if "celery" in cmdline and "worker" in argv:
            queues.add(argv[argv.index("-Q") + 1])
    return sorted(queues)


def test_dev_system_processes_uploads_and_stops(tmp_path):
    data_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTFLOW_")}
    dev = DevProcess(data_dir, free_port(), env=env).start()
    try:
        dev.wait_healthy()
        children = descendants(dev.process.pid)
        assert kinds(children) == {"redis": 1, "weed": 1, "api": 1}
        assert worker_queues(children) == ["clean", "extract", "ocr", "section"]
        listening = listening_addresses(children)
        assert f"127.0.0.1:{dev.port}" in listening
        assert all(address.startswith("127.0.0.1:") for address in listening), listening

        with Api(dev.api_url) as client:
            accepted = client.upload_paths(SAMPLES)
            assert len(accepted["documents"]) == len(SAMPLES)
            batch = client.wait_finished(accepted["batch_id"], timeout=300, alive=lambda: dev.alive)
            assert batch["counts"] == {"done": len(SAMPLES)}, batch["counts"]
            for document in batch["documents"]:
                assert client.metrics(document["id"]), document["filename"]
                assert client.sections(document["id"]), document["filename"]
                stages = [stage["stage"] for stage in client.document(document["id"])["stages"]]
                assert stages == ["clean", "section", "extract"]
    finally:
        code = dev.stop()
    output = dev.output()
    assert code == 0, output
    assert "SIGINT: stopping every process" in output
    assert not wait_gone(children), f"left running: {alive(children)}"
    # everything it kept lives under the data dir
    assert (data_dir / "reportflow.db").is_file()
    assert (data_dir / "seaweedfs").is_dir()
    assert (data_dir / "logs" / "worker-extract.log").is_file()
    assert not (data_dir / "dev.env").exists()


@pytest.fixture
def external_servers(tmp_path):
    with EmbeddedRedis(tmp_path / "ext-redis") as broker, \
            EmbeddedSeaweedFS(tmp_path / "ext-s3", access_key="ext", secret_key="external-secret-1",
                              bucket="external") as store:
        yield broker, store


def test_dev_uses_given_servers_and_restarts_a_dead_child(tmp_path, external_servers):
    broker, store = external_servers
    database = tmp_path / "given" / "reports.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTFLOW_")} | {
        "REPORTFLOW_DATABASE_URL": f"sqlite:///{database}",
        "REPORTFLOW_BROKER_URL": broker.url,
        "REPORTFLOW_S3_ENDPOINT": store.endpoint,
        "REPORTFLOW_S3_ACCESS_KEY": store.access_key,
        "REPORTFLOW_S3_SECRET_KEY": store.secret_key,
        "REPORTFLOW_S3_BUCKET": "external",
    }
    dev = DevProcess(tmp_path / "var", free_port(), env=env)
    dev.start()
    try:
        dev.wait_healthy()
        children = descendants(dev.process.pid)
        assert kinds(children) == {"redis": 0, "weed": 0, "api": 1}
        assert worker_queues(children) == ["clean", "extract", "ocr", "section"]
        with Api(dev.api_url) as client:
            accepted = client.upload([("given.txt", SAMPLES[0].read_bytes() + b"\n<!-- external -->\n")])
            batch = client.wait_finished(accepted["batch_id"], timeout=120, alive=lambda: dev.alive)
            assert batch["counts"] == {"done": 1}
        assert database.is_file()
        assert list(store.client().list_objects("external", recursive=True))

        extract = next(pid for pid, cmd in children.items() if "-Q extract" in cmd and os.getpgid(pid) == pid)
        os.killpg(extract, signal.SIGKILL)
        # supervised: the worker is started again after a backoff and the system goes on
        with Api(dev.api_url) as client:
            accepted = client.upload([("after.txt", SAMPLES[1].read_bytes() + b"\n<!-- after the kill -->\n")])
            batch = client.wait_finished(accepted["batch_id"], timeout=120, alive=lambda: dev.alive)
            assert batch["counts"] == {"done": 1}
        children |= descendants(dev.process.pid)
    finally:
        code = dev.stop()
    output = " ".join(dev.output().split())  # rich wraps long lines
    assert code == 0, output
    assert "worker extract exited with code -9; restarting it in 1 s" in output
    assert "worker extract started again" in output
    assert not wait_gone(children), f"left running: {alive(children)}"
    # servers it did not start are left alone
    with redis.Redis.from_url(broker.url) as client:
        assert client.ping()
    assert store.client().bucket_exists("external")


def test_sigterm_during_startup_stops_what_was_started(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTFLOW_")}
    dev = DevProcess(tmp_path / "var", free_port(), env=env).start()
    seen: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 60
        while kinds(seen)["weed"] == 0 and time.monotonic() < deadline:  # caught while SeaweedFS starts
            seen |= descendants(dev.process.pid)
            time.sleep(0.05)
        assert kinds(seen)["redis"] == 1 and kinds(seen)["weed"] == 1, dev.output()
        dev.process.send_signal(signal.SIGTERM)
        assert dev.process.wait(60) == 0, dev.output()
    finally:
        dev.stop()
    assert "SIGTERM: stopping every process" in " ".join(dev.output().split())
    assert not wait_gone(seen), f"left running: {alive(seen)}"


def test_a_second_dev_on_the_same_data_dir_is_refused(tmp_path):
    from services.devserver import LOCK_FILE

    first = DevSystem(Settings(), data_dir=tmp_path, api_port=free_port())
    first.lock()
    try:
        second = DevSystem(Settings(), data_dir=tmp_path, api_port=free_port())
        with pytest.raises(DevSystemError, match=f"another reportflow dev \\(pid {os.getpid()}\\) is running"):
            second.start()
        assert second.servers == [] and (tmp_path / LOCK_FILE).exists()
    finally:
        first.stop()
    assert not (tmp_path / LOCK_FILE).exists()


# from issue 12: a second `reportflow dev` on the same data dir failed after 13 s with 40 lines of log and
# deleted the running one's dev.env
def test_a_second_dev_command_says_one_line_and_leaves_the_running_ones_files(tmp_path):
    from services.devserver import ENV_FILE

    first = DevSystem(Settings(), data_dir=tmp_path, api_port=free_port())
    first.lock()
    env_file = tmp_path / ENV_FILE
    env_file.write_text("export REPORTFLOW_API_URL=http://127.0.0.1:8000\n")  # as the running one wrote it
    try:
        started = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "services", "dev", "--data-dir", str(tmp_path),
                                 "--port", str(free_port())], capture_output=True, text=True, timeout=120,
                                env={**os.environ, "COLUMNS": "300"})
        elapsed = time.monotonic() - started
        lines = (second.stdout + second.stderr).strip().splitlines()
        assert second.returncode == 1
        assert len(lines) == 1 and f"another reportflow dev (pid {os.getpid()}) is running" in lines[0], lines
        assert env_file.read_text() == "export REPORTFLOW_API_URL=http://127.0.0.1:8000\n"
        assert not (tmp_path / "logs").exists() and not (tmp_path / "redis").exists()
        print(f"second `reportflow dev` refused in {elapsed:.1f} s")
    finally:
        first.stop()


# from issue 12: dev.env lines lacked `export`, so `. var/dev.env` did not reach the commands run after it
def test_dev_env_file_exports_every_variable_to_a_shell(tmp_path):
    system = DevSystem(Settings(), data_dir=tmp_path, api_port=free_port())
    system._write_env_file({"REPORTFLOW_API_URL": "http://127.0.0.1:8123", "REPORTFLOW_S3_SECRET_KEY": "a b'$c",
                            "PATH": "/usr/bin"})
    lines = (tmp_path / "dev.env").read_text().splitlines()
    assert lines and all(line.startswith("export REPORTFLOW_") for line in lines)
    shown = subprocess.run(["sh", "-c", f". {tmp_path / 'dev.env'} && sh -c 'echo \"$REPORTFLOW_API_URL|$REPORTFLOW_S3_SECRET_KEY\"'"],
                           capture_output=True, text=True, check=True).stdout
    assert shown == "http://127.0.0.1:8123|a b'$c\n"


def test_the_embedded_broker_of_dev_keeps_its_queue_on_disk(tmp_path):
    from shared.embedded import EmbeddedRedis

    argv = EmbeddedRedis(tmp_path, persist=True).command()
    assert argv[argv.index("--appendonly") + 1] == "yes"
    assert EmbeddedRedis(tmp_path).command()[argv.index("--appendonly") + 1] == "no"


def test_a_busy_api_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        system = DevSystem(Settings(), data_dir=tmp_path, api_port=port)
        with pytest.raises(DevSystemError, match="already in use"):
            system.start()
    assert system.servers == [] and system.children == []


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line or environment contains `text`."""
    found = []
    for pid in _processes():
        try:
            proc = Path(f"/proc/{pid}")
            if text.encode() in (proc / "cmdline").read_bytes() + (proc / "environ").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def test_make_demo_script_processes_the_samples_and_cleans_up(tmp_path):
    """What `make demo` runs once the venv exists."""
    data_dir = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTFLOW_")} | {"COLUMNS": "160"}
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, str(root / "scripts" / "demo.py"), "--port", str(free_port()),
                           "--data-dir", str(data_dir), "--metrics", "3"],
                          env=env, capture_output=True, text=True, timeout=540, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "batch finished" in done.stdout and "{'done': 5}" in done.stdout
    for sample in SAMPLES:
        assert f"{sample.name}: indicators" in done.stdout
    assert "reportflow dev stopped (exit code 0)" in done.stdout
    assert not wait_gone(_processes_mentioning(str(data_dir)), timeout=10)


@pytest.mark.parametrize("url, shown", [
    pytest.param("postgresql+psycopg://reportflow:s3cret@db:5432/reportflow",
                 "postgresql+psycopg://reportflow:***@db:5432/reportflow", id="postgres-user-password"),
    pytest.param("redis://:s3cret@127.0.0.1:6379/0", "redis://:***@127.0.0.1:6379/0", id="redis-password-only"),
    pytest.param("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0", id="no-credentials"),
    pytest.param("sqlite:////srv/reportflow/reportflow.db", "sqlite:////srv/reportflow/reportflow.db", id="sqlite"),
])
def test_printed_urls_hide_passwords(url, shown):
    from services.devserver import _hide_password

    assert _hide_password(url) == shown


def test_dev_survives_its_broker_and_a_worker_killed_mid_batch(tmp_path):
    """Fault test: kill -9 the embedded redis-server and every extract process in the middle of a batch; dev
    restarts them (Redis from its append-only file), the reconciler queues again whatever was lost, and every
    document ends done, with no metric row twice."""
    data_dir = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTFLOW_")} | {
        "REPORTFLOW_RECONCILE_INTERVAL": "1", "REPORTFLOW_RECONCILE_GRACE": "3", "REPORTFLOW_LEASE_SECONDS": "3"}
    dev = DevProcess(data_dir, free_port(), env=env).start()
    reports = [(f"{i:03d}-{path.name}", path.read_bytes() + f"\n（第{i}份）\n".encode())
               for i, path in enumerate(SAMPLES * 40)]
    try:
        dev.wait_healthy()
        children = descendants(dev.process.pid)
        with Api(dev.api_url) as client:
            accepted = client.upload(reports)
            # some documents are through, some queued, some running (200 of them: small ones go in batches)
            deadline = time.monotonic() + 60
            while not client.progress(accepted["batch_id"])["counts"].get("done") and time.monotonic() < deadline:
                time.sleep(0.05)
            at_kill = client.progress(accepted["batch_id"])["counts"]
            redis_pid = next(pid for pid, cmd in children.items() if "redis-server" in cmd)
            extract = next(pid for pid, cmd in children.items() if "-Q extract" in cmd and os.getpgid(pid) == pid)
            os.kill(redis_pid, signal.SIGKILL)
            os.killpg(extract, signal.SIGKILL)
            killed = time.monotonic()
            # (usually seconds; a message the killed worker had received but not yet started is trusted for
            # shared.reconciler.DELIVERED_TRUST_SECONDS, 120 s, before its documents count as lost)
            batch = client.wait_finished(accepted["batch_id"], timeout=300, alive=lambda: dev.alive)
            elapsed = time.monotonic() - killed
            dev.wait_healthy()  # the batch may finish before dev has started Redis again
            health = client.health()
        children |= descendants(dev.process.pid)
    finally:
        code = dev.stop()
    output = " ".join(dev.output().split())
    import sqlite3

    with sqlite3.connect(data_dir / "reportflow.db") as db:
        duplicated = db.execute("SELECT COUNT(*) FROM (SELECT document_id, position FROM metrics "
                                "GROUP BY document_id, position HAVING COUNT(*) > 1)").fetchone()[0]
        redelivered = db.execute("SELECT COALESCE(SUM(redeliveries), 0) FROM documents").fetchone()[0]
    print(f"\ndev, redis-server and extract worker killed -9 mid-batch of {len(reports)}: {batch['counts']}, "
          f"{redelivered} requeued by the reconciler, all finished {elapsed:.1f}s after the kill, "
          f"{duplicated} duplicate metric rows")
    assert code == 0, output
    assert at_kill.get("done", 0) < len(reports), at_kill  # the kill came mid-batch
    assert batch["counts"] == {"done": len(reports)}, [(d["filename"], d["status"], d["error"])
                                                       for d in batch["documents"] if d["status"] != "done"]
    assert duplicated == 0
    assert "redis exited with code" in output and "worker extract started again" in output
    assert health["reconciler"]["runs"] > 0
    assert not wait_gone(children), f"left running: {alive(children)}"
