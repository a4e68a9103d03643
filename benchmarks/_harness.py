"""What the benchmarks share: a database of the demo authority at each scale, warm page timings
with their query counts, and the figures printed against their targets.

Every benchmark takes ``--scale`` (default ``1,10``: the demo authority, about 480 social workers
and 32,000 children, and ten times it) and measures each scale in a process of its own. On
PostgreSQL (``BENCH_POSTGRES``, default postgres://postgres@127.0.0.1:5432, when it answers)
each scale has its own database, ``cscw_bench_s<N>`` (``BENCH_PREFIX`` changes the first part),
seeded once and kept for the next run (``--fresh`` seeds it again); otherwise SQLite under
var/benchmarks/. ``--database sqlite``
chooses SQLite. The day is pinned to the demo's 30 September 2025.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "benchmarks"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_PREFIX", "cscw_bench")
"""Databases are named PREFIX_s<scale> (another prefix keeps another copy, say of older code)."""
TODAY = "2025-09-30"
RUNS = 20


@dataclass(frozen=True)
class Figure:
    """One measured figure at one scale against its target (``None``: reported only)."""

    name: str
    scale: int
    value: float
    unit: str
    target: float | None
    queries: int | None = None

    @property
    def ok(self) -> bool:
        return self.target is None or self.value <= self.target


def page_target(scale: int) -> float:
    """Every page: under 300 ms for the demo authority, under a second at ten times it."""
    return 300.0 if scale <= 1 else 1000.0


def main(
    doc: str,
    measure: Callable[[int, argparse.Namespace], list[Figure]],
    *,
    scales: str = "1,10",
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
    seed: bool = True,
    name: str = "{prefix}_s{scale}",
    database: bool = True,
) -> int:
    """Parse the arguments; measure each scale in a process of its own (``measure(scale,
    options)`` after Django is set up on that scale's database); print every figure against its
    target. Exit status 1 when a figure misses its target. ``seed`` False leaves the database
    (``name``, formatted with the scale) empty but migrated; ``database`` False measures the core
    alone, every scale in this process, without Django."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--scale", default=scales, help=f"scales to measure (default {scales})")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default=None)
    parser.add_argument("--fresh", action="store_true", help="seed the databases again")
    parser.add_argument("--one", type=int, default=0, help=argparse.SUPPRESS)
    if extra is not None:
        extra(parser)
    options = parser.parse_args()
    if not database:  # the core alone: every scale in this process
        options.database = "no database"
        scales_ = [int(part) for part in options.scale.split(",")]
        return report([f for scale in scales_ for f in measure(scale, options)], database="")
    if options.database is None:
        options.database = "postgres" if postgres_answers() else "sqlite"
    if options.one:
        setup(
            options.one,
            database=options.database,
            fresh=options.fresh,
            seed=seed,
            name=name.format(scale=options.one, prefix=PREFIX),
        )
        figures = measure(options.one, options)
        print("FIGURES " + json.dumps([asdict(figure) for figure in figures]))
        return 0
    figures = []
    for scale in (int(part) for part in options.scale.split(",")):
        figures += _in_own_process(scale, options)
    return report(figures, database=options.database)


def _in_own_process(scale: int, options: argparse.Namespace) -> list[Figure]:
    argv = [a for a in sys.argv[1:] if not a.startswith("--scale") and a != options.scale]
    command = [sys.executable, sys.argv[0], *argv, "--one", str(scale)]
    command += ["--database", options.database]
    print(f"… scale {scale} on {options.database}", flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    lines = completed.stdout.splitlines()
    found = [line for line in lines if line.startswith("FIGURES ")]
    for line in lines:
        if not line.startswith("FIGURES "):
            print(f"  {line}")
    if completed.returncode != 0 or not found:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"scale {scale} failed (exit {completed.returncode})")
    return [Figure(**values) for values in json.loads(found[-1].removeprefix("FIGURES "))]


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=2).close()
    except Exception:
        return False
    return True


