"""The regional workforce data hub: many authorities' CSWW returns pooled, pseudonymised and
benchmarked, with movement between authorities (``docs/hub.md``). Plain Python and polars: no
Django, no ORM."""

from .ingest import HubInputError, Ingested, ingest
from .keys import SECRET_VARIABLE, MissingSecret, hub_secret, worker_key
from .read import MODES, Mode
from .report import write_report

__all__ = [
    "MODES",
    "SECRET_VARIABLE",
    "HubInputError",
    "Ingested",
    "MissingSecret",
    "Mode",
    "hub_secret",
    "ingest",
    "worker_key",
    "write_report",
]
