"""The 自评报告 documents (.docx) drafted from a run: one report per project in the outline of the
seed's 附件2–4 (:mod:`.project`), the covering letter that opens the set (:mod:`.letter`), in the
official-document style of ``workbook_templates/reports.toml`` (:mod:`.style`), written
reproducibly (:mod:`.write`)."""

from evalxl.reports.letter import covering_letter
from evalxl.reports.project import project_report
from evalxl.reports.write import report_names, write_reports

__all__ = ["covering_letter", "project_report", "report_names", "write_reports"]
