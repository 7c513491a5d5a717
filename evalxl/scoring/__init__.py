"""Scoring: an :class:`~evalxl.model.InputBook` and the run's settings → scored projects and findings.

The stage's entry points: :func:`settings_for` (the rules profile with the 参数 sheet laid over it),
:func:`split_by_unit` (``--by-unit``: each fund-using unit a project of its own),
:func:`score_book` (the pandas pipeline, mapped module by module in :mod:`evalxl.scoring.rules`) and
:func:`run_result` (the result with the book's printed figures: fund rows, weight totals, 小计, 合计).
"""

from evalxl.scoring.book import run_result
from evalxl.scoring.merge import split_by_unit
from evalxl.scoring.rules import score_book
from evalxl.scoring.settings import settings_for

__all__ = ["run_result", "score_book", "settings_for", "split_by_unit"]
