"""The scoring stage's entry point: an :class:`InputBook` and its settings → scored projects and findings.

The stage is a pipeline of tables, each step a module:

1. :mod:`~evalxl.scoring.merge` groups the indicator rows and merges several fund-using units'
   rows of one indicator into one (note 2);
2. :mod:`~evalxl.scoring.indicators` makes the indicator table: each distinct target and actual is
   parsed once (:mod:`~evalxl.scoring.values`), each distinct (target, actual, nature) evaluated once
   on columns (:mod:`~evalxl.scoring.evaluate`), then weights, scores, rounding and deductions are
   computed on whole columns;
3. :mod:`~evalxl.scoring.projects` sums the table per project with group-bys: the budget's score
   (:mod:`~evalxl.scoring.funds`), rescaling, totals, caps and grades.

The book's printed figures (fund rows of the layout, weight totals, 小计 and 合计) are added by
:func:`evalxl.scoring.book.run_result`.
"""

from __future__ import annotations

from evalxl.findings import Finding
from evalxl.model import InputBook, ScoredProject, Settings
from evalxl.scoring.indicators import indicator_table, row_findings, scored_indicators
from evalxl.scoring.merge import merge_units
from evalxl.scoring.projects import grade_of, score_projects
from evalxl.scoring.records import collection_paused

__all__ = ["grade_of", "score_book"]


def score_book(book: InputBook, settings: Settings) -> tuple[tuple[ScoredProject, ...], list[Finding]]:
    """Score every project of ``book``; findings are about the user's data (never raised).

    Findings come in the order they are found: the merge's, then each indicator row's, then each
    project's.
    """
    with collection_paused():
        merged = merge_units(book, settings)
        table = indicator_table(merged, settings)
        findings = merged.findings + row_findings(table, settings)
        indicators = scored_indicators(table, settings)
        projects, found = score_projects(book.projects, book.funds, table, indicators, settings)
    return tuple(projects), findings + found