def database_url(name: str, *, database: str, fresh: bool) -> str:
    """A database for ``name``: created on PostgreSQL if absent (dropped first when ``fresh``),
    or an SQLite file."""
    if database == "sqlite":
        path = VAR / f"{name}.sqlite3"
        if fresh and path.exists():
            path.unlink()
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        if fresh:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def setup(scale: int, *, database: str, name: str, fresh: bool = False, seed: bool = True) -> None:
    """Django on the database ``name``, holding the demo authority at ``scale`` (seeded if it is
    not there) unless ``seed`` is false."""
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=database_url(name, database=database, fresh=fresh),
        CSCW_VAR_DIR=str(VAR),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        CSCW_TODAY=TODAY,
        DJANGO_SETTINGS_MODULE="csc_workforce.web.settings.base",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if seed:
        from csc_workforce.web.demo import demo_seed

        started = time.perf_counter()
        demo_seed(seed=1, scale=scale, force=True, progress=lambda line: None)
        took = time.perf_counter() - started
        if took > 5:
            print(f"seeded scale {scale} in {took:.0f} s")


def signed_in(username: str) -> Any:
    """A test client signed in as ``username``, having given a one-time code if their role
    needs one (Administrator, PSW, HR: the session is marked verified by an authenticator)."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def one_time_codes(usernames: Iterable[str], count: int) -> dict[str, list[str]]:
    """For each of ``usernames``, an authenticator and ``count`` recovery codes (each good for
    one sign-in) stored in the benchmark's database, so that simulated people who must give a
    one-time code can sign in over HTTP."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    codes = {}
    for user in User.objects.filter(username__in=list(usernames)):
        TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="Benchmark sign-ins")
        codes[user.username] = [f"bench{n:04d}" for n in range(count)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes[user.username]
        )
    return codes


def time_page(client: Any, url: str, *, runs: int = RUNS) -> tuple[float, int]:
    """The median of ``runs`` warm requests for ``url`` (ms), after one to warm up, and the
    queries one request makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: each request starts by clearing the log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), count


def page_figures(
    pages: Iterable[tuple[str, str, str]], scale: int, target: Callable[[int], float] = page_target
) -> list[Figure]:
    """(name, username, url) pages timed as ``time_page``."""
    figures = []
    clients: dict[str, Any] = {}
    for name, username, url in pages:
        client = clients.setdefault(username, signed_in(username))
        value, queries = time_page(client, url)
        figures.append(Figure(name, scale, value, "ms", target(scale), queries))
    return figures


def machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GiB"
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.machine(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.machine()
    )
    return f"{model}, {cores} cores{memory}, Python {platform.python_version()}"


def report(figures: list[Figure], *, database: str) -> int:
    """Each figure against its target, and whether query counts stay flat across scales."""
    scales = sorted({figure.scale for figure in figures})
    print(f"\n{'figure':64} {'scale':>5} {'measured':>10} {'target':>10} {'queries':>8}")
    for figure in figures:
        target = "—" if figure.target is None else f"< {figure.target:g}" if figure.target else "0"
        verdict = "ok" if figure.ok else "OVER TARGET"
        queries = "" if figure.queries is None else str(figure.queries)
        print(
            f"{figure.name + (f' ({figure.unit})' if figure.unit else ''):64} "
            f"{figure.scale:>4}x {figure.value:>10.1f} "
            f"{target:>10} {queries:>8}  {verdict}"
        )
    growing = sorted(
        {
            figure.name
            for figure in figures
            if figure.queries is not None
            and len({f.queries for f in figures if f.name == figure.name}) > 1
        }
    )
    if len(scales) > 1 and any(figure.queries is not None for figure in figures):
        print("query counts: " + ("flat" if not growing else f"GROW for {', '.join(growing)}"))
    print(f"on {database + ', ' if database else ''}{machine()}")
    return 1 if growing or not all(figure.ok for figure in figures) else 0
