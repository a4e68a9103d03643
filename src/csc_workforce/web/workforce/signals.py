"""What the register tells other apps without knowing them."""

from django.dispatch import Signal

register_written_in_bulk = Signal()
"""Sent after a bulk write to the register that bypasses the models' signals (the CSWW import),
with ``since``: the earliest day whose jobs it may have changed. The caseloads app drops the
workers' loads it stored from that day."""
