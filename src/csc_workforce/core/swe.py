"""Social Work England registration numbers."""

import re

SWE_NUMBER_PATTERN = re.compile(r"[A-Za-z]{2}[0-9]{1,10}")
"""ASCII letters and digits only: in Python (and in XSD patterns) ``\\d`` also matches other
scripts' digits, such as '١٢٣'."""


def is_valid_swe_number(value: str) -> bool:
    """Social Work England registration number: two letters then 1 to 10 digits, 0 to 9.

    This is the rule the CSWW census schemas intend for ``SWENo`` (their published copies end the
    pattern with a stray ``$``, which XSD reads as a literal character). Case is not significant.
    """
    return SWE_NUMBER_PATTERN.fullmatch(value) is not None


def normalise_swe_number(value: str) -> str:
    """Strip surrounding space and upper-case the letters, as Social Work England prints them."""
    return value.strip().upper()
