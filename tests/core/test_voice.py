"""Survey text, answers and results, with figures worked out by hand in the comments."""

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.suppression import Sum, suppress_groups
from csc_workforce.core.voice import (
    AnswerError,
    Breakdown,
    SurveyError,
    SurveyQuestion,
    SurveyResults,
    SurveySection,
    check_answers,
    group_standards_mean,
    parse_survey,
    questions_of,
    responses_frame,
    standards_mean,
    standards_score,
    survey_results,
    threshold_of,
    write_survey,
)

SURVEYS = (
    Path(__file__).resolve().parents[2] / "src" / "csc_workforce" / "web" / "voice" / "surveys"
)

TEXT = """\
# Workload
[agree] fair: Work is allocated fairly.
    In your team.
[number 0-40] hours: Hours beyond contract last week?

# Staying
[choice] next: Where in a year?
    * Here
    * Elsewhere
[rank] why: Why do you stay?
    * Team
    * Pay
[scale10] recommend: Recommend us?
[text] more: Anything else?
"""


def test_sections_questions_options_and_ranges_are_read() -> None:
    sections = parse_survey(TEXT)
    assert [s.title for s in sections] == ["Workload", "Staying"]
    assert sections[0].questions[0] == SurveyQuestion(
        "fair", "Work is allocated fairly.", "agree", "In your team."
    )
    assert sections[0].questions[1].low == 0
    assert sections[0].questions[1].high == 40
    assert sections[1].questions[0].options == ("Here", "Elsewhere")
    assert [q.kind for q in questions_of(sections)] == [
        "agree",
        "number",
        "choice",
        "rank",
        "scale10",
        "text",
    ]


def test_every_problem_names_its_line_and_rule() -> None:
    text = (
        "[agree] a: Before a section\n"  # 1
        "# One\n"  # 2
        "[likert] b: Wrong type\n"  # 3
        "[agree] No key here\n"  # 4
        "[number] c: No range\n"  # 5
        "[choice] d: One option\n"  # 6
        "    * Only\n"  # 7
        "[agree] e: Fine\n"  # 8
        "    * An option on agree\n"  # 9
        "[scale10] e: Same key\n"  # 10
    )
    with pytest.raises(SurveyError) as error:
        parse_survey(text)
    problems = error.value.problems
    assert problems[0] == "Line 1: a question must come under a section (# title)"
    assert problems[1].startswith("Line 3: [likert] is not a question type")
    assert problems[2].startswith("Line 4: give the question a key before its wording")
    assert problems[3] == "Line 5: a number question gives its range, as [number 0-80]"
    assert problems[4] == "Line 9: only [choice], [multi] and [rank] questions have options"
    assert problems[5] == 'Line 10: the key "e" is already used on line 8'
    assert problems[6] == 'Line 6: the question "d" needs at least two options'


def test_the_shipped_surveys_parse_with_stable_keys() -> None:
    health = parse_survey((SURVEYS / "health_check.txt").read_text())
    assert [s.title.split(":")[0] for s in health[:8]] == [f"Standard {n}" for n in range(1, 9)]
    keys = {q.key for q in questions_of(health)}
    assert {"s3_fair", "s3_hours_over", "s3_cases", "s4_recommend", "stay_reasons"} <= keys
    pulse = parse_survey((SURVEYS / "pulse.txt").read_text())
    # the pulse survey asks some health check questions under the same keys, so they compare
    assert {q.key for q in questions_of(pulse) if q.kind != "text"} <= keys
    parse_survey((SURVEYS / "joiners.txt").read_text())


kinds = st.sampled_from(["agree", "scale10", "number", "choice", "multi", "rank", "text"])
words = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=12)


