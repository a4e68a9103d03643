"""The demo authority for the reporting tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from csc_workforce.web.demo import demo_seed


@pytest.fixture
def northfield(db: None) -> None:
    """The demo authority, without caseloads, as the workforce dashboard's tests seed it."""
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=False)


@pytest.fixture
def northfield_with_caseloads(db: None) -> None:
    """The demo authority with its caseloads (children, allocations, weighting model) and the
    case audits made of them."""
    demo_seed(seed=1, scale=1, progress=lambda line: None, caseloads=True)


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    """The scorecard keeps figures that are the same for every part of the authority until an
    audited change (``site.selectors.until_changed``); a test's rolled-back data must not leave
    them behind."""
    cache.clear()
    yield
    cache.clear()
