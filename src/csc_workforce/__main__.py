"""``python -m csc_workforce`` is ``cscw``."""

from csc_workforce.cli import main

main()
