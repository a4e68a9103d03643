"""CSC Workforce: a system of record for children's social care workforce teams."""

__version__ = "0.1.0"
