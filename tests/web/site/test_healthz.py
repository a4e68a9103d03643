import pytest
from django.db import OperationalError
from django.test import Client


def test_healthz_reports_an_unreachable_database(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unreachable:
        def cursor(self) -> None:
            raise OperationalError("could not connect")

    monkeypatch.setattr("csc_workforce.web.site.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "unavailable",
        "reason": "database unreachable (OperationalError)",
    }
