from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    """The leaving factors page keeps its model until an audited change
    (``survival.factors``); a test's rolled-back data must not leave it behind."""
    cache.clear()
    yield
    cache.clear()
