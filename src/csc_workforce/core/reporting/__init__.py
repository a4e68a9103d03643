"""Documents built from the service's figures, knowing no framework: the measures-and-targets
scorecard (``scorecard``), the PSW's annual report (``annual``) and the formats a document is
written in (``document``: HTML, Word, PDF)."""
