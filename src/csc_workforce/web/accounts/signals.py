"""What happens to sign-in accounts that other apps record, without accounts knowing them."""

from django.dispatch import Signal

account_action = Signal()
"""Sent with ``user`` and ``message`` after an action on a sign-in account that changes no
field of it (an authenticator set up or removed); the audit trail records it."""
