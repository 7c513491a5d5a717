"""Exporting: the output workbook (汇总, a 自评表 per project from the run's layout, 计算过程,
检查结果) and the blank standard input workbook. The entry point is :func:`write_workbook`."""

from evalxl.exporting.workbook import write_workbook

__all__ = ["write_workbook"]
