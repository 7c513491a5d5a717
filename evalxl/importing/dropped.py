"""The rows the importer read but could not keep as records (an error at one of their cells says
why), each with the project it names: so that the error can be laid at that project's door, and not
at every project's, and the checks do not call such a project one without money or indicators."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from evalxl.model import DroppedRow, Fund, Indicator
from evalxl.reading import Table, cell_text


def rows_not_kept(
    tables: Mapping[str, Table], funds: Sequence[Fund], indicators: Sequence[Indicator]
) -> tuple[DroppedRow, ...]:
    """The 资金 and 指标 rows with a 项目名称 (a 指标 row's inherited from the rows above) that
    have no record, in the order of the sheets."""
    out: list[DroppedRow] = []
    for sheet, kept in (("资金", funds), ("指标", indicators)):
        table = tables.get(sheet)
        if table is None or len(kept) == len(table):
            continue
        rows = {record.row for record in kept}
        name = ""
        for row, value in zip(table.row_numbers, table.column("项目名称"), strict=True):
            own = value.strip() if type(value) is str else cell_text(value)
            name = own or (name if sheet == "指标" else "")
            if name and row not in rows:
                out.append(DroppedRow(table.sheet, row, name, sheet))
    return tuple(out)
