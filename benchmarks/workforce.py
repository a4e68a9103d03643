"""Seeding the demo authority and serving its busiest pages: measured figures against targets.

Run: make benchmark (or .venv/bin/python benchmarks/workforce.py). Uses a throw-away SQLite
database; prints one line per figure.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCALE = 6  # about 1,100 social workers in post and 200 agency workers, five years of history
TARGETS = {
    "seed scale 1 (s)": 15.0,
    f"seed scale {SCALE} (s)": 60.0,
    f"home page as service manager, scale {SCALE}, median of 20 (ms)": 300.0,
    f"teams page as service manager, scale {SCALE}, median of 20 (ms)": 300.0,
    f"workforce dashboard as service manager, scale {SCALE}, median of 20 (ms)": 300.0,
}


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="cscw-bench-"))
    os.environ["CSCW_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["CSCW_TODAY"] = "2025-09-30"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from csc_workforce.web.demo import demo_seed

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    measured: dict[str, float] = {}
    for scale in (1, SCALE):
        started = time.perf_counter()
        demo_seed(seed=1, scale=scale, force=True, progress=lambda line: None)
        measured[f"seed scale {scale} (s)"] = time.perf_counter() - started

    client = Client()
    # The service manager sees every team, as the PSW does, without a one-time code to give.
    client.force_login(User.objects.get(username="servicemanager"))
    from csc_workforce.web.workforce.models import StaffMember

    in_post = StaffMember.objects.filter(end_date__isnull=True).count()
    print(f"workers in post at scale {SCALE}: {in_post}")
    pages = (("home page", "/"), ("teams page", "/teams/"), ("workforce dashboard", "/workforce/"))
    for name, url in pages:
        client.get(url)  # warm
        times = []
        for _ in range(20):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        measured[f"{name} as service manager, scale {SCALE}, median of 20 (ms)"] = (
            statistics.median(times)
        )

    failed = False
    for name, target in TARGETS.items():
        value = measured[name]
        verdict = "ok" if value <= target else "OVER TARGET"
        failed |= value > target
        print(f"{name}: {value:.2f} (target {target:g}) {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
