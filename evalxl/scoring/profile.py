"""Moved to :mod:`evalxl.scoring.settings` (same names); this alias goes once tests/test_rules.py
imports ``default_settings`` from there."""

from evalxl.scoring.settings import default_settings

__all__ = ["default_settings"]
