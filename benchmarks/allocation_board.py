"""The allocation board for a team manager, and a suggestion for one child: the median of 20
warm requests (with the queries one makes) and of 20 suggestions, at each scale, against the
board's target of 300 ms and a suggestion's of 100 ms.

Run: .venv/bin/python benchmarks/allocation_board.py [--scale 1,10] (benchmarks/_harness.py).
The core computations alone are timed by benchmarks/caseloads.py."""

import argparse
import datetime as dt
import statistics
import sys
import time

from _harness import Figure, main, page_figures

BOARD_MS, SUGGESTION_MS = 300.0, 100.0


def measure(scale: int, options: argparse.Namespace) -> list[Figure]:
    from csc_workforce.web.caseloads import selectors, view_models
    from csc_workforce.web.organisation.models import Team

    today = dt.date(2025, 9, 30)
    waiting = selectors.unallocated(on=today)[0]
    figures = page_figures(
        [
            ("allocation board, team manager", "teammanager", "/caseloads/board/"),
            (
                "allocation board with a child's suggestions, team manager",
                "teammanager",
                f"/caseloads/board/?case={waiting.pk}",
            ),
        ],
        scale,
        target=lambda scale: BOARD_MS,
    )
    team = Team.objects.get(managers__user__username="teammanager")
    alike = frozenset(Team.objects.filter(team_type=team.team_type).values_list("pk", flat=True))
    found = selectors.loads_on(today, teams=alike)
    assert found is not None
    model, loads, _ = found
    times = []
    for _ in range(21):
        started = time.perf_counter()
        view_models.suggestions_for(case=waiting, model=model, loads=loads, team=team, on=today)
        times.append((time.perf_counter() - started) * 1000)
    figures.append(
        Figure("suggestion for one child", scale, statistics.median(times[1:]), "ms", SUGGESTION_MS)
    )
    return figures


if __name__ == "__main__":
    sys.exit(main(__doc__ or "", measure))
