"""The workforce dashboard (/workforce/) for the PSW, for the whole authority, a team and the
twelve months to a day: the median of 20 warm requests and the queries one makes, at each scale,
against 300 ms (at 10x too); and the whole authority's first request with its five trend
charts drawn afresh (``core.charts`` keeps the charts it has drawn), reported only.

Run: .venv/bin/python benchmarks/workforce.py [--scale 1,10] (benchmarks/_harness.py). Seeding is
timed by benchmarks/seed.py, the other pages by benchmarks/pages.py."""

import argparse
import sys
import time

from _harness import Figure, main, page_figures, signed_in

from csc_workforce.core import charts

TARGET_MS = 300.0


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.organisation.models import Team

    team = Team.objects.order_by("name").first()
    assert team is not None
    rolling = "/workforce/?to_0=31&to_1=3&to_2=2025"
    figures = page_figures(
        [
            ("workforce dashboard, whole authority, PSW", "psw", "/workforce/"),
            ("workforce dashboard, a team, PSW", "psw", f"/workforce/?scope=team-{team.pk}"),
            ("workforce dashboard, twelve months to a day, PSW", "psw", rolling),
        ],
        scale,
        target=lambda scale: TARGET_MS,
    )
    client = signed_in("psw")
    client.get("/workforce/")
    charts._CACHE.clear()
    started = time.perf_counter()
    client.get("/workforce/")
    figures.append(
        Figure(
            "workforce dashboard, whole authority, its charts drawn afresh",
            scale,
            (time.perf_counter() - started) * 1000,
            "ms",
            None,
        )
    )
    return figures


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
