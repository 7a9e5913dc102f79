"""Shared constants for the kit build tests (the `tiny` fixture is in tests/conftest.py)."""

PRINT_ONLY = "cards,workbook,readme"
