"""The caseload pages at about 1,000 workers with 60,000 and more children and five years of
allocations (the demo authority at scale 6): measured figures against targets.

Run: .venv/bin/python benchmarks/allocation_board.py (about two minutes; a throw-away SQLite
database). The core computations alone are timed by benchmarks/caseloads.py.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

SCALE = 6
TARGETS = {
    "allocation board for a team manager, median of 20 (ms)": 300.0,
    "every worker's current load from the database (s)": 2.0,
    "suggestion for one child, on the board (ms)": 100.0,
}


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="cscw-board-"))
    os.environ.update(
        CSCW_VAR_DIR=str(workdir),
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        CSCW_TODAY="2025-09-30",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.base")
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from csc_workforce.web.caseloads import selectors
    from csc_workforce.web.caseloads.models import Allocation, Case
    from csc_workforce.web.demo import demo_seed
    from csc_workforce.web.workforce.models import Team

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    demo_seed(seed=1, scale=SCALE, force=True, progress=lambda line: None)
    print(f"seeded scale {SCALE} in {time.perf_counter() - started:.0f} s")
    today = dt.date(2025, 9, 30)
    model_found = selectors.weighting_model(today)
    assert model_found is not None
    workers = len(selectors.worker_frame(today, model_found[0]))
    print(
        f"{workers} case-holding workers, {Case.objects.count():,} cases, "
        f"{Allocation.objects.count():,} allocations"
    )
    measured: dict[str, float] = {}
    started = time.perf_counter()
    selectors.loads_on(today)
    measured["every worker's current load from the database (s)"] = time.perf_counter() - started

    client = Client()
    client.force_login(User.objects.get(username="teammanager"))
    waiting = selectors.unallocated(on=today)[0]
    url = f"/caseloads/board/?case={waiting.pk}"
    client.get(url)
    times = []
    for _ in range(20):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    measured["allocation board for a team manager, median of 20 (ms)"] = statistics.median(times)
    found = selectors.loads_on(today)
    assert found is not None
    model, loads, _ = found
    team = Team.objects.get(managers__user__username="teammanager")
    started = time.perf_counter()
    selectors.suggestions_for(waiting, model=model, loads=loads, team=team, on=today)
    measured["suggestion for one child, on the board (ms)"] = (time.perf_counter() - started) * 1000
    failed = False
    for name, target in TARGETS.items():
        value = measured[name]
        failed |= value > target
        print(
            f"{name}: {value:.2f} (target {target:g}) {'ok' if value <= target else 'OVER TARGET'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
