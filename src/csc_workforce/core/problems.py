"""What is wrong with a file someone gave us: one ``Problem`` per thing wrong, and one
``ImportFailed`` carrying them all when an import writes nothing.

Every importer (the staff register, allocations, the SSD extract, activity, the CSWW return)
reports its findings as ``Problem`` objects, so the command line (text or ``--format json``), the
web pages (one table of problems) and the tests read the same thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "query"]
"""An error must be fixed before the file is accepted; a query (DfE's word, in a CSWW return)
must be checked and, if the data is right, explained."""

Where = Literal["row", "line"]
"""How ``Problem.row`` counts: the rows of a spreadsheet or CSV file, or the lines of an XML
file."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file.

    ``row`` is the spreadsheet's own row number (the header is row 1; 0 for the file as a whole)
    or, for an XML file (``where`` "line"), the line of the element concerned (None when not
    known). ``field`` is the template column's name or the XML element ('' or None for the whole
    row or file), ``rule`` the rule broken (a code the documentation lists), ``message`` what is
    wrong in plain English (for a spreadsheet it starts with the row, column and field). Besides:
    the Excel ``column`` letter, the cell's ``value`` as read, the ``file`` when an import reads
    several, the ``record`` concerned (a CSWW worker's Social Work England number) and the
    ``severity``.
    """

    row: int | None
    field: str | None
    rule: str
    message: str
    column: str = ""
    value: str = ""
    file: str = ""
    record: str | None = None
    severity: Severity = "error"
    where: Where = "row"

    def sort_key(self) -> tuple[int, int, str]:
        """By row, then by column as the spreadsheet orders them (Z before AA)."""
        return (self.row or 0, len(self.column), self.column)

    def as_dict(self) -> dict[str, object]:
        """For JSON and for a task's stored result."""
        return asdict(self)

    def as_text(self) -> str:
        """One line for the command line: a spreadsheet's message (which names the row, column
        and field); an XML file's line, element and record, then the message, the severity and
        the rule."""
        if self.where == "row":
            return self.message
        return (
            f"line {self.row or '-'}, {self.field or '-'}, SWE {self.record or '-'}: "
            f"{self.message} [{self.severity} {self.rule}]"
        )


class ImportFailed(Exception):
    """Nothing was imported: ``problems`` lists everything wrong with the file(s), in order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(f"Nothing imported: {len(self.problems)} problem(s)")


class TextProblems(ValueError):
    """Problems found in a text written in the browser (an audit tool, a survey), each a
    sentence naming its line ("Line 4: ..."); nothing of the text is saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def write_problems(
    write: Callable[[str], object],
    problems: Sequence[Problem],
    *,
    format: str = "text",
    **report: object,
) -> None:
    """The command line's report of ``problems``: as JSON (``format`` "json"), ``report`` with
    ``problems`` listing each problem's fields; as text, one line per problem."""
    if format == "json":
        listed = [problem.as_dict() for problem in problems]
        write(json.dumps({**report, "problems": listed}, indent=2))
    else:
        for problem in problems:
            write(problem.as_text())
