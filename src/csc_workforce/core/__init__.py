"""Framework-free core: DfE definitions, calculations and generators.

Nothing in this package imports Django; a test checks it in a fresh interpreter.
"""
