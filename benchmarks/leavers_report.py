"""The leavers' and joiners' report (/voice/leavers/report/) for HR, and the log of complaints,
compliments and feedback (/voice/feedback/) for the PSW, on the demo authority at each scale:
the median of 20 warm requests and the queries one makes, against 300 ms at 1x and 1 s at 10x.

Run: .venv/bin/python benchmarks/leavers_report.py [--scale 1,10] (benchmarks/_harness.py).
The report for the last year (the demo's leavers, joiners, a year of exit questionnaires and
joiners' answers), for five years, and its CSV; the log for its last eight quarters (about 500
entries at 1x, the same at 10x: the demo logs a fixed number a month)."""

import argparse
import sys

from _harness import Figure, main, page_figures


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    report = "/voice/leavers/report/"
    return page_figures(
        [
            ("leavers' and joiners' report, last year, HR", "hr", report),
            (
                "leavers' and joiners' report, five years, HR",
                "hr",
                f"{report}?from=2020-10-01&to=2025-09-30",
            ),
            ("leavers' and joiners' report as CSV, last year, HR", "hr", f"{report}?format=csv"),
            ("complaints, compliments and feedback, PSW", "psw", "/voice/feedback/"),
        ],
        scale,
    )


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
