"""The measures-and-targets scorecard (/reporting/scorecard/) for the PSW, whole authority, a
service area and a team: the median of 20 warm requests against 300 ms at 1x and 1 s at 10x;
and the demo authority's annual report for 2025 built in each format at 1x (the median of 3
builds, after one to warm up): HTML under 3 s, Word under 10 s, PDF under 20 s; and once more
with every chart drawn afresh (``core.charts`` keeps the charts it has drawn, so a warm build
draws none); and one chart's drawing as SVG and as PNG (the median of 10 charts, none kept),
reported only.

Run: .venv/bin/python benchmarks/reporting.py [--scale 1,10] (benchmarks/_harness.py)."""

import argparse
import statistics
import sys
import time

from _harness import Figure, main, page_figures

from csc_workforce.core import charts

PAGE_MS = {1: 300.0}
"""The scorecard's target by scale; 1 s above 1x, as the other pages'."""
BUILD_S = {"html": 3.0, "docx": 10.0, "pdf": 20.0}


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.organisation.models import ServiceArea, Team
    from csc_workforce.web.reporting.services import report_build

    team = Team.objects.order_by("name").first()
    area = ServiceArea.objects.order_by("name").first()
    assert team is not None
    assert area is not None
    figures = page_figures(
        [
            ("scorecard, whole authority, PSW", "psw", "/reporting/scorecard/?year=2025"),
            (
                "scorecard, a service area, PSW",
                "psw",
                f"/reporting/scorecard/?year=2025&scope=area-{area.pk}",
            ),
            (
                "scorecard, a team, PSW",
                "psw",
                f"/reporting/scorecard/?year=2025&scope=team-{team.pk}",
            ),
        ],
        scale,
        target=lambda scale: PAGE_MS.get(scale, 1000.0),
    )
    if scale != 1:  # the targets are the demo authority's report
        return figures
    for fmt, target in BUILD_S.items():
        report_build(year=2025, fmt=fmt)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            report_build(year=2025, fmt=fmt)
            times.append(time.perf_counter() - started)
        figures.append(
            Figure(
                f"annual report 2025 as {fmt.upper()}", scale, statistics.median(times), "s", target
            )
        )
        charts._CACHE.clear()
        started = time.perf_counter()
        report_build(year=2025, fmt=fmt)
        figures.append(
            Figure(
                f"annual report 2025 as {fmt.upper()}, every chart drawn afresh",
                scale,
                time.perf_counter() - started,
                "s",
                target,
            )
        )
    figures += chart_figures(scale)
    return figures


def chart_figures(scale: int) -> list[Figure]:
    """One chart drawn as SVG and as PNG: a line chart of four series over five years, as the
    workforce dashboard's trends are, none of the 10 kept."""
    found = []
    for fmt in ("svg", "png"):
        times = []
        for n in range(10):
            plot = charts.line_plot(
                title=f"Benchmark {fmt} {n}",
                description="Four series over five years.",
                series=[
                    charts.Series(name, {y: 10.0 + n + i + (y % 3) for y in range(2021, 2026)})
                    for i, name in enumerate(("Northfield", "England", "Region", "Comparators"))
                ],
                unit="%",
            )
            started = time.perf_counter()
            plot.svg() if fmt == "svg" else plot.png()
            times.append((time.perf_counter() - started) * 1000)
        found.append(
            Figure(f"one line chart drawn as {fmt.upper()}", scale, statistics.median(times),
                   "ms", None)
        )  # fmt: skip
    return found


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