@st.composite
def surveys(draw: st.DrawFn) -> tuple[SurveySection, ...]:
    used: set[str] = set()
    sections = []
    for s in range(draw(st.integers(1, 3))):
        questions = []
        for i in range(draw(st.integers(1, 4))):
            kind = draw(kinds)
            key = f"q{s}_{i}"
            used.add(key)
            options = tuple(draw(st.lists(words, min_size=2, max_size=4, unique=True)))
            low = draw(st.integers(-50, 50))
            questions.append(
                SurveyQuestion(
                    key,
                    draw(words) + "?",
                    kind,
                    draw(st.one_of(st.just(""), words)),
                    options if kind in ("choice", "multi", "rank") else (),
                    low if kind == "number" else None,
                    low + draw(st.integers(1, 50)) if kind == "number" else None,
                )
            )
        sections.append(SurveySection(draw(words).capitalize(), tuple(questions)))
    return tuple(sections)


@given(surveys())
def test_written_surveys_read_back_the_same(sections: tuple[SurveySection, ...]) -> None:
    assert parse_survey(write_survey(sections)) == sections


@given(st.text(max_size=300))
def test_any_text_parses_or_names_its_problems(text: str) -> None:
    problems: list[str] = []
    try:
        parse_survey(text)
    except SurveyError as error:
        problems = error.problems
    assert all(p.startswith(("Line ", "Section ", "The survey")) for p in problems)


def test_answers_are_checked_and_out_of_range_answers_are_refused() -> None:
    sections = parse_survey(TEXT)
    answers = check_answers(
        sections,
        {"fair": "dk", "hours": "7.5", "next": "Here", "why": ["Pay", "Team"], "recommend": "9"},
    )
    assert answers == {
        "fair": "dk",
        "hours": 7.5,
        "next": "Here",
        "why": ["Pay", "Team"],
        "recommend": 9,
    }
    with pytest.raises(AnswerError) as error:
        check_answers(
            sections,
            {
                "fair": "6",
                "hours": "41",
                "next": "Nowhere",
                "why": ["Pay", "Pay"],
                "recommend": "11",
            },
        )
    assert set(error.value.problems) == {"fair", "hours", "next", "why", "recommend"}
    assert error.value.problems["hours"] == "Enter a number from 0 to 40"


def test_the_threshold_is_never_below_five() -> None:
    assert threshold_of(3) == 5
    assert threshold_of(8) == 8


def test_hidden_groups_together_must_also_reach_the_threshold() -> None:
    # Teams of 2 and 2 are each hidden; neither follows from the total (14) alone, but their
    # sum (4) does, and with it their mean: the smallest shown team (T3, 4 people) is hidden
    # too, so the hidden teams hold 8 people together.
    counts = {"all": 14, "T1": 2, "T2": 2, "T3": 4, "T4": 6}
    hidden = suppress_groups(counts, [Sum("all", ("T1", "T2", "T3", "T4"))])
    assert hidden == {"T1", "T2", "T3"}


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return responses_frame(parse_survey(TEXT), rows)


ROWS: list[dict[str, object]] = [
    {"fair": 5, "recommend": 10, "hours": 2, "team": "T1", "area": "A", "role": "Case holder"},
    {"fair": 4, "recommend": 9, "hours": 4, "team": "T1", "area": "A", "role": "Case holder"},
    {"fair": 3, "recommend": 7, "hours": 0, "team": "T1", "area": "A"},
    {"fair": 2, "recommend": 6, "team": "T1", "area": "A", "role": "Case holder"},
    {"fair": 1, "recommend": 0, "hours": 6, "team": "T1", "area": "A", "role": "Case holder"},
    {
        "fair": "dk",
        "recommend": 8,
        "hours": 3,
        "team": "T2",
        "area": "A",
        "role": "Case holder",
        "more": "More admin support",
    },
]


