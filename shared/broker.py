"""What the broker holds right now, read straight from Redis (kombu's redis transport layout): the backlog per
stage queue and which documents have a message waiting or delivered but not yet acknowledged.

The reconciler uses this to tell a document whose message was lost from one that is only waiting its turn;
/healthz and /metrics report the backlog. Only Redis brokers are inspected; for others ``inspect`` answers None
and the reconciler falls back to its grace period alone.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field

from shared.stages import QUEUES, stage_of_task

PRIORITY_SEP = "\x06\x16"  # kombu.transport.redis: a queue's priority lists are named queue + SEP + priority
PRIORITY_STEPS = (3, 6, 9)
UNACKED, UNACKED_INDEX = "unacked", "unacked_index"


@dataclass
class BrokerView:
    backlog: dict[str, int] = field(default_factory=dict)  # queue → messages waiting
    waiting: set[tuple[str, str]] = field(default_factory=set)  # (document id, stage) with a message waiting
    delivered: dict[tuple[str, str], float] = field(default_factory=dict)  # → seconds since delivery, unacked


def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)


def is_redis(url: str) -> bool:
    return url.startswith(("redis://", "rediss://", "unix://"))


def _keys(queue: str) -> list[str]:
    return [queue, *(f"{queue}{PRIORITY_SEP}{p}" for p in PRIORITY_STEPS)]


def _targets(raw: bytes | str) -> list[tuple[str, str]]:
    """(document id, stage) of each document of one Celery message as kombu stores it (a message holds one
    document or a batch), none if it is not a stage message."""
    try:
        message = json.loads(raw)
        if isinstance(message, list):  # unacked entries are [message, exchange, routing key]
            message = message[0]
        task = message["headers"]["task"]
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args = json.loads(body)[0]
        stage = stage_of_task(task).value
        return [(str(document_id), stage) for document_id in args]
    except (ValueError, KeyError, IndexError, TypeError, StopIteration):
        return []


def backlog(url: str) -> dict[str, int] | None:
    if not is_redis(url):
        return None
    with _client(url) as client:
        return {queue: sum(client.llen(key) for key in _keys(queue)) for queue in QUEUES}


def inspect(url: str) -> BrokerView | None:
    """The broker's view, or None when it is not Redis. Raises the client's error when unreachable."""
    if not is_redis(url):
        return None
    view = BrokerView()
    now = time.time()
    with _client(url) as client:
        for queue in QUEUES:
            count = 0
            for key in _keys(queue):
                for raw in client.lrange(key, 0, -1):
                    count += 1
                    view.waiting.update(_targets(raw))
            view.backlog[queue] = count
        delivered_at = {tag.decode(): score for tag, score in client.zrange(UNACKED_INDEX, 0, -1, withscores=True)}
        for tag, raw in client.hgetall(UNACKED).items():
            for target in _targets(raw):
                view.delivered[target] = now - delivered_at.get(tag.decode(), now)
    return view
