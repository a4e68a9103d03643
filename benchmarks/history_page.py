"""Load against capacity over 13 weeks (/caseloads/history/): the median of 20 warm requests and
the queries one makes, for the whole authority (PSW) and a team (team manager), at each scale,
against under 300 ms at 1x and under 1 s at 10x.

Run: .venv/bin/python benchmarks/history_page.py [--scale 1,10] (benchmarks/_harness.py)."""

import argparse
import sys

from _harness import Figure, main, page_figures


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    return page_figures(
        [
            ("loads week by week, whole authority, PSW", "psw", "/caseloads/history/"),
            ("loads week by week, own team, team manager", "teammanager", "/caseloads/history/"),
        ],
        scale,
    )


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
