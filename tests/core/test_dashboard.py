"""The workforce dashboard assembled in the core from plain data: the register of the hand-made
authority of test_register (six people) beside DfE's published 2025 figures."""

from csc_workforce.core import measures
from csc_workforce.core.comparison import published_release
from csc_workforce.core.dashboard import Authority, workforce_dashboard
from csc_workforce.core.register import Register
from tests.core.test_register import northbrook  # noqa: F401 (the register, a fixture)

NORTHBROOK = Authority(
    name="Northbrook",
    old_la_code="998",  # no row in DfE's release: compared through its region
    region_code="E12000001",  # North East
    comparators=("390",),
    comparator_names=("Gateshead",),
)


def test_the_dashboard_is_built_from_frames_and_dfes_release(northbrook: Register) -> None:  # noqa: F811
    board = workforce_dashboard(
        register=northbrook,
        release=published_release(),
        release_note="DfE, shipped",
        authority=NORTHBROOK,
        teams=None,
        scope_name="Northbrook",
        year=2025,
        years=[2025],
    )
    assert (board.authority, board.year, board.release_note) == ("Northbrook", 2025, "DfE, shipped")
    assert board.comparators == ["Gateshead"]
    # Rows: the catalogue's headline measures, in its order, named as it names them.
    assert [(row.measure, row.label) for row in board.rows] == [
        (measure.key, measure.name) for measure in measures.HEADLINE
    ]
    turnover = next(row for row in board.rows if row.measure == "turnover_rate_fte")
    # Northbrook's own: 3 people in post and 2 leavers, fewer than 5, so 'c'.
    assert turnover.this_year.text == "c"
    # DfE's 2025 turnover rates (csww_indicators_2017_to_2025.csv): England 11.8, the North
    # East 11.7, Gateshead 16 (the one comparator, so its average is 16.0).
    assert turnover.england.text == "11.8"
    assert turnover.regions[0][1].text == "11.7"
    assert (turnover.neighbours.text, turnover.neighbours_count) == ("16.0", "1 of 1")
    assert "c" in dict(board.symbols)  # its meaning shown beside the table
    # The trends: the charted measures, Northbrook's own figure in 2025 ('c'), DfE's otherwise.
    assert [t.measure for t in board.trends] == [
        "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
        "absence_rate_fte",
    ]  # fmt: skip
    assert board.trends[0].label == "Turnover rate"
    # Who is in post on 30 September 2025: 3 people, 2.5 FTE, each fewer than 5 and so 'c'.
    assert (board.profile.headcount, board.profile.fte) == ("c", "c")
    assert len(board.months) == 12
