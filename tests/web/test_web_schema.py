"""Schemathesis against /openapi.json: whatever the inputs, the API never answers 500."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from tests.web.conftest import NOW, seed

from innercircle.config import Config
from innercircle.services import Workspace
from innercircle.web import create_app

LOOPBACK = {"Host": "127.0.0.1"}


def test_api_never_answers_500(tmp_path):  # type: ignore[no-untyped-def]
    db = tmp_path / "web.db"
    ws = Workspace(str(db))
    seed(ws)
    app = create_app(Config(db=str(db)), clock=lambda: NOW, workspace=ws, warm=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=LOOPBACK)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):  # type: ignore[no-untyped-def]
            response = case.call(headers=LOOPBACK)
            assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"

        check()
    ws.close()
