"""The 自评报告 documents (.docx) drafted from a run: one report per project in the outline of the
seed's 附件2–4 (:mod:`.project`), one per department in the outline of its 附件1
(:mod:`.department`), the covering letter that opens the set (:mod:`.letter`), in the
official-document style of ``workbook_templates/reports.toml`` (:mod:`.style`), written
reproducibly (:mod:`.write`)."""

from evalxl.reports.department import department_report
from evalxl.reports.letter import covering_letter
from evalxl.reports.project import project_report
from evalxl.reports.write import department_report_names, report_names, write_reports

__all__ = [
    "covering_letter",
    "department_report",
    "department_report_names",
    "project_report",
    "report_names",
    "write_reports",
]
