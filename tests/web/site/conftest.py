from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    """The home page keeps figures computed from the whole register until an audited change
    (``site.selectors.until_changed``); a test's rolled-back data must not leave them behind."""
    cache.clear()
    yield
    cache.clear()
