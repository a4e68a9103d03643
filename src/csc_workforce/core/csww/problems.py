"""What is wrong with a CSWW return: one object per problem, for the CLI, the web and tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "query"]
"""DfE's two kinds of finding: an error must be fixed before the return is accepted; a query must
be checked and, if the data is right, explained."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a return.

    ``line`` is the line of the element concerned (or of its worker when the element is missing),
    ``swe_no`` the SWE number of the enclosing ``CSWWWorker`` when known, ``rule_id`` the XSD or
    the rule that found it (``docs/csww.md`` lists them).
    """

    line: int | None
    element: str | None
    swe_no: str | None
    rule_id: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "element": self.element,
            "swe_no": self.swe_no,
            "rule_id": self.rule_id,
            "severity": self.severity,
            "message": self.message,
        }


class CswwFileError(Exception):
    """The file cannot be read as a CSWW return at all (malformed XML, empty, no year, unknown year,
    no workers): one problem says why, and nothing else is checked."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
