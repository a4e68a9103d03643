"""Each role's home page (what needs their attention) and the service status page: the median
of 20 warm requests and the queries one makes, at each scale, against under 300 ms at 1x and
under a second at 10x. The queries should be the same at every scale (no section loops over
teams or people). The PSW's and service managers' indicators and hotspot teams are kept until
an audited change (``site.selectors.until_changed``): their first view after one is reported
too, the median of 5 with nothing kept (no target: it is the workforce dashboard's and the
children's experience page's work, whose own benchmarks hold their targets).

Run: .venv/bin/python benchmarks/home_page.py [--scale 1,10] [--runs 20] (benchmarks/_harness.py).
"""

import argparse
import statistics
import sys
import time

from _harness import Figure, main, page_figures, signed_in

PAGES = [
    ("home page, PSW", "psw", "/"),
    ("home page, service manager", "servicemanager", "/"),
    ("home page, team manager", "teammanager", "/"),
    ("home page, HR", "hr", "/"),
    ("home page, analyst", "analyst", "/"),
    ("home page, social worker", "socialworker", "/"),
    ("home page, administrator", "admin", "/"),
    ("service status, social worker", "socialworker", "/status/"),
]


def first_view(scale: int, username: str, runs: int = 5) -> Figure:
    """The home page of ``username`` with nothing kept, as after an audited change."""
    from django.core.cache import cache

    client = signed_in(username)
    times = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        assert client.get("/").status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    name = f"home page, {username}, first view after a change"
    return Figure(name, scale, statistics.median(times), "ms", None)


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    return [*page_figures(PAGES, scale), first_view(scale, "psw")]


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