def test_figures_of_agreement_and_scale_questions_by_hand() -> None:
    results = survey_results(
        parse_survey(TEXT),
        _frame(ROWS),
        invited=12,
        team_areas={"T1": "A", "T2": "A"},
        free_text=True,
    )
    fair, hours = results.sections[0][3]
    # fair: 5, 4, 3, 2, 1, don't know: 2 of the 5 with a view agree (40.0%); the scores
    # 100, 75, 50, 25, 0 average 50.0
    assert (fair.answered, fair.agree_share, fair.score) == (6, 40.0, 50.0)
    assert fair.distribution[-1] == ("Don't know", 1, 16.7)
    assert results.sections[0][1] == 50.0
    # hours: 2, 4, 0, 6, 3 -> mean 3.0
    assert hours.mean == 3.0
    recommend = results.sections[1][3][2]
    # 10, 9, 7, 6, 0, 8: mean 40 / 6 = 6.7; 7 or more 4 of 6 (66.7%); 9 or more 2 of 6 (33.3%)
    assert (recommend.mean, recommend.share_7, recommend.share_9) == (6.7, 66.7, 33.3)
    # 6 responses of 12 invited
    assert results.response_rate == 50.0
    assert results.free_text == {"more": ("More admin support",)}


def test_a_small_team_and_its_complement_are_suppressed() -> None:
    results = survey_results(
        parse_survey(TEXT), _frame(ROWS), invited=12, team_areas={"T1": "A", "T2": "A"}
    )
    teams = {row[0]: row for row in results.breakdowns[0].rows}
    # T2 (1 response) is hidden, and so is T1 (5), or all (6) less T1 would give T2
    assert teams["T1"][1] is None
    assert teams["T2"][1] is None
    assert teams["T1"][2] == (None, None)
    areas = {row[0]: row[1] for row in results.breakdowns[1].rows}
    assert areas == {"A": 6}
    roles = {row[0]: row[1] for row in results.breakdowns[2].rows}
    # 5 case holders and 1 not stated: both hidden
    assert roles == {"Case holder": None, "Not stated": None}
    assert results.question_groups["fair"][("area", "A")] == 50.0
    assert results.question_groups["fair"][("team", "T1")] is None
    assert results.free_text == {}


def test_fewer_responses_than_the_threshold_show_nothing() -> None:
    results = survey_results(
        parse_survey(TEXT), _frame(ROWS[:4]), invited=12, team_areas={"T1": "A"}
    )
    assert results.suppressed
    assert results.sections == ()


def test_last_years_figures_are_beside_this_years_by_key() -> None:
    last = _frame([{**row, "fair": 4} for row in ROWS])
    results = survey_results(
        parse_survey(TEXT),
        _frame(ROWS),
        invited=12,
        team_areas={"T1": "A", "T2": "A"},
        previous=last,
        previous_sections=parse_survey(TEXT),
    )
    fair = results.sections[0][3][0]
    # last year all six agreed (4 = 75)
    assert fair.previous == 75.0
    assert results.sections[0][2] == 75.0


@st.composite
def nested_counts(draw: st.DrawFn) -> tuple[dict[str, int], list[Sum[str]]]:
    """Teams within areas within all, each team a count of people from 0 to 30."""
    counts: dict[str, int] = {}
    sums: list[Sum[str]] = []
    areas = []
    for a in range(draw(st.integers(1, 4))):
        teams = [f"T{a}.{t}" for t in range(draw(st.integers(1, 5)))]
        for team in teams:
            counts[team] = draw(st.integers(0, 30))
        counts[f"A{a}"] = sum(counts[t] for t in teams)
        sums.append(Sum(f"A{a}", tuple(teams)))
        areas.append(f"A{a}")
    counts["all"] = sum(counts[a] for a in areas)
    sums.append(Sum("all", tuple(areas)))
    sums.append(Sum("all", tuple(k for k in counts if k.startswith("T"))))
    return counts, sums


@given(nested_counts())
def test_no_small_group_or_small_remainder_is_shown(
    table: tuple[dict[str, int], list[Sum[str]]],
) -> None:
    counts, sums = table
    hidden = suppress_groups(counts, sums)
    assert all(key in hidden for key, n in counts.items() if 0 < n < 5)
    for equation in sums:
        if equation.total not in hidden:
            remainder = sum(counts[p] for p in equation.parts if p in hidden)
            assert remainder == 0 or remainder >= 5, (equation, hidden)


