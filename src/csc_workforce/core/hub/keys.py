"""Pseudonymisation: a Social Work England number becomes a keyed hash.

``worker_key`` is HMAC-SHA-256 (RFC 2104 with SHA-256) of the normalised SWE number (trimmed,
upper case) under the region's secret, in hexadecimal. The same worker has the same key in
every authority's return and every year, so the hub can follow them; without the secret nobody
can compute a key from an SWE number (the numbers are few enough to try them all, so a plain
hash would hide nothing). The secret comes from the environment variable ``CSCW_HUB_SECRET``
and is never written anywhere. ``docs/hub.md`` has the threat model.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

from ..swe import is_valid_swe_number, normalise_swe_number

SECRET_VARIABLE = "CSCW_HUB_SECRET"  # noqa: S105 -- the variable's name, not a secret
MINIMUM_SECRET_LENGTH = 16
"""Characters: a short secret could be found by trying them all against a known worker's key."""


class MissingSecret(Exception):
    """The region's secret is not set (or too short to be a secret)."""


def hub_secret(environ: Mapping[str, str] | None = None) -> bytes:
    """The region's secret from ``CSCW_HUB_SECRET``, as bytes. Raises ``MissingSecret`` with
    what to do when it is unset or shorter than ``MINIMUM_SECRET_LENGTH``."""
    value = (os.environ if environ is None else environ).get(SECRET_VARIABLE, "")
    if not value.strip():
        raise MissingSecret(
            f"{SECRET_VARIABLE} is not set: the hub replaces each SWE number with a keyed hash "
            "and needs the region's secret to do it. Ask the region's key holder for it, or for "
            'a trial make one with: python -c "import secrets; print(secrets.token_hex(32))"'
        )
    if len(value) < MINIMUM_SECRET_LENGTH:
        raise MissingSecret(
            f"{SECRET_VARIABLE} has {len(value)} characters: a secret this short could be "
            f"guessed. Use at least {MINIMUM_SECRET_LENGTH} (64 hexadecimal digits is usual)."
        )
    return value.encode("utf-8")


def worker_key(swe_no: str | None, secret: bytes) -> str | None:
    """HMAC-SHA-256 of the normalised SWE number under ``secret``, as 64 hexadecimal digits;
    None when there is no valid SWE number (two letters then 1 to 10 digits)."""
    if not swe_no:
        return None
    number = normalise_swe_number(swe_no)
    if not is_valid_swe_number(number):
        return None
    return hmac.new(secret, number.encode("ascii"), hashlib.sha256).hexdigest()
