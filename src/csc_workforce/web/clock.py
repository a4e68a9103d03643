"""The web layer's clock: the real date, or the one pinned by the ``CSCW_TODAY`` setting."""

import datetime as dt

from django.conf import settings

from csc_workforce.core.clock import Clock, FixedClock, SystemClock


def clock() -> Clock:
    pinned = settings.CSCW_TODAY
    return FixedClock(dt.date.fromisoformat(pinned)) if pinned else SystemClock()
