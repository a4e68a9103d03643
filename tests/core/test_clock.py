import datetime as dt

from csc_workforce.core.clock import FixedClock, SystemClock


def test_a_fixed_clock_stays_put() -> None:
    clock = FixedClock(dt.date(2025, 9, 30))
    assert clock.today() == dt.date(2025, 9, 30)
    assert clock.now() == dt.datetime(2025, 9, 30, 12, 0, tzinfo=dt.UTC)


def test_the_system_clock_is_timezone_aware() -> None:
    assert SystemClock().now().tzinfo is dt.UTC
