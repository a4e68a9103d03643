"""Staff voice: surveys written as plain text, and their results with small-number suppression.

A survey is written the way audit tools are (``core.audit_tools``), one item per line:

    # Standard 3: Safe workloads and case allocation
    [agree] s3_fair: Work is allocated fairly in my team.
        Guidance, indented under its question.
    [scale10] recommend: How likely are you to recommend working here to a friend?
    [choice] heard: How did you hear about the job?
        * Job advert
        * Word of mouth
    [multi] support: Which of these have you used?
        * Reflective supervision
        * Peer support
    [rank] why_stay: Why do you stay? Put the reasons in order.
        * My team
        * The children and families
    [number 0-80] hours: How many hours did you work last week?
    [text] say_more: Anything else you want to tell us?

``# title`` starts a section; ``[type] key: wording`` a question, whose key (lower case letters,
digits and ``_``) stays the same across versions of a survey so that years can be compared;
indented ``* option`` lines are the options of a choice, multiple-choice or ranked question,
other indented lines its guidance. The types: ``agree`` (1-5 agreement with "don't know"),
``scale10`` (0-10), ``choice``, ``multi``, ``rank``, ``number MIN-MAX`` and ``text``.

Results (``survey_results``) take the responses as a polars frame, one row a response, one
column a question key plus the demographic columns, and return every figure a results page and
its exports show, with groups of fewer than the threshold suppressed (``core.suppression``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

from .exports import Cell
from .problems import TextProblems
from .suppression import (
    SUPPRESSED,
    THRESHOLD,
    Sum,
    suppress,
    suppress_groups,
    suppress_remainders,
)

QUESTION_TYPES = ("agree", "scale10", "choice", "multi", "rank", "number", "text")
WITH_OPTIONS = ("choice", "multi", "rank")
QUESTION = re.compile(r"^\[(?P<kind>[a-z0-9]+)(?P<range>[^\]]*)\]\s*(?P<rest>.*)$")
KEY = re.compile(r"^(?P<key>[a-z][a-z0-9_]{0,39}):\s*(?P<text>.*)$")
RANGE = re.compile(r"^\s+(?P<low>-?[0-9]{1,6})-(?P<high>-?[0-9]{1,6})$")
MAX_QUESTION = 300
MAX_TITLE = 120
MAX_OPTION = 120

AGREEMENT = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}
DONT_KNOW = "dk"
AGREEMENT_SCORE = {1: 0, 2: 25, 3: 50, 4: 75, 5: 100}
"""The 0-100 score of each agreement answer: a standard's score is the mean of its answers
(don't know left out)."""


EXIT_REASONS = (
    "Workload",
    "Pay",
    "Career progression",
    "Management support",
    "Travel",
    "Flexibility",
    "Family",
    "Retirement",
    "Moving to agency work",
    "Other",
)
"""The authority's own reasons for leaving, asked in the exit questionnaire (its questions
``exit_reasons`` and ``exit_main_reason``). They say why a person chose to go; DfE's CSWW reason
for leaving (``codes.REASON_LEAVE``: resignation, retirement, dismissal...) says how the
contract ended, and is kept beside them on the staff record."""
EXIT_REASON_KEYS = ("exit_reasons", "exit_main_reason")


@dataclass(frozen=True)
class SurveyQuestion:
    key: str
    text: str
    kind: str
    guidance: str = ""
    options: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class SurveySection:
    title: str
    questions: tuple[SurveyQuestion, ...] = field(default_factory=tuple)


class SurveyError(TextProblems):
    """Problems found in a survey's text, each naming its line and the rule broken."""


def _question(number: int, line: str, problems: list[str]) -> list[object] | None:
    """[key, text, kind, guidance, options, low, high] of a question line, or None (with the
    problem recorded)."""
    match = QUESTION.match(line)
    types = ", ".join(f"[{kind}]" for kind in QUESTION_TYPES)
    if match is None:
        problems.append(f"Line {number}: start a section with # or a question with one of {types}")
        return None
    kind, bounds, rest = match["kind"], match["range"], match["rest"].strip()
    if kind not in QUESTION_TYPES:
        problems.append(f"Line {number}: [{kind}] is not a question type; use one of {types}")
        return None
    low = high = None
    if kind == "number":
        limits = RANGE.match(bounds)
        if limits is None:
            problems.append(f"Line {number}: a number question gives its range, as [number 0-80]")
            return None
        low, high = int(limits["low"]), int(limits["high"])
        if low >= high:
            problems.append(f"Line {number}: the lowest number must be below the highest")
            return None
    elif bounds:
        problems.append(f"Line {number}: only a number question gives a range")
        return None
    keyed = KEY.match(rest)
    if keyed is None:
        problems.append(
            f"Line {number}: give the question a key before its wording, as [{kind}] my_key: "
            "wording (lower case letters, digits and _, starting with a letter)"
        )
        return None
    wording = keyed["text"].strip()
    if not wording:
        problems.append(f"Line {number}: the question has no wording")
        return None
    if len(wording) > MAX_QUESTION:
        problems.append(f"Line {number}: a question is at most {MAX_QUESTION} characters")
        return None
    return [keyed["key"], wording, kind, "", [], low, high]


def parse_survey(text: str) -> tuple[SurveySection, ...]:
    """The sections and questions of a survey written in the format above; every problem at
    once, each as "Line N: ..." naming the rule, raised as a SurveyError."""
    problems: list[str] = []
    sections: list[tuple[str, list[list[object]]]] = []
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if raw[:1] in (" ", "\t"):
            if not sections or not sections[-1][1]:
                problems.append(f"Line {number}: guidance and options must come under a question")
                continue
            question = sections[-1][1][-1]
            content = line.strip()
            if content.startswith("* "):
                option = content[2:].strip()
                options: list[str] = question[4]  # type: ignore[assignment]
                if question[2] not in WITH_OPTIONS:
                    problems.append(
                        f"Line {number}: only [choice], [multi] and [rank] questions have options"
                    )
                elif not option or len(option) > MAX_OPTION:
                    problems.append(f"Line {number}: an option is 1 to {MAX_OPTION} characters")
                elif option in options:
                    problems.append(f'Line {number}: the option "{option}" is given twice')
                else:
                    options.append(option)
            else:
                question[3] = f"{question[3]}\n{content}".strip()
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                problems.append(f"Line {number}: a section needs a title after #")
            elif len(title) > MAX_TITLE:
                problems.append(f"Line {number}: a section title is at most {MAX_TITLE} characters")
            sections.append((title, []))
            continue
        parsed = _question(number, line, problems)
        if parsed is None:
            continue
        key = str(parsed[0])
        if not sections:
            problems.append(f"Line {number}: a question must come under a section (# title)")
        elif key in lines:
            problems.append(f'Line {number}: the key "{key}" is already used on line {lines[key]}')
        else:
            lines[key] = number
            sections[-1][1].append(parsed)
    for title, questions in sections:
        if not questions:
            problems.append(f'Section "{title}" has no questions')
        for q in questions:
            if q[2] in WITH_OPTIONS and len(q[4]) < 2:  # type: ignore[arg-type]
                problems.append(
                    f'Line {lines[str(q[0])]}: the question "{q[0]}" needs at least two options'
                )
    if not sections and not problems:
        problems.append("The survey has no sections")
    if problems:
        raise SurveyError(problems)
    return tuple(
        SurveySection(
            title,
            tuple(
                SurveyQuestion(
                    str(q[0]),
                    str(q[1]),
                    str(q[2]),
                    str(q[3]),
                    tuple(q[4]),  # type: ignore[arg-type]
                    q[5],  # type: ignore[arg-type]
                    q[6],  # type: ignore[arg-type]
                )
                for q in questions
            ),
        )
        for title, questions in sections
    )


@lru_cache(maxsize=64)
def parsed(text: str) -> tuple[SurveySection, ...]:
    """``parse_survey`` of a stored (already checked) text, read once."""
    return parse_survey(text)


def write_survey(sections: Sequence[SurveySection]) -> str:
    """The text of a survey, which parse_survey reads back to the same sections."""
    lines: list[str] = []
    for section in sections:
        if lines:
            lines.append("")
        lines.append(f"# {section.title}")
        for q in section.questions:
            bounds = f" {q.low}-{q.high}" if q.kind == "number" else ""
            lines.append(f"[{q.kind}{bounds}] {q.key}: {q.text}")
            lines.extend(f"    {part}" for part in q.guidance.splitlines())
            lines.extend(f"    * {option}" for option in q.options)
    return "\n".join(lines) + "\n"


def questions_of(sections: Sequence[SurveySection]) -> list[SurveyQuestion]:
    return [q for section in sections for q in section.questions]


class AnswerError(ValueError):
    """Answers that do not fit their questions, by question key."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


Answer = int | float | str | list[str] | None


def check_answers(
    sections: Sequence[SurveySection], given: Mapping[str, str | list[str]]
) -> dict[str, Answer]:
    """The answers a respondent gave (as typed: text, or a list for multiple choice and ranks),
    checked against their questions and converted: agreement 1-5 or "dk", 0-10 and numbers as
    numbers, choices as their option, ranks in order. Every answer is optional; an unanswered
    question is left out. Any answer out of range raises an AnswerError naming each."""
    answers: dict[str, Answer] = {}
    problems: dict[str, str] = {}
    for q in questions_of(sections):
        value = given.get(q.key)
        values = [v for v in value if v != ""] if isinstance(value, list) else None
        single = value.strip() if isinstance(value, str) else ""
        if (values is None and not single) or (values is not None and not values):
            continue
        if q.kind == "agree":
            if single == DONT_KNOW:
                answers[q.key] = DONT_KNOW
            elif single in {str(n) for n in AGREEMENT}:
                answers[q.key] = int(single)
            else:
                problems[q.key] = "Choose an answer from strongly disagree to strongly agree"
        elif q.kind == "scale10":
            if single.isdigit() and 0 <= int(single) <= 10:
                answers[q.key] = int(single)
            else:
                problems[q.key] = "Choose a number from 0 to 10"
        elif q.kind == "number":
            number = _number(single)
            if number is None or q.low is None or q.high is None or not q.low <= number <= q.high:
                problems[q.key] = f"Enter a number from {q.low} to {q.high}"
            else:
                answers[q.key] = number
        elif q.kind == "choice":
            if single in q.options:
                answers[q.key] = single
            else:
                problems[q.key] = "Choose one of the options"
        elif q.kind in ("multi", "rank"):
            chosen = values if values is not None else [single]
            if not set(chosen) <= set(q.options) or len(set(chosen)) != len(chosen):
                problems[q.key] = "Choose from the options, each once"
            else:
                answers[q.key] = chosen
        elif len(single) > 2000:
            problems[q.key] = "Write at most 2,000 characters"
        else:
            answers[q.key] = single
    if problems:
        raise AnswerError(problems)
    return answers


def _number(text: str) -> float | None:
    if not re.fullmatch(r"-?[0-9]{1,6}(\.[0-9]{1,2})?", text):
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


# Results ---------------------------------------------------------------------------------------

NOT_STATED = "Not stated"
DIMENSIONS = {
    "team": "Team",
    "area": "Service area",
    "role": "Role",
    "sex": "Sex",
    "ethnicity": "Ethnic group",
    "disability": "Disability",
    "years_qualified": "Years since qualifying",
}
"""The breakdowns of a survey's results: the demographic questions every survey asks (each
optional, never taken from the staff register), the service area following from the team."""
DIMENSIONS_ASKED = ("role", "sex", "ethnicity", "disability", "years_qualified")
"""The demographic questions answered as labels (the team is chosen from the authority's)."""


def threshold_of(configured: int) -> int:
    """The suppression threshold in use: the authority's, never below 5 (``THRESHOLD``)."""
    return max(configured, THRESHOLD)


@dataclass(frozen=True)
class QuestionResult:
    """One question's figures over a set of responses. Shares are percentages of those who
    answered (for agreement questions, of those who gave a view: "don't know" left out)."""

    question: SurveyQuestion
    answered: int
    distribution: tuple[tuple[str, int, float | None], ...]
    agree_share: float | None = None
    score: float | None = None
    mean: float | None = None
    share_7: float | None = None
    share_9: float | None = None
    previous: float | None = None

    @property
    def headline(self) -> float | None:
        """The figure compared across years and groups: the 0-100 score of an agreement
        question, the mean of a 0-10 or number question."""
        return self.score if self.question.kind == "agree" else self.mean


@dataclass(frozen=True)
class Breakdown:
    """One dimension's groups: responses and each section's score per group, ``None`` where
    suppressed (shown as c)."""

    dimension: str
    label: str
    rows: tuple[tuple[str, int | None, tuple[float | None, ...]], ...]


@dataclass(frozen=True)
class SurveyResults:
    responses: int
    invited: int
    threshold: int
    suppressed: bool
    sections: tuple[tuple[str, float | None, float | None, tuple[QuestionResult, ...]], ...]
    """(title, score, last run's score, questions) of every section."""
    breakdowns: tuple[Breakdown, ...]
    question_groups: dict[str, dict[tuple[str, str], float | None]]
    """Each question's headline figure by (dimension, group), None where suppressed."""
    free_text: dict[str, tuple[str, ...]]

    @property
    def response_rate(self) -> float | None:
        """Responses as a percentage of the people invited (None with no invitations: an open
        link only)."""
        if not self.invited:
            return None
        return round(100 * self.responses / self.invited, 1)


def standards_mean(results: SurveyResults) -> float | None:
    """The employer standards health check score of a run: the mean of its standards' 0 to 100
    scores (each section's score as the staff voice results page shows it, ``survey_results``),
    to one decimal place; sections without a score (no agreement questions, or too few
    answering) left out; None when the run is under its threshold or no standard has a score."""
    scores = [score for _, score, _, _ in results.sections if score is not None]
    if results.suppressed or not scores:
        return None
    return round(sum(scores) / len(scores), 1)


def standards_score(
    sections: Sequence[SurveySection], responses: pl.DataFrame, *, threshold: int = THRESHOLD
) -> float | None:
    """The employer standards health check score of the whole run straight from its
    responses: ``standards_mean(survey_results(...))`` without the breakdowns by group, their
    suppression or the last run's figures, none of which the whole run's score reads. Each
    section's score is the pooled mean of its agreement answers (``_section_totals``), to one
    decimal place, where at least ``threshold`` (never below 5) answered it; None under the
    threshold in all, or when no standard has a score."""
    threshold = threshold_of(threshold)
    if responses.height < threshold:
        return None
    totals = _section_totals(sections, responses)
    scores = []
    for section in sections:  # a section at a time, as survey_results lists them
        count, mean = totals.get(section.title, (0, None))
        if mean is not None and count >= threshold:
            scores.append(round(mean, 1))
    return round(sum(scores) / len(scores), 1) if scores else None


def group_standards_mean(
    results: SurveyResults, *, dimension: str, group: str
) -> tuple[float | None, bool]:
    """The employer standards health check score of one group of a breakdown (a team, a service
    area: ``dimension`` "team" or "area", ``group`` its name), and whether it is suppressed: the
    mean of the group's scores of the standards scored for the whole run (``standards_mean``),
    each as the results page's breakdown shows it, to one decimal place. Suppressed (True) when
    the group is hidden, or any of those standards' scores is hidden for it (too few of the
    group answered it, or it would reveal a hidden group by difference), so that the mean never
    shows what the page hides. (None, False) when the run is under its threshold or nobody of
    the group answered."""
    if results.suppressed:
        return None, False
    scored = [i for i, (_, score, _, _) in enumerate(results.sections) if score is not None]
    breakdown = next((b for b in results.breakdowns if b.dimension == dimension), None)
    row = None if breakdown is None else next((r for r in breakdown.rows if r[0] == group), None)
    if row is None or not scored:
        return None, False
    _, people, figures = row
    scores = [figures[i] for i in scored]
    if people is None or any(score is None for score in scores):
        return None, True
    return round(sum(s for s in scores if s is not None) / len(scores), 1), False


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _question_measures(q: SurveyQuestion) -> list[pl.Expr]:
    """What ``_question_result`` needs of a question's answers, as expressions over the
    responses, each one figure: the number answering, then the counts and figures its kind
    needs (``_question_result`` reads them in the same order)."""
    column = pl.col(q.key)
    measures = [column.count()]
    if q.kind == "agree":
        measures += [(column == value).sum() for value in (*AGREEMENT, 0)]
        scored = column.filter(column > 0).replace_strict(AGREEMENT_SCORE, default=None)
        measures.append(scored.mean())
    elif q.kind in ("scale10", "number"):
        measures.append(column.mean())
        if q.kind == "scale10":
            measures += [(column == value).sum() for value in range(11)]
            measures += [(column >= 7).sum(), (column >= 9).sum()]
    elif q.kind == "choice":
        measures += [(column == option).sum() for option in q.options]
    elif q.kind == "multi":  # how many chose each option
        measures += [(column.explode() == option).sum() for option in q.options]
    else:  # rank: how many put each option first
        measures += [(column.list.first() == option).sum() for option in q.options]
    return measures


def _question_results(
    questions: Sequence[SurveyQuestion], frame: pl.DataFrame
) -> dict[str, QuestionResult]:
    """Each of ``questions``' figures over the responses of ``frame``, by key, read in one pass
    over the responses (``_question_measures``) rather than a pass a question."""
    measures = [(q, _question_measures(q)) for q in questions]
    if not measures:
        return {}
    row = frame.select(
        e.alias(f"{i}_{j}") for i, (_, found) in enumerate(measures) for j, e in enumerate(found)
    ).row(0)
    results, at = {}, 0
    for q, found in measures:
        results[q.key] = _question_result(q, list(row[at : at + len(found)]))
        at += len(found)
    return results


def _question_result(q: SurveyQuestion, figures: list[Any]) -> QuestionResult:
    """A question's result from its ``_question_measures``, counts as None where none."""
    n, rest = int(figures[0]), [0 if f is None else f for f in figures[1:]]
    if q.kind == "agree":
        counts = dict(zip((*AGREEMENT, 0), (int(c) for c in rest[:-1]), strict=True))
        view = sum(counts[v] for v in AGREEMENT)
        agreeing = counts[4] + counts[5]
        distribution = tuple(
            (label, counts[value], _share(counts[value], n))
            for value, label in (*AGREEMENT.items(), (0, "Don't know"))
        )
        score = figures[-1]
        return QuestionResult(
            q,
            n,
            distribution,
            agree_share=_share(agreeing, view),
            score=None if score is None else round(float(score), 1),
        )
    if q.kind in ("scale10", "number"):
        mean = figures[1]
        counts = dict(zip(range(11), (int(c) for c in rest[1:12]), strict=True)) if rest[1:] else {}
        distribution = tuple(
            (str(value), counts[value], _share(counts[value], n))
            for value in (range(11) if q.kind == "scale10" else ())
        )
        return QuestionResult(
            q,
            n,
            distribution,
            mean=None if mean is None else round(float(mean), 1),
            share_7=_share(int(rest[12]), n) if q.kind == "scale10" else None,
            share_9=_share(int(rest[13]), n) if q.kind == "scale10" else None,
        )
    return QuestionResult(
        q,
        n,
        tuple((o, int(c), _share(int(c), n)) for o, c in zip(q.options, rest, strict=True)),
    )


def _dims_schema() -> dict[str, type[pl.String]]:
    return dict.fromkeys(DIMENSIONS, pl.String)


def _group_sums(
    counts: dict[str, dict[str, int]], team_areas: Mapping[str, str]
) -> tuple[dict[tuple[str, str], int], list[Sum[tuple[str, str]]]]:
    """Counts of people by (dimension, group) with ("all", "") and the sums that tie them: each
    dimension's groups add up to all, each service area's teams to the area."""
    return _flat(counts), _sums(counts, team_areas)


def _flat(counts: dict[str, dict[str, int]]) -> dict[tuple[str, str], int]:
    """Counts of people by (dimension, group), with ("all", "")."""
    flat: dict[tuple[str, str], int] = {("all", ""): sum(counts["team"].values())}
    for dimension, groups in counts.items():
        flat.update({(dimension, group): n for group, n in groups.items()})
    return flat


def _sums(
    counts: dict[str, dict[str, int]], team_areas: Mapping[str, str]
) -> list[Sum[tuple[str, str]]]:
    """The sums that tie the groups of ``counts``: each dimension's groups add up to all, each
    service area's teams to the area (the same for every figure over the same groups)."""
    sums: list[Sum[tuple[str, str]]] = []
    for dimension, groups in counts.items():
        sums.append(Sum(("all", ""), tuple((dimension, group) for group in groups)))
    for area in counts["area"]:
        teams = tuple(
            ("team", team)
            for team in counts["team"]
            if team_areas.get(team, NOT_STATED if team == NOT_STATED else "") == area
        )
        sums.append(Sum(("area", area), teams))
    return sums


def _suppressed(
    counts: dict[str, dict[str, int]], team_areas: Mapping[str, str], threshold: int
) -> frozenset[tuple[str, str]]:
    """The groups hidden for their number of responses (``suppression.suppress_groups``)."""
    flat, sums = _group_sums(counts, team_areas)
    return suppress_groups(flat, sums, threshold=threshold)


@dataclass(frozen=True)
class _Measure:
    """A figure by group: its columns worked out a response at a time (named uniquely), and over
    them the number of people the figure counts and its mean."""

    columns: tuple[pl.Expr, ...]
    count: pl.Expr
    mean: pl.Expr


Measures = Mapping[str, _Measure]


def _grouped(frame: pl.DataFrame, measures: Sequence[Measures]) -> dict[str, list[tuple[Any, ...]]]:
    """For each dimension, a row a group: the group, its people, then each measure's count and
    mean in the order of ``measures``. The measures' columns are worked out once, then the
    dimensions grouped together (``collect_all``), each figure a plain sum, count or mean of a
    column, rather than a pass over the responses a dimension and measure."""
    found = [measure for group in measures for measure in group.values()]
    columns = frame.select(
        *(pl.col(d) for d in DIMENSIONS), *(c for measure in found for c in measure.columns)
    ).lazy()
    aggregations = [pl.len().alias("people")]
    for i, measure in enumerate(found):
        aggregations += [measure.count.alias(f"n{i}"), measure.mean.alias(f"m{i}")]
    done = pl.collect_all([columns.group_by(d).agg(aggregations) for d in DIMENSIONS])
    return {d: list(rows.iter_rows()) for d, rows in zip(DIMENSIONS, done, strict=True)}


def _counts(grouped: Mapping[str, list[tuple[Any, ...]]]) -> dict[str, dict[str, int]]:
    """People by group of each dimension, from ``_grouped``."""
    return {d: {row[0]: row[1] for row in rows} for d, rows in grouped.items()}


def survey_results(
    sections: Sequence[SurveySection],
    responses: pl.DataFrame,
    *,
    invited: int,
    team_areas: Mapping[str, str],
    threshold: int = THRESHOLD,
    previous: pl.DataFrame | None = None,
    previous_sections: Sequence[SurveySection] = (),
    free_text: bool = False,
) -> SurveyResults:
    """Every figure of a run's results page and exports.

    ``responses``: a row a response; a column per question key (agreement 1-5 with 0 for
    "don't know", 0-10 and numbers as numbers, a choice as its option, multiple choices and
    ranks as lists, free text as text; null when not answered) and the columns of
    ``DIMENSIONS``, the group as its label (null when not stated). ``team_areas``: each team's
    service area. ``previous``: the last run's responses (to ``previous_sections``), compared
    by question key and section title. Groups, sections within a group and questions answered
    by fewer than ``threshold`` people (never below 5) are suppressed, with any group that
    would reveal them by difference (``suppression.suppress_groups``); under ``threshold``
    responses in all, nothing is shown. Free text only when ``free_text``, and with nothing
    that says whose group it came from.
    """
    threshold = threshold_of(threshold)
    frame = responses.with_columns(pl.col(d).fill_null(NOT_STATED) for d in DIMENSIONS)
    total = frame.height
    if total < threshold:
        return SurveyResults(total, invited, threshold, True, (), (), {}, {})
    last = _overall(previous_sections, previous, threshold) if previous is not None else {}
    last_sections = _section_scores(previous_sections, previous, threshold)
    by_section = _section_group_measures(sections)
    by_question = _question_value_measures(sections)
    grouped = _grouped(frame, [by_section, by_question])
    people = _counts(grouped)
    hidden_groups = _suppressed(people, team_areas, threshold)
    shown_sections = []
    overall = _section_totals(sections, frame)
    figures = _question_results([q for q in questions_of(sections) if q.kind != "text"], frame)
    for section in sections:
        results = []
        for q in section.questions:
            if q.kind == "text":
                continue
            result = figures[q.key]
            if result.answered < threshold:
                result = QuestionResult(q, result.answered, ())
            before = last.get(q.key)
            results.append(
                QuestionResult(**{**result.__dict__, "previous": before})
                if before is not None
                else result
            )
        count, mean = overall.get(section.title, (0, None))
        score = round(mean, 1) if mean is not None and count >= threshold else None
        shown_sections.append(
            (section.title, score, last_sections.get(section.title), tuple(results))
        )
    section_groups = _by_group(grouped, by_section, people, at=0)
    question_groups = _by_group(grouped, by_question, people, at=len(by_section))
    breakdowns = _breakdowns(sections, section_groups, people, hidden_groups, team_areas, threshold)
    groups = _shown(question_groups, hidden_groups, team_areas, threshold)
    texts: dict[str, tuple[str, ...]] = {}
    if free_text:
        for q in questions_of(sections):
            if q.kind == "text":
                said = frame[q.key].drop_nulls().cast(pl.String)
                texts[q.key] = tuple(sorted(t for t in said.to_list() if t.strip()))
    return SurveyResults(
        total, invited, threshold, False, tuple(shown_sections), breakdowns, groups, texts
    )


def _value(q: SurveyQuestion) -> pl.Expr:
    """A question's answers as figures: agreement as its 0-100 score ("don't know" null)."""
    column = pl.col(q.key)
    if q.kind == "agree":
        return pl.when(column > 0).then((column.cast(pl.Float64) - 1) * 25)
    return column.cast(pl.Float64)


def _section_parts(section: SurveySection) -> tuple[pl.Expr, pl.Expr, pl.Expr] | None:
    """For a section with agreement questions, a response at a time: whether it answered any of
    them (a view, not "don't know"), the sum of its scores and how many it scored."""
    agree = [q for q in section.questions if q.kind == "agree"]
    if not agree:
        return None
    scores = [_value(q) for q in agree]
    answering = pl.any_horizontal([pl.col(q.key) > 0 for q in agree]).fill_null(False)
    scored = pl.sum_horizontal([score.is_not_null() for score in scores])
    return answering, pl.sum_horizontal(scores), scored


def _section_measures(sections: Sequence[SurveySection]) -> dict[str, tuple[pl.Expr, pl.Expr]]:
    """For each section with agreement questions: the number of responses with at least one
    agreement answer in it, and the mean score of all its agreement answers (pooled)."""
    measures = {}
    for section in sections:
        if (parts := _section_parts(section)) is not None:
            answering, total, scored = parts
            measures[section.title] = (answering.sum(), total.sum() / scored.sum())
    return measures


def _section_group_measures(sections: Sequence[SurveySection]) -> dict[str, _Measure]:
    """``_section_measures`` by group, their columns worked out once (``_grouped``)."""
    measures = {}
    for i, section in enumerate(sections):
        if (parts := _section_parts(section)) is not None:
            names = (f"_s{i}_answering", f"_s{i}_total", f"_s{i}_scored")
            answering, total, scored = (pl.col(name) for name in names)
            measures[section.title] = _Measure(
                tuple(part.alias(name) for part, name in zip(parts, names, strict=True)),
                answering.sum(),
                total.sum() / scored.sum(),
            )
    return measures


def _by_group(
    grouped: Mapping[str, list[tuple[Any, ...]]],
    measures: Measures,
    people: dict[str, dict[str, int]],
    *,
    at: int,
) -> dict[str, tuple[dict[str, dict[str, int]], dict[tuple[str, str], float]]]:
    """For each measure (name -> the people it counts, its mean), from ``_grouped``'s rows, where
    these measures start at the ``at``-th: the people counted in each group of each dimension
    (every group of ``people`` present, at 0 where none) and the mean by (dimension, group)."""
    found: dict[str, tuple[dict[str, dict[str, int]], dict[tuple[str, str], float]]] = {
        name: ({d: dict.fromkeys(people[d], 0) for d in DIMENSIONS}, {}) for name in measures
    }
    for d in DIMENSIONS:
        for row in grouped[d]:
            group = row[0]
            for i, name in enumerate(measures, start=at):
                counts, means = found[name]
                counts[d][group] = int(row[2 + 2 * i] or 0)
                if row[3 + 2 * i] is not None:
                    means[(d, group)] = row[3 + 2 * i]
    return found


def _shown(
    by_group: dict[str, tuple[dict[str, dict[str, int]], dict[tuple[str, str], float]]],
    hidden_groups: frozenset[tuple[str, str]],
    team_areas: Mapping[str, str],
    threshold: int,
) -> dict[str, dict[tuple[str, str], float | None]]:
    """Each figure by group, None where its people are too few, where the group itself is
    hidden, or where it would reveal a hidden one by difference (``suppress_remainders``)."""
    figures: dict[str, dict[tuple[str, str], float | None]] = {}
    sums_of: dict[tuple[tuple[str, ...], ...], list[Sum[tuple[str, str]]]] = {}
    for name, (counts, means) in by_group.items():
        groups = tuple(tuple(found) for found in counts.values())
        if groups not in sums_of:  # every figure's groups are the same: their sums once
            sums_of[groups] = _sums(counts, team_areas)
        flat, sums = _flat(counts), sums_of[groups]
        forced = hidden_groups & flat.keys()
        hidden = suppress_remainders(flat, sums, forced=forced, threshold=threshold)
        figures[name] = {
            key: None if key in hidden else round(mean, 1) for key, mean in means.items()
        }
    return figures


def _breakdowns(
    sections: Sequence[SurveySection],
    by_section: dict[str, tuple[dict[str, dict[str, int]], dict[tuple[str, str], float]]],
    people: dict[str, dict[str, int]],
    hidden_groups: frozenset[tuple[str, str]],
    team_areas: Mapping[str, str],
    threshold: int,
) -> tuple[Breakdown, ...]:
    """Each dimension's groups with each section's score: the mean score of the agreement
    answers of the group's people who answered the section, suppressed on their number."""
    cells = _shown(by_section, hidden_groups, team_areas, threshold)
    breakdowns = []
    for d, label in DIMENSIONS.items():
        rows = []
        for group in sorted(people[d], key=lambda g: (g == NOT_STATED, g)):
            n = None if (d, group) in hidden_groups else people[d][group]
            figures = tuple(cells.get(s.title, {}).get((d, group)) for s in sections)
            rows.append((group, n, figures))
        breakdowns.append(Breakdown(d, label, tuple(rows)))
    return tuple(breakdowns)


def _question_value_measures(sections: Sequence[SurveySection]) -> Measures:
    """Each agreement, 0-10 and number question's headline figure by group (suppressed on the
    number of the group's people who answered it, and wherever the group is hidden): the
    number answering and the mean of its figures (``_value``)."""
    asked = [q for q in questions_of(sections) if q.kind in ("agree", "scale10", "number")]
    return {
        q.key: _Measure(
            (_value(q).alias(f"_q{j}"),), pl.col(f"_q{j}").count(), pl.col(f"_q{j}").mean()
        )
        for j, q in enumerate(asked)
    }


def _overall(
    sections: Sequence[SurveySection], frame: pl.DataFrame | None, threshold: int
) -> dict[str, float]:
    """The last run's headline figure of each question, by key, where enough people answered."""
    if frame is None or frame.height < threshold:
        return {}
    asked = [
        q
        for q in questions_of(sections)
        if q.kind in ("agree", "scale10", "number") and q.key in frame.columns
    ]
    return {
        key: result.headline
        for key, result in _question_results(asked, frame).items()
        if result.answered >= threshold and result.headline is not None
    }


def _section_totals(
    sections: Sequence[SurveySection], frame: pl.DataFrame
) -> dict[str, tuple[int, float | None]]:
    """Each section's number of responses answering its agreement questions, and its score."""
    measures = _section_measures(sections)
    if not measures:
        return {}
    row = frame.select(
        e.alias(f"{i}{j}") for i, pair in enumerate(measures.values()) for j, e in enumerate(pair)
    ).row(0)
    return {title: (row[2 * i] or 0, row[2 * i + 1]) for i, title in enumerate(measures)}


def _section_scores(
    sections: Sequence[SurveySection], frame: pl.DataFrame | None, threshold: int
) -> dict[str, float]:
    """The last run's score of each section, by title, where enough people answered it."""
    if frame is None:
        return {}
    known = {s.title for s in sections if all(q.key in frame.columns for q in s.questions)}
    return {
        title: round(mean, 1)
        for title, (count, mean) in _section_totals(sections, frame).items()
        if title in known and mean is not None and count >= threshold
    }


def _answer_schema(
    sections: Sequence[SurveySection],
) -> tuple[dict[str, pl.DataType | type[pl.DataType]], list[pl.Expr]]:
    """The columns of the answers as read (agreement and 0-10 as text, for "dk"), and the
    casts that make them what ``survey_results`` reads."""
    schema: dict[str, pl.DataType | type[pl.DataType]] = {}
    casts = []
    for q in questions_of(sections):
        if q.kind in ("agree", "scale10"):
            schema[q.key] = pl.String
            casts.append(pl.col(q.key).replace(DONT_KNOW, "0").cast(pl.Int8))
        elif q.kind == "number":
            schema[q.key] = pl.Float64
        elif q.kind in ("multi", "rank"):
            schema[q.key] = pl.List(pl.String)
        else:
            schema[q.key] = pl.String
    return schema, casts


def responses_frame(
    sections: Sequence[SurveySection], rows: Sequence[Mapping[str, object]]
) -> pl.DataFrame:
    """The frame ``survey_results`` reads, from responses as dicts: each question's answer
    by key (as ``check_answers`` gives it; "dk" for don't know) and the demographic columns."""
    answers, casts = _answer_schema(sections)
    schema = {**_dims_schema(), **answers}
    if not rows:
        return pl.DataFrame(schema=schema).with_columns(casts)
    return pl.from_dicts(rows, schema=schema, strict=False).with_columns(casts)


def responses_frame_from_json(
    sections: Sequence[SurveySection],
    answers: Sequence[str],
    groups: Mapping[str, Sequence[str | None]],
) -> pl.DataFrame:
    """``responses_frame`` from each response's answers as JSON text (as stored) and its
    groups by dimension, read in one pass."""
    schema, casts = _answer_schema(sections)
    dims = pl.DataFrame({d: list(groups[d]) for d in DIMENSIONS}, schema=_dims_schema())
    if not answers:
        return pl.concat([dims, pl.DataFrame(schema=schema)], how="horizontal").with_columns(casts)
    read = pl.read_ndjson(io.StringIO("\n".join(answers)), schema=schema)
    return pl.concat([dims, read], how="horizontal").with_columns(casts)


def results_table(results: SurveyResults) -> tuple[list[str], list[list[Cell]]]:
    """The figures of ``results`` as one table for CSV and Excel: each question's overall
    figures, then its headline figure by group; suppressed figures as ``c``; never free text."""
    header = [
        "Section",
        "Question key",
        "Question",
        "Breakdown",
        "Group",
        "Answered",
        "Agreeing (%)",
        "Score (0-100)",
        "Mean",
        "7 or more (%)",
        "9 or more (%)",
        "Last run's figure",
    ]
    rows: list[list[Cell]] = []
    if results.suppressed:
        return header, rows

    def shown(value: float | None) -> Cell:
        return SUPPRESSED if value is None else value

    for title, _, _, questions in results.sections:
        for r in questions:
            if r.question.kind not in ("agree", "scale10", "number"):
                continue
            hidden = not r.distribution and r.question.kind != "number"
            rows.append(
                [
                    title,
                    r.question.key,
                    r.question.text,
                    "All",
                    "",
                    r.answered,
                    "" if r.question.kind != "agree" else shown(None if hidden else r.agree_share),
                    "" if r.question.kind != "agree" else shown(r.score),
                    "" if r.question.kind == "agree" else shown(r.mean),
                    "" if r.question.kind != "scale10" else shown(r.share_7),
                    "" if r.question.kind != "scale10" else shown(r.share_9),
                    "" if r.previous is None else r.previous,
                ]
            )
            for (dimension, group), figure in sorted(
                results.question_groups.get(r.question.key, {}).items()
            ):
                rows.append(
                    [
                        title,
                        r.question.key,
                        r.question.text,
                        DIMENSIONS[dimension],
                        group,
                        "",
                        "",
                        shown(figure) if r.question.kind == "agree" else "",
                        shown(figure) if r.question.kind != "agree" else "",
                        "",
                        "",
                        "",
                    ]
                )
    return header, rows


# Leavers and joiners ----------------------------------------------------------------------

SERVICE_BANDS = ("Less than 1 year", "1 to 2 years", "2 to 5 years", "5 years or more")
"""Length of service at leaving, in completed years: under 1; 1; 2 to 4; 5 or more."""
TOTAL = "All"


@dataclass(frozen=True)
class CountTable:
    """Counts of people by one thing about them; ``None`` is a count shown as ``c``."""

    title: str
    rows: tuple[tuple[str, int | None], ...]
    total: int | None


def service_band(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """The ``SERVICE_BANDS`` label of the completed years between two dates."""

    def day_of_year(day: pl.Expr) -> pl.Expr:  # month and day as MMDD (polars' are 8-bit)
        return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)

    before_anniversary = (day_of_year(end) < day_of_year(start)).cast(pl.Int32)
    years = end.dt.year() - start.dt.year() - before_anniversary
    return (
        pl.when(years < 1)
        .then(pl.lit(SERVICE_BANDS[0]))
        .when(years < 2)
        .then(pl.lit(SERVICE_BANDS[1]))
        .when(years < 5)
        .then(pl.lit(SERVICE_BANDS[2]))
        .otherwise(pl.lit(SERVICE_BANDS[3]))
    )


def register_counts(
    people: pl.DataFrame, columns: Sequence[tuple[str, str]], *, order: Mapping[str, Sequence[str]]
) -> list[CountTable]:
    """For each (column, title), the people counted by the column's labels, the labels of
    ``order`` first in their order, the others alphabetically, blank as "Not recorded". From the
    register, shown to those who see the staff records, so not suppressed."""
    tables = []
    for column, title in columns:
        counts = (
            people.select(pl.col(column).fill_null("").replace("", "Not recorded"))
            .group_by(column)
            .len()
        )
        found = dict(zip(counts[column].to_list(), counts["len"].to_list(), strict=True))
        known = [label for label in order.get(column, ()) if label in found]
        rest = sorted(label for label in found if label not in known)
        rows = tuple((label, found[label]) for label in [*known, *rest])
        tables.append(CountTable(title, rows, people.height))
    return tables


def answer_counts(
    answers: Sequence[str | list[str] | None],
    *,
    title: str,
    options: Sequence[str],
    threshold: int = THRESHOLD,
) -> CountTable:
    """The people choosing each option of one question of a questionnaire, suppressed: a count
    of 1 to ``threshold`` - 1 is ``c``, and so is any count from which a hidden one would follow
    (for a single choice, the options sum to the people answering). For a multiple choice, a
    person counts once under each option ticked; the total is the people who ticked any."""
    given = [a for a in answers if a is not None and a not in ("", [])]
    ticks = pl.Series(
        "answer", [a if isinstance(a, list) else [a] for a in given], pl.List(pl.String)
    )
    counts = ticks.explode().value_counts() if len(given) else pl.DataFrame()
    found = (
        dict(zip(counts["answer"].to_list(), counts["count"].to_list(), strict=True))
        if len(given)
        else {}
    )
    keyed: dict[str, int] = {TOTAL: len(given), **{o: found.get(o, 0) for o in options}}
    single = all(not isinstance(a, list) for a in given)
    sums = [Sum(TOTAL, tuple(options))] if single else []
    hidden = suppress(keyed, sums, threshold=threshold)
    rows = tuple((o, None if o in hidden else keyed[o]) for o in options)
    return CountTable(title, rows, None if TOTAL in hidden else keyed[TOTAL])


def count_tables_csv_rows(period: str, tables: Sequence[CountTable]) -> list[list[Cell]]:
    """The rows of a report's tables for a CSV export: period, table, label, count (``c``)."""
    rows: list[list[Cell]] = []
    for table in tables:
        for label, count in (*table.rows, (TOTAL, table.total)):
            rows.append([period, table.title, label, SUPPRESSED if count is None else count])
    return rows
