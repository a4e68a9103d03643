"""Uploads: the task worker's peak memory importing the largest files allowed, and the time to
refuse a file over the size cap or beyond the bounds an import reads.

Run: make benchmark (or .venv/bin/python benchmarks/uploads.py). Serves the application with
gunicorn (one synchronous worker) and the task worker (cscw worker), as in production, on a
throw-away SQLite database, signs in as HR and uploads each file to the Import staff page as a
browser would; the worker's peak memory is its high-water mark (VmHWM), a fresh worker for each
file. Prints one line per figure.
"""

import http.cookiejar
import io
import json
import os
import random
import re
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MEMORY_TARGET_MB = 300.0
REFUSAL_TARGET_S = 1.0
TEAM = "Assessment team 1"
PASSWORD = "benchmark-cobalt-turnip-harbour"  # noqa: S105 (a throw-away database)
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, in hex
PORT = 8765


def _row(n: int) -> list[object]:
    person = [f"Given{n}", f"Family{n}", f"SW{100000 + n}", "1990-02-28", "F", "WBRI", "1"]
    job = ["University of Leeds", "frontline", TEAM, "5", "social_worker", "Social worker"]
    pay = ["permanent", "0.8", None, "38500", "2000", "2021-09-01", "1", None, None, None]
    return person + job + pay


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    from csc_workforce.core.staff_import import FIELDS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Staff")
    sheet.append(FIELDS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _largest() -> dict[str, tuple[str, bytes, bool]]:
    """The largest files an import reads: label -> (name, content, imported?)."""
    from csc_workforce.core.staff_import import FIELDS, MAX_ROWS

    lines = [",".join(FIELDS)]
    for n in range(MAX_ROWS):
        row = ["" if cell is None else str(cell) for cell in _row(n)]
        row[7] = "x" * 1850  # too long for qualifying_institution: every row has a problem
        lines.append(",".join(row))
    chance = random.Random(1)  # noqa: S311 (filler text)
    wide = [
        ["".join(chance.choices(string.ascii_letters, k=55)) for _ in FIELDS]
        for _ in range(MAX_ROWS)
    ]
    return {
        "staff.xlsx, 10,000 rows, imported": (
            "staff.xlsx",
            _xlsx([_row(n) for n in range(MAX_ROWS)]),
            True,
        ),
        "staff.csv, 10,000 rows of 1,900 characters, every row refused": (
            "staff.csv",
            ("\n".join(lines) + "\n").encode(),
            False,
        ),
        "staff.xlsx, 10,000 rows x 23 cells of 55 letters, refused": (
            "staff.xlsx",
            _xlsx(wide),
            False,
        ),
    }


def _beyond() -> dict[str, tuple[str, bytes]]:
    """Files beyond the limits: label -> (name, content)."""
    from openpyxl import Workbook

    from csc_workforce.core.staff_import import FIELDS, MAX_ROWS
    from csc_workforce.core.uploads import MAX_UNZIPPED_BYTES

    far = Workbook()
    sheet = far.active
    assert sheet is not None
    sheet.title = "Staff"
    sheet.append(FIELDS)
    for n in range(2, 3001):  # empty rows with one cell in the last column
        sheet.cell(row=n, column=16384, value="x")
    out = io.BytesIO()
    far.save(out)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNZIPPED_BYTES * 20))
    return {
        "over the size cap (25 MB)": ("staff.csv", b"a" * (25 * 1024 * 1024)),
        "cells in the last column (XFD)": ("staff.xlsx", out.getvalue()),
        "zip bomb (1 GB unzipped)": ("staff.xlsx", bomb.getvalue()),
        f"{MAX_ROWS + 50:,} rows, no size recorded": (
            "staff.xlsx",
            _xlsx([_row(n) for n in range(MAX_ROWS + 50)]),
        ),
    }


def _prepare(workdir: Path) -> dict[str, str]:
    """A database with a team and an HR account; the environment to serve it with."""
    environment = os.environ | {
        "CSCW_VAR_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "csc_workforce.web.settings.base",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSCW_RUN_JOBS_INLINE": "false",
    }
    os.environ.update(environment)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from csc_workforce.web.accounts.roles import Role, role_group
    from csc_workforce.web.organisation.models import LocalAuthority, ServiceArea, Team

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    authority = LocalAuthority.objects.create(
        name="Bench", new_la_code="E06999997", old_la_code="997", region_code="E12000001",
        region_name="North East",
    )  # fmt: skip
    area = ServiceArea.objects.create(authority=authority, name="Children's services")
    Team.objects.create(service_area=area, name=TEAM, team_type=Team.TeamType.CIN_CP)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    hr = User.objects.create_user("hr.bench", password=PASSWORD)
    TOTPDevice.objects.create(user=hr, key=TOTP_KEY, confirmed=True, tolerance=20)
    hr.groups.add(role_group(Role.HR))
    return environment


