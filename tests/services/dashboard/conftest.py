"""Fixtures of the dashboard tests; the live servers come from tests/services/conftest.py."""

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture(scope="session")
def http(api_url) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30) as session:
        yield session
