"""The embedded Redis and SeaweedFS launchers start real servers on loopback, serve, and free their ports."""

import io
import os
import subprocess

import pytest
import redis
from minio.error import S3Error

from shared.embedded import (
    EmbeddedRedis,
    EmbeddedSeaweedFS,
    EmbeddedServerError,
    free_port,
    port_is_free,
    start_redis,
    start_seaweedfs,
)


def _listening_addresses(pid: int) -> set[str]:
    """host:port of every TCP socket the process listens on (from `ss`)."""
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout
    return {line.split()[3] for line in out.splitlines() if f"pid={pid}," in line}


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_redis_serves_on_loopback_and_stops(tmp_path):
    server = start_redis(tmp_path / "redis")
    pid = server.process.pid
    try:
        assert server.url == f"redis://127.0.0.1:{server.port}/0"
        assert _listening_addresses(pid) == {f"127.0.0.1:{server.port}"}
        with redis.Redis.from_url(server.url) as client:
            client.set("greeting", "你好")
            assert client.get("greeting").decode() == "你好"
    finally:
        server.stop()
    assert not _group_alive(pid)
    assert port_is_free(server.port)
    assert not server.running
    server.stop()  # idempotent


def test_redis_context_manager_on_given_port(tmp_path):
    port = free_port()
    with EmbeddedRedis(tmp_path, port) as server:
        assert server.port == port
        with redis.Redis(host="127.0.0.1", port=port) as client:
            assert client.ping()
    assert port_is_free(port)


def test_redis_refuses_a_busy_port(tmp_path):
    with start_redis(tmp_path / "a") as first, pytest.raises(EmbeddedServerError, match="in use"):
        EmbeddedRedis(tmp_path / "b", first.port).start()


def test_seaweedfs_serves_s3_on_loopback_and_stops(tmp_path):
    server = start_seaweedfs(tmp_path / "s3", access_key="tester", secret_key="tester-secret-123",
                             bucket="reports")
    pid = server.process.pid
    try:
        listening = _listening_addresses(pid)
        assert f"127.0.0.1:{server.port}" in listening
        assert all(address.startswith("127.0.0.1:") for address in listening), listening
        # weed makes unix sockets in /tmp named after its gRPC ports (where stop() will look for them)
        sockets = server.tmp_sockets
        assert sockets and all(path.is_socket() for path in sockets), sockets
        client = server.client()
        assert client.bucket_exists("reports")
        body = "二〇二四年工作总结".encode()
        client.put_object("reports", "raw/a.txt", io.BytesIO(body), len(body))
        assert client.get_object("reports", "raw/a.txt").read() == body
    finally:
        server.stop()
    assert not _group_alive(pid)
    assert all(port_is_free(int(address.rsplit(":", 1)[1])) for address in listening)
    assert not [path for path in sockets if path.exists()]


def test_seaweedfs_rejects_wrong_credentials(tmp_path):
    with EmbeddedSeaweedFS(tmp_path, access_key="tester", secret_key="right-secret-123") as server:
        from minio import Minio

        intruder = Minio(server.endpoint, access_key="tester", secret_key="wrong-secret-123", secure=False)
        with pytest.raises(S3Error):
            intruder.list_buckets()


def test_seaweedfs_keeps_objects_across_restarts_on_new_ports(tmp_path):
    with start_seaweedfs(tmp_path, access_key="k", secret_key="secret-key-1", bucket="keep") as first:
        first.client().put_object("keep", "o", io.BytesIO(b"kept"), 4)
    with start_seaweedfs(tmp_path, access_key="k", secret_key="secret-key-2") as second:
        assert second.client().get_object("keep", "o").read() == b"kept"