@contextmanager
def _served(environment: dict[str, str]) -> Iterator[int]:
    """gunicorn with one worker, and the task worker; yields the task worker's process ID."""
    command = [sys.executable, "-m", "gunicorn", "csc_workforce.web.wsgi:application",
               "--workers", "1", "--bind", f"127.0.0.1:{PORT}", "--timeout", "300"]  # fmt: skip
    server = subprocess.Popen(command, env=environment, stderr=subprocess.DEVNULL)  # noqa: S603
    task_worker = subprocess.Popen(
        [sys.executable, "-m", "csc_workforce", "worker", "--no-schedule"],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield task_worker.pid
    finally:
        task_worker.terminate()
        task_worker.wait()
        server.terminate()
        server.wait()


def _memory_mb(pid: int, field: str) -> float:
    found = re.search(rf"^{field}:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    assert found is not None
    return int(found.group(1)) / 1024


class _Browser:
    sign_ins = 0

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.base = f"http://127.0.0.1:{PORT}"

    def get(self, path: str) -> str:
        return str(self.opener.open(self.base + path, timeout=300).read().decode())

    def post(self, path: str, fields: dict[str, str], file: tuple[str, bytes] | None) -> object:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        boundary = uuid.uuid4().hex
        body = io.BytesIO()
        for name, value in (fields | {"csrfmiddlewaretoken": token}).items():
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                       f"{value}\r\n".encode())  # fmt: skip
        if file is not None:
            body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                       f'filename="{file[0]}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                       .encode())  # fmt: skip
            body.write(file[1] + b"\r\n")
        body.write(f"--{boundary}--\r\n".encode())
        request = urllib.request.Request(  # noqa: S310 (http to the local server)
            self.base + path,
            data=body.getvalue(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )
        try:
            return self.opener.open(request, timeout=300)
        except urllib.error.HTTPError as error:
            return error

    def sign_in(self) -> None:
        self.get("/sign-in/")
        self.post("/sign-in/", {"username": "hr.bench", "password": PASSWORD}, None)
        from django_otp.oath import hotp  # HR gives a one-time code too, a new one each time

        _Browser.sign_ins += 1
        step = int(time.time()) // 30 + _Browser.sign_ins
        self.post(
            "/sign-in/two-factor/", {"code": f"{hotp(bytes.fromhex(TOTP_KEY), step):06d}"}, None
        )
        assert "Import staff" in self.get("/staff/import/")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="cscw-bench-"))
    environment = _prepare(workdir)
    failed = False
    for label, (name, data, imported) in _largest().items():
        with _served(environment) as worker:
            browser = _browser()
            start_up = _memory_mb(worker, "VmRSS")
            started = time.perf_counter()
            response = browser.post("/staff/import/", {}, (name, data))
            task = response.geturl()  # type: ignore[attr-defined]
            assert "/tasks/imports/" in task, (label, task)
            while True:
                status = json.loads(browser.get(task.removeprefix(browser.base) + "status"))
                if status["status"] in ("done", "failed"):
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            page = browser.get(task.removeprefix(browser.base))
            assert ("Imported" in page) is imported, (label, status, page[-1500:])
            peak = _memory_mb(worker, "VmHWM")
        over = peak > MEMORY_TARGET_MB
        failed |= over
        unzipped = _unzipped(data) / 1024 / 1024
        print(
            f"{label}: file {len(data) / 1024 / 1024:.1f} MB ({unzipped:.1f} MB unzipped), "
            f"{seconds:.1f} s; worker peak memory {peak:.0f} MB (after start-up "
            f"{start_up:.0f} MB; target {MEMORY_TARGET_MB:g}) " + ("OVER TARGET" if over else "ok")
        )
    with _served(environment):
        browser = _browser()
        for label, (name, data) in _beyond().items():
            started = time.perf_counter()
            response = browser.post("/staff/import/", {}, (name, data))
            seconds = time.perf_counter() - started
            page = response.read().decode()  # type: ignore[attr-defined]
            assert re.search("too big|at most|as far as|once unzipped", page), (label, page[-1500:])
            over = seconds > REFUSAL_TARGET_S
            failed |= over
            verdict = "OVER TARGET" if over else "ok"
            print(f"refused, {label}: {seconds:.2f} s (target {REFUSAL_TARGET_S:g}) {verdict}")
    failed |= _csv_rows_refused()
    return 1 if failed else 0


def _csv_rows_refused() -> bool:
    """A CSV file of one row more than an import reads, refused by the core's reader (the task
    worker's part) before any cell is checked: prints the time, True when over target."""
    from csc_workforce.core.staff_import import MAX_ROWS, read_staff_file

    body = "".join(f"Given{n},Family{n},not-a-number\n" for n in range(MAX_ROWS + 1))
    data = ("given_name,family_name,swe_number\n" + body).encode()
    started = time.perf_counter()
    problems = read_staff_file(data, filename="staff.csv").problems
    seconds = time.perf_counter() - started
    assert len(problems) == 1, problems[:3]
    over = seconds > REFUSAL_TARGET_S
    verdict = "OVER TARGET" if over else "ok"
    label = f"{MAX_ROWS + 1:,} rows of CSV, by the reader"
    print(f"refused, {label}: {seconds:.2f} s (target {REFUSAL_TARGET_S:g}) {verdict}")
    return over


def _browser() -> _Browser:
    browser = _Browser()
    browser.sign_in()
    return browser


def _unzipped(data: bytes) -> int:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return len(data)


if __name__ == "__main__":
    sys.exit(main())
