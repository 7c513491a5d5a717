"""Writing a run's 自评报告 set: the covering letter, one report per department (issue 13) and one
report per project, each .docx written
atomically and byte for byte the same for the same input (fixed document dates and zip entry
dates: :func:`evalxl.delivery.output_file.created_date`)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.document import Document

from evalxl.contract.report_schema import report_style
from evalxl.delivery.output_file import atomic_path, created_date
from evalxl.delivery.split import NAME_BYTES, NAME_CHARS, clean_part, cut, safe_file_names, write_zip_members
from evalxl.model import RunResult
from evalxl.reports.department import department_report
from evalxl.reports.letter import covering_letter
from evalxl.reports.project import project_report

AUTHOR = "evalxl"


def report_names(result: RunResult) -> list[str]:
    """The file name of each project's report, in project order: ``001_XM-01_短名_绩效自评报告.docx``
    (the split workbooks' names, :func:`evalxl.delivery.split.safe_file_names`)."""
    suffix = report_style().letter["report_suffix"]
    return [
        name.removesuffix(".xlsx") + suffix for name in safe_file_names([p.project for p in result.projects])
    ]


def department_report_names(result: RunResult) -> list[str]:
    """The file name of each department's report, in the order of ``result.department_results``:
    ``01_桐溪县农业农村局_部门整体支出绩效自评报告.docx`` (the name cleaned and cut as the split
    workbooks' are, :func:`evalxl.delivery.split.clean_part`)."""
    pattern = str(report_style().department["file_name"])
    departments = result.department_results
    width = max(2, len(str(len(departments))))
    names = []
    for number, dept in enumerate(departments, start=1):
        index = f"{number:0{width}d}"
        room = NAME_BYTES - len(pattern.format(number=index, name="").encode("utf-8"))
        name = cut(clean_part(dept.name), NAME_CHARS, max(room, 0)) or "部门"
        names.append(pattern.format(number=index, name=name))
    return names


def document_bytes(doc: Document) -> bytes:
    """``doc`` as .docx bytes that depend on its content only: the core properties dated
    ``created_date()``, revision 1, and every zip entry dated the same."""
    props = doc.core_properties
    props.created = props.modified = created_date()
    props.author = props.last_modified_by = AUTHOR
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as made:
        members = [(info.filename, made.read(info)) for info in made.infolist()]
    out = io.BytesIO()
    write_zip_members(members, out)
    return out.getvalue()


def write_document(doc: Document, path: Path) -> Path:
    """Write ``doc`` to ``path`` atomically and reproducibly; returns ``path``."""
    data = document_bytes(doc)
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_reports(result: RunResult, folder: Path) -> list[Path]:
    """Write the covering letter, one report per department and one per project of ``result`` into
    ``folder`` (created when missing); files of the same name are replaced, others left alone.
    Returns the paths written in that order, the letter first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [write_document(covering_letter(result), folder / report_style().letter["file_name"])]
    departments = zip(result.department_results, department_report_names(result), strict=True)
    for dept, name in departments:
        written.append(write_document(department_report(dept, result), folder / name))
    for scored, name in zip(result.projects, report_names(result), strict=True):
        written.append(write_document(project_report(scored, result), folder / name))
    return written
