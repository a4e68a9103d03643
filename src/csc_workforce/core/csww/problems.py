"""What is wrong with a CSWW return: the shared ``Problem`` (``core.problems``), one per
finding, its ``row`` the line of the element concerned (or of its worker when the element is
missing), its ``field`` the element, its ``record`` the SWE number of the enclosing
``CSWWWorker`` when known and its ``rule`` the XSD or the rule that found it (``docs/csww.md``
lists them)."""

from __future__ import annotations

from csc_workforce.core.problems import Problem, Severity

__all__ = ["CswwFileError", "Problem", "Severity"]


class CswwFileError(Exception):
    """The file cannot be read as a CSWW return at all (malformed XML, empty, no year, unknown year,
    no workers): one problem says why, and nothing else is checked."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
