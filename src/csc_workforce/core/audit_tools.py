"""Audit tools written as plain text, so a PSW can build and change one in a text box.

The format, one item per line:

    # Assessment
    [grade] How good is the assessment?
        Guidance, indented under its question, on as many lines as needed.
    [yes_no] Is the child's own view recorded?
    [text] What difference has the plan made?

``# title`` starts a section; ``[grade]`` (the Ofsted scale), ``[yes_no]`` (yes, no or not
applicable) and ``[text]`` (free text) start a question; indented lines are the guidance of
the question above. Blank lines are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .problems import TextProblems

ANSWER_TYPES = ("grade", "yes_no", "text")
QUESTION = re.compile(r"^\[(?P<kind>[a-z_]+)\]\s*(?P<text>.*)$")
MAX_QUESTION = 300
MAX_TITLE = 120


@dataclass(frozen=True)
class ToolQuestion:
    text: str
    answer_type: str
    guidance: str = ""


@dataclass(frozen=True)
class ToolSection:
    title: str
    questions: tuple[ToolQuestion, ...] = field(default_factory=tuple)


class ToolError(TextProblems):
    """Problems found in a tool's text, each naming its line."""


def parse_tool(text: str) -> tuple[ToolSection, ...]:
    """The sections and questions of a tool written in the format above; every problem at once,
    each as "Line N: ...", raised as a ToolError."""
    problems: list[str] = []
    sections: list[tuple[str, list[list[str]]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        if raw[:1] in (" ", "\t"):
            if not sections or not sections[-1][1]:
                problems.append(f"Line {number}: guidance must come under a question")
            else:
                question = sections[-1][1][-1]
                question[2] = f"{question[2]}\n{line.strip()}".strip()
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                problems.append(f"Line {number}: a section needs a title after #")
            elif len(title) > MAX_TITLE:
                problems.append(f"Line {number}: a section title is at most {MAX_TITLE} characters")
            sections.append((title, []))
            continue
        match = QUESTION.match(line)
        if match is None:
            problems.append(
                f"Line {number}: start a section with # or a question with [grade], [yes_no] "
                "or [text]"
            )
            continue
        kind, wording = match["kind"], match["text"].strip()
        if kind not in ANSWER_TYPES:
            problems.append(
                f"Line {number}: [{kind}] is not an answer type; use [grade], [yes_no] or [text]"
            )
        elif not wording:
            problems.append(f"Line {number}: the question has no wording")
        elif len(wording) > MAX_QUESTION:
            problems.append(f"Line {number}: a question is at most {MAX_QUESTION} characters")
        elif not sections:
            problems.append(f"Line {number}: a question must come under a section (# title)")
        else:
            sections[-1][1].append([wording, kind, ""])
    for title, questions in sections:
        if not questions:
            problems.append(f'Section "{title}" has no questions')
    if not sections and not problems:
        problems.append("The tool has no sections")
    if problems:
        raise ToolError(problems)
    return tuple(
        ToolSection(title, tuple(ToolQuestion(q[0], q[1], q[2]) for q in questions))
        for title, questions in sections
    )


def write_tool(sections: tuple[ToolSection, ...]) -> str:
    """The text of a tool, which parse_tool reads back to the same sections."""
    lines: list[str] = []
    for section in sections:
        if lines:
            lines.append("")
        lines.append(f"# {section.title}")
        for question in section.questions:
            lines.append(f"[{question.answer_type}] {question.text}")
            lines.extend(f"    {part}" for part in question.guidance.splitlines())
    return "\n".join(lines) + "\n"
