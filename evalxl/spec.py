"""Moved to :mod:`evalxl.contract` (same names); this alias goes once reading/reader.py,
importing/importer.py, importing/checks.py, tests/builders.py and tests/test_scale.py import it."""

from evalxl.contract import Column, SheetSpec, choices, param_keys, sheet, sheets

__all__ = ["Column", "SheetSpec", "choices", "param_keys", "sheet", "sheets"]
