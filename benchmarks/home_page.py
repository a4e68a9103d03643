"""Each role's home page (what needs their attention) and the service status page: the median
of 20 warm requests and the queries one makes, at each scale, against under 300 ms at 1x and
under a second at 10x. The queries should be the same at every scale (no section loops over
teams or people).

Run: .venv/bin/python benchmarks/home_page.py [--scale 1,10] [--runs 20] (benchmarks/_harness.py).
"""

import argparse
import sys

from _harness import Figure, main, page_figures

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


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    return page_figures(PAGES, scale)


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
