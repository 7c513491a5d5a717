"""evalxl: 项目支出绩效目标自评表 — read the standard input workbook, score it, write the forms."""

__version__ = "0.1.0"
