"""Object storage of uploaded files (any S3 API: SeaweedFS, MinIO) through the ``minio`` client.

Every third-party error is translated here: unreachable or failing servers become StorageUnavailable (worth a
retry), refusals (missing object, denied access) become StorageError.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO, TypeVar

import urllib3
from minio import Minio
from minio.error import InvalidResponseError, MinioException, S3Error, ServerError

from shared.errors import StorageError, StorageUnavailable
from shared.settings import Settings, get_settings

T = TypeVar("T")

# minio retries forever-ish by default (5 retries, long read timeout); keep failures quick and visible.
_TIMEOUT = urllib3.Timeout(connect=3.0, read=60.0)
_RETRIES = urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504))
# The S3 minimum part size; parts are read into memory one by one, so this bounds an upload's memory.
UPLOAD_PART_BYTES = 5 * 1024 * 1024
# Objects of one request stored at a time (and the HTTP connections kept per host for it).
PARALLEL_PUTS = 8


@dataclass(frozen=True)
class PutRequest:
    key: str
    stream: BinaryIO
    size: int
    content_type: str = "application/octet-stream"


class Storage:
    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, secure: bool = False):
        self.endpoint = endpoint
        self.bucket = bucket
        self._client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            http_client=urllib3.PoolManager(timeout=_TIMEOUT, retries=_RETRIES, maxsize=PARALLEL_PUTS),
        )
        self._bucket_ready = False
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pool_pid = 0

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Storage:
        settings = settings or get_settings()
        return cls(settings.S3_ENDPOINT, settings.S3_ACCESS_KEY, settings.S3_SECRET_KEY, settings.S3_BUCKET,
                   settings.S3_SECURE)

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet (once per Storage object)."""
        if self._bucket_ready:
            return
        with self._lock:
            if not self._bucket_ready:
                self._call(f"create bucket {self.bucket}", self._create_bucket_if_missing)
                self._bucket_ready = True

    def _create_bucket_if_missing(self) -> None:
        if self._client.bucket_exists(self.bucket):
            return
        try:
            self._client.make_bucket(self.bucket)
        except S3Error as exc:
            if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise

    def put(self, key: str, stream: BinaryIO, size: int, content_type: str = "application/octet-stream") -> None:
        """Store ``size`` bytes read from ``stream``, one multipart part in memory at a time."""
        self.ensure_bucket()
        self._call(f"store {key}", lambda: self._client.put_object(
            self.bucket, key, stream, size, content_type=content_type,
            part_size=UPLOAD_PART_BYTES, num_parallel_uploads=1))

    def put_many(self, objects: list[PutRequest]) -> None:
        """Store every object, several at a time (one request's files travel side by side instead of one after
        another); the first failure is raised once all have ended."""
        if len(objects) <= 1:
            for obj in objects:
                self.put(obj.key, obj.stream, obj.size, obj.content_type)
            return
        self.ensure_bucket()
        futures = [self._executor().submit(self.put, obj.key, obj.stream, obj.size, obj.content_type)
                   for obj in objects]
        errors = [future.exception() for future in futures]
        if first := next((error for error in errors if error is not None), None):
            raise first

    def _executor(self) -> ThreadPoolExecutor:
        # created on first use, and again in a forked process (the parent's threads are not there)
        with self._lock:
            if self._pool is None or self._pool_pid != os.getpid():
                self._pool = ThreadPoolExecutor(max_workers=PARALLEL_PUTS, thread_name_prefix="s3-put")
                self._pool_pid = os.getpid()
            return self._pool

    def get(self, key: str) -> bytes:
        self.ensure_bucket()

        def read() -> bytes:
            response = self._client.get_object(self.bucket, key)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

        return self._call(f"read {key}", read)

    def exists(self, key: str) -> bool:
        self.ensure_bucket()
        try:
            self._call(f"look up {key}", lambda: self._client.stat_object(self.bucket, key))
        except StorageError as exc:
            if isinstance(exc.__cause__, S3Error) and exc.__cause__.code in ("NoSuchKey", "NoSuchObject"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.ensure_bucket()
        self._call(f"delete {key}", lambda: self._client.remove_object(self.bucket, key))

    def check(self) -> None:
        """Raise StorageError unless the server answers and the bucket is usable (for health checks)."""
        self._call(f"reach bucket {self.bucket}", lambda: self._client.bucket_exists(self.bucket))

    def _call(self, action: str, operation: Callable[[], T]) -> T:
        try:
            return operation()
        except S3Error as exc:
            raise StorageError(f"could not {action}: {exc.code}: {exc.message}") from exc
        except (ServerError, InvalidResponseError) as exc:
            raise StorageUnavailable(f"could not {action}: object store answered {exc}") from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise StorageUnavailable(f"could not {action}: object store at {self.endpoint} unreachable ({exc})") from exc
        except MinioException as exc:
            raise StorageError(f"could not {action}: {exc}") from exc
