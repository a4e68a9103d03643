import datetime as dt

import pytest

from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> dt.date:
    """Every web test runs on 30 September 2025 unless it pins another day."""
    settings.CSCW_TODAY = TODAY.isoformat()  # type: ignore[attr-defined]
    return TODAY
