"""Property-based requests from the API's own OpenAPI schema (schemathesis) against the live API, on SQLite and
PostgreSQL: whatever the input, the answer is never a server error. The example count is bounded so that the
run stays short; the event stream (an endless response) is left out."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES_PER_OPERATION = 60
SKIPPED = ("/events",)


def test_no_input_makes_the_api_fail_with_a_server_error(api_url):
    schema = schemathesis.openapi.from_url(f"{api_url}/openapi.json")
    errors: list[str] = []
    requests = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.endswith(SKIPPED):
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            nonlocal requests
            requests += 1
            response = case.call(base_url=api_url, timeout=30)
            if response.status_code >= 500:
                errors.append(f"{case.method} {case.formatted_path} {case.query or ''} → {response.status_code}: "
                              f"{response.text[:200]}")

        check()
    print(f"\nschemathesis: {requests} requests, {len(errors)} server errors")
    assert requests > 100
    assert not errors, "\n".join(errors[:20])
