"""A load test: 50 simulated users across the roles, each signing in and then reading pages and
now and then writing (allocating a waiting child, recording sickness), with 5 s of thinking
between requests (2.5 to 7.5 s, at random), for 3 minutes against ``cscw serve`` (gunicorn) on
PostgreSQL. Reports p50, p95 and p99 per page and the errors, against p95 under 500 ms and no
errors.

Run: .venv/bin/python benchmarks/load_test.py [--scale 1,10] [--users 50] [--duration 180]
[--think 5] [--workers 2] (benchmarks/_harness.py). Each run works on a copy of the scale's
database (cscw_bench_load_s<N>, dropped afterwards), so its writes do not build up."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from http.cookiejar import CookieJar
from pathlib import Path

from _harness import POSTGRES, PREFIX, VAR, Figure, main, one_time_codes

P95_MS = 500.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHILD = re.compile(r'href="[^"]*\?(?:[^"]*&amp;)?case=(\d+)"')
WORKER = re.compile(r'<option value="(\d+)"[^>]*>')


def options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds")
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds between requests")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))


class User:
    """One simulated person: a session of their own, and what they do."""

    def __init__(self, base: str, username: str, password: str, code: str | None = None) -> None:
        self.base, self.username, self.password, self.code = base, username, password, code
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = None if data is None else urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 (our server)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def sign_in(self) -> bool:
        status, page = self.request("/sign-in/")
        token = TOKEN.search(page)
        if status != 200 or token is None:
            return False
        form = {"username": self.username, "password": self.password}
        status, page = self.request("/sign-in/", form | {"csrfmiddlewaretoken": token[1]})
        token = TOKEN.search(page)
        if self.code is not None and token is not None and "two-factor" in page:
            form = {"code": self.code, "csrfmiddlewaretoken": token[1]}
            status, page = self.request("/sign-in/two-factor/", form)
        return status == 200 and "Sign out" in page


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def timed(self, user: User, name: str, path: str, data: dict[str, str] | None = None) -> str:
        started = time.perf_counter()
        try:
            status, page = user.request(path, data)
        except OSError:
            status, page = 0, ""
        took = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[name].append(took)
            if status != 200:
                self.errors[name] += 1
        return page


def plan(username: str, ids: dict[str, int]) -> list[tuple[str, str]]:
    """The pages a role reads, as (name, path)."""
    return {
        "psw": [
            ("home page", "/"),
            ("workforce dashboard", "/workforce/"),
            ("caseloads", "/caseloads/"),
            ("loads week by week", "/caseloads/history/"),
            ("children's experience", "/caseloads/experience/"),
            ("case audit results", "/quality/"),
            ("teams", "/teams/"),
        ],
        "teammanager": [
            ("home page", "/"),
            ("caseloads", "/caseloads/"),
            ("allocation board", "/caseloads/board/"),
            ("loads week by week", "/caseloads/history/"),
            ("a team", f"/teams/{ids['team']}/"),
            ("case audits", "/quality/audits/"),
        ],
        "servicemanager": [
            ("home page", "/"),
            ("caseloads", "/caseloads/"),
            ("workforce dashboard", "/workforce/"),
            ("case audit results", "/quality/"),
        ],
        "hr": [
            ("home page", "/"),
            ("teams", "/teams/"),
            ("a member of staff", f"/staff/{ids['staff']}/"),
            ("workforce dashboard", "/workforce/"),
        ],
        "analyst": [
            ("home page", "/"),
            ("workforce dashboard", "/workforce/"),
            ("children's experience", "/caseloads/experience/"),
            ("census", "/census/"),
        ],
        "socialworker": [("home page", "/"), ("own caseload", "/caseloads/mine/")],
        "admin": [("home page", "/"), ("audit trail", "/audit/")],
    }[username]


def allocate(user: User, results: Results) -> None:
    """A team manager opens the board, chooses the oldest waiting child that can be weighted and
    allocates them to the first worker offered (a 200 with a message if someone was quicker)."""
    board = results.timed(user, "allocation board", "/caseloads/board/")
    for child in CHILD.findall(board)[:5]:
        page = results.timed(
            user, "allocation board with a child", f"/caseloads/board/?case={child}"
        )
        workers, token = WORKER.findall(page), TOKEN.search(page)
        if workers and token:
            form = {
                "csrfmiddlewaretoken": token[1],
                "allocate-worker": workers[0],
                "allocate-start_0": "30",
                "allocate-start_1": "9",
                "allocate-start_2": "2025",
                "allocate-rationale": "Load test: the first worker offered",
            }
            results.timed(
                user, "allocating a child (write)", f"/caseloads/board/?case={child}", form
            )
            return


def sickness(user: User, results: Results, staff: int) -> None:
    """HR records a day of sickness for a member of staff."""
    path = f"/staff/{staff}/sickness/new/"
    page = results.timed(user, "sickness form", path)
    token = TOKEN.search(page)
    if token is None:
        return
    day = dt.date(2025, 9, 1) + dt.timedelta(days=random.randrange(29))  # noqa: S311
    form = {"csrfmiddlewaretoken": token[1], "working_days_lost": "1", "reason": "OTH"}
    for field, value in (("start_date", day), ("end_date", day)):
        form |= {f"{field}_0": str(value.day), f"{field}_1": str(value.month)}
        form |= {f"{field}_2": str(value.year)}
    results.timed(user, "recording sickness (write)", path, form)


def simulate(user: User, results: Results, ids: dict[str, int], until: float, think: float) -> None:
    if not user.sign_in():
        with results.lock:
            results.errors["signing in"] += 1
        return
    rng = random.Random(f"{user.username}{id(user)}")  # noqa: S311 (a simulation)
    pages = plan(user.username, ids)
    while time.monotonic() < until:
        time.sleep(rng.uniform(think / 2, think * 1.5))
        if time.monotonic() >= until:
            break
        if user.username == "teammanager" and rng.random() < 0.15:
            allocate(user, results)
        elif user.username == "hr" and rng.random() < 0.2:
            sickness(user, results, ids["staff"])
        else:
            name, path = rng.choice(pages)
            results.timed(user, name, path)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def copy_database(scale: int, database: str) -> str:
    """A copy of the scale's database for this run, as a DATABASE_URL."""
    from django.db import connections

    source = connections["default"].settings_dict["NAME"]
    connections.close_all()
    if database == "sqlite":
        target = VAR / f"cscw_bench_load_s{scale}.sqlite3"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    import psycopg

    name = f"{PREFIX}_load_s{scale}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    return f"{POSTGRES}/{name}"


