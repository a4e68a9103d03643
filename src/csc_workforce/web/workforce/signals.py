"""What the register tells other apps without knowing them."""

from django.dispatch import Signal

register_written_in_bulk = Signal()
"""Sent after a bulk write to the register that bypasses the models' signals (the CSWW import),
with ``since``: the earliest day whose jobs it may have changed. The caseloads app drops the
workers' loads it stored from that day."""

staff_converted = Signal()
"""Sent inside the conversion's transaction (``services.staff_convert``) with ``old`` and ``new``:
the engagement that ended and the one that starts. The caseloads app moves the old one's open
allocations to the new one."""

staff_started = Signal()
"""Sent inside the transaction of ``services.staff_create`` (a starter, or the new engagement of a
conversion) with ``staff``: the record just made. The development app starts their induction.
The staff import, which loads the register's history, does not send it."""
