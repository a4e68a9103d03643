"""Reading settings from the environment. Blank counts as unset, so ``.env.example`` can list
every variable with an empty value. Nothing here needs Django (``cscw csww validate`` reads the
upload limit without starting it)."""

import os
from pathlib import Path

MAX_UPLOAD_MB = 20
"""The default of ``CSCW_MAX_UPLOAD_MB``, the largest file the service reads, in MB."""


def env(name: str, default: str = "") -> str:
    """The variable's value; blank counts as unset, so ``.env.example`` can list every name."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    return value.lower() in {"1", "true", "yes", "on"} if value else default


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_map(name: str) -> dict[str, str]:
    """``key=value`` pairs separated by commas, e.g. ``CSCW.PSW=psw,CSCW.HR=hr``."""
    pairs = (item.partition("=") for item in env_list(name, ""))
    return {key.strip(): value.strip() for key, _, value in pairs}


def too_large(path: Path, *, limit_mb: int) -> str | None:
    """Why a file named on the command line is refused unread, if it is larger than
    ``CSCW_MAX_UPLOAD_MB``."""
    size = path.stat().st_size if path.is_file() else 0
    if size > limit_mb * 1024 * 1024:
        return (
            f"{path} is {size / (1024 * 1024):.1f} MB: files can be at most {limit_mb} MB "
            "(CSCW_MAX_UPLOAD_MB)"
        )
    return None


def var_dir() -> Path:
    """Where the service keeps its files (``CSCW_VAR_DIR``, else ``var`` in the working
    directory): the local database, secret key, static files and caches."""
    return Path(env("CSCW_VAR_DIR") or Path.cwd() / "var").resolve()
