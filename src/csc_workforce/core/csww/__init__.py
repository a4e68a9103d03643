"""The Children's Social Work Workforce (CSWW) census return: read it (``parse``), check it
against its year's XSD and DfE's further rules (``validate``, ``rules``) and compute DfE's
figures from it (``summary``). ``docs/csww.md`` describes the fields, rules and choices."""

from .parse import CswwReturn, Header, LALevel, Source, WorkerRecord, parse_return
from .problems import CswwFileError, Problem, Severity
from .schemas import SCHEMAS, YearSchema
from .summary import Figures, figures, summary
from .validate import Report, validate_file

__all__ = [
    "SCHEMAS",
    "CswwFileError",
    "CswwReturn",
    "Figures",
    "Header",
    "LALevel",
    "Problem",
    "Report",
    "Severity",
    "Source",
    "WorkerRecord",
    "YearSchema",
    "figures",
    "parse_return",
    "summary",
    "validate_file",
]