def drop_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.demo import DEMO_USERNAMES, demo_password
    from csc_workforce.web.organisation.models import StaffMember, Team

    team = Team.objects.get(managers__user__username="teammanager")
    staff = StaffMember.objects.filter(team=team, end_date__isnull=True).order_by("pk").first()
    assert staff is not None
    ids = {"team": team.pk, "staff": staff.pk}
    passwords = {name: demo_password(username=name, seed=1) for name in DEMO_USERNAMES.values()}
    codes = one_time_codes(["psw", "hr", "admin"], options.users)  # they give a one-time code
    url = copy_database(scale, options.database)
    port = free_port()
    environment = os.environ | {"DATABASE_URL": url, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    cscw = str(Path(sys.executable).with_name("cscw"))
    command = [cscw, "serve", "--port", str(port), "--workers", str(options.workers)]
    server = subprocess.Popen(  # noqa: S603
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("Listening on"):
                break
        results = run(f"http://127.0.0.1:{port}", passwords, codes, ids, options)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        drop_database(url)
    return figures(results, scale)


# Who the 50 users are: mostly managers and the PSW, as in an authority's working day.
MIX = (["teammanager"] * 14 + ["psw"] * 8 + ["servicemanager"] * 8 + ["hr"] * 6
       + ["analyst"] * 6 + ["socialworker"] * 6 + ["admin"] * 2)  # fmt: skip


def run(
    base: str,
    passwords: dict[str, str],
    codes: dict[str, list[str]],
    ids: dict[str, int],
    options: argparse.Namespace,
) -> Results:
    results = Results()
    until = time.monotonic() + options.duration
    threads = []
    for number in range(options.users):
        username = MIX[number % len(MIX)]
        code = codes[username][number] if username in codes else None
        user = User(base, username, passwords[username], code)
        thread = threading.Thread(
            target=simulate, args=(user, results, ids, until, options.think), daemon=True
        )
        threads.append(thread)
        thread.start()
        time.sleep(options.think / options.users)  # arrivals spread over one think time
    for thread in threads:
        thread.join()
    return results


def figures(results: Results, scale: int) -> list[Figure]:
    """Each page's p95 against the target, and the errors; p50, p95 and p99 printed beside."""
    every = [took for times in results.times.values() for took in times]
    found = []
    print(f"{'page (ms)':48} {'requests':>9} {'p50':>8} {'p95':>8} {'p99':>8}")
    for name, times in [*sorted(results.times.items()), ("every request", every)]:
        cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else None
        if cuts is None:
            continue
        print(f"{name:48} {len(times):>9} {cuts[49]:>8.0f} {cuts[94]:>8.0f} {cuts[98]:>8.0f}")
        found.append(Figure(f"load test, {name}: p95", scale, cuts[94], "ms", P95_MS))
    errors = sum(results.errors.values())
    detail = ", ".join(f"{name} {count}" for name, count in sorted(results.errors.items()))
    found.append(
        Figure(f"load test, errors{f' ({detail})' if detail else ''}", scale, errors, "", 0)
    )
    return found


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure, extra=options))