def test_the_health_check_score_is_the_mean_of_the_scored_standards() -> None:
    def results(scores: list[float | None], suppressed: bool = False) -> SurveyResults:
        sections = tuple((f"Standard {i}", s, None, ()) for i, s in enumerate(scores))
        return SurveyResults(6, 10, 5, suppressed, sections, (), {}, {})

    # 62.5 + 50 + 75 = 187.5 / 3 = 62.5; a section with no score (no agreement questions) left out
    assert standards_mean(results([62.5, 50.0, None, 75.0])) == 62.5
    # (10 + 20 + 25) / 3 = 18.33.. -> 18.3
    assert standards_mean(results([10.0, 20.0, 25.0])) == 18.3
    assert standards_mean(results([62.5], suppressed=True)) is None
    assert standards_mean(results([None])) is None


def test_the_whole_run_s_score_is_read_straight_from_the_responses() -> None:
    sections = parse_survey(
        "# S1\n[agree] a: A?\n[agree] b: B?\n# S2\n[number 0-10] n: N?\n# S3\n[agree] c: C?\n"
    )
    answers = [  # agreement 1 to 5 scores 0, 25, 50, 75, 100; "dk" is no view
        {"a": "5", "b": "4", "n": 3, "c": "5"},
        {"a": "4", "b": "4", "n": 1, "c": "1"},
        {"a": "3", "b": "dk", "c": "2"},
        {"a": "2", "b": "5", "c": "4"},
        {"a": "dk", "b": "dk", "c": "3"},
        {"a": "5"},
    ]
    frame = responses_frame(sections, answers)
    # S1: five people gave a view (all but the fifth); their 8 scores 100 + 75 + 75 + 75 + 50 +
    # 25 + 100 + 100 = 600, pooled 600 / 8 = 75.0. S2 has no agreement question: no score.
    # S3: five gave a view, 100 + 0 + 25 + 75 + 50 = 250 / 5 = 50.0. (75.0 + 50.0) / 2 = 62.5.
    assert standards_score(sections, frame, threshold=5) == 62.5
    # A threshold of 6: five answering each standard is too few for either, so no score.
    assert standards_score(sections, frame, threshold=6) is None
    # Under the threshold in all (6 responses, 7 needed): nothing is shown.
    assert standards_score(sections, frame, threshold=7) is None
    # A threshold under 5 is 5.
    assert standards_score(sections, frame.head(4), threshold=3) is None
    for threshold in (5, 6, 7):  # the results page's figure, breakdowns and all
        whole = survey_results(sections, frame, invited=10, team_areas={}, threshold=threshold)
        assert standards_score(sections, frame, threshold=threshold) == standards_mean(whole)


def test_a_group_s_health_check_score_is_the_mean_of_its_shown_standards() -> None:
    # Standards 1 and 3 scored for the run, 2 not (no agreement questions). Team A: 40 and 60
    # shown, (40 + 60) / 2 = 50.0. Team B hidden (too few): c. Team C: standard 3 hidden for it
    # (c), so its mean would show what the page hides: c. Team D answered nothing: no figure.
    sections = (("S1", 50.0, None, ()), ("S2", None, None, ()), ("S3", 75.0, None, ()))
    teams = Breakdown(
        "team",
        "Team",
        (
            ("Team A", 6, (40.0, None, 60.0)),
            ("Team B", None, (None, None, None)),
            ("Team C", 5, (50.0, None, None)),
        ),
    )
    results = SurveyResults(16, 20, 5, False, sections, (teams,), {}, {})
    assert group_standards_mean(results, dimension="team", group="Team A") == (50.0, False)
    assert group_standards_mean(results, dimension="team", group="Team B") == (None, True)
    assert group_standards_mean(results, dimension="team", group="Team C") == (None, True)
    assert group_standards_mean(results, dimension="team", group="Team D") == (None, False)
    assert group_standards_mean(results, dimension="area", group="Team A") == (None, False)
    under = SurveyResults(4, 20, 5, True, (), (), {}, {})
    assert group_standards_mean(under, dimension="team", group="Team A") == (None, False)
