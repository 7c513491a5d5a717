"""The scoring stage's entry point: an :class:`InputBook` and its settings → scored projects and findings.

The stage is a pipeline of tables, each step a module; the arithmetic is on whole columns (pandas
and NumPy) and only the records, their 计算过程 text and the findings are made row by row:

1. :mod:`~evalxl.scoring.merge` groups the indicator rows and merges several fund-using units'
   rows of one indicator into one (note 2), the merged values from :mod:`~evalxl.scoring.merge_values`;
2. :mod:`~evalxl.scoring.indicators` makes the indicator table: each distinct target and actual is
   read once (:mod:`~evalxl.scoring.values`, :mod:`~evalxl.scoring.dates`, as columns in
   :mod:`~evalxl.scoring.parsed`), each distinct (target, actual, nature, 二级指标) evaluated once
   (:mod:`~evalxl.scoring.evaluate`: :mod:`~evalxl.scoring.directions` for ≥ ≤ = and compound
   targets and the default directions, :mod:`~evalxl.scoring.qualitative` for bands and words,
   :mod:`~evalxl.scoring.wording` for targets of none and negated actuals,
   :mod:`~evalxl.scoring.timeliness` for dates), then weights, rounding, deductions, scores and the
   rows' findings;
3. :mod:`~evalxl.scoring.projects` sums the table per project: money and 执行率
   (:mod:`~evalxl.scoring.funds`, the amounts checked by :mod:`~evalxl.scoring.amounts`), the budget's score, rescaling, totals, caps and grades; the
   records, 计算过程 lines and findings of projects come from :mod:`~evalxl.scoring.trail`.

Rounding and sums are those of :mod:`~evalxl.scoring.numbers`. The book's printed figures (the
layout's fund rows, weight totals, 小计 and 合计) are added by :func:`evalxl.scoring.book.run_result`.
"""

from __future__ import annotations

from evalxl import collector
from evalxl.findings import Finding
from evalxl.model import InputBook, ScoredProject, Settings
from evalxl.scoring.indicators import indicator_table, row_findings, scored_indicators
from evalxl.scoring.merge import merge_units
from evalxl.scoring.projects import grade_of, score_projects

__all__ = ["grade_of", "score_book"]


def score_book(book: InputBook, settings: Settings) -> tuple[tuple[ScoredProject, ...], list[Finding]]:
    """Score every project of ``book``; findings are about the user's data (never raised).

    Findings come in the order they are found: the merge's, then each indicator row's, then each
    project's.
    """
    with collector.paused(keep=True):
        merged = merge_units(book, settings)
        table = indicator_table(merged, settings)
        findings = merged.findings + row_findings(table, settings)
        indicators = scored_indicators(table, settings)
        projects, found = score_projects(book.projects, book.funds, table, indicators, settings)
    return tuple(projects), findings + found
