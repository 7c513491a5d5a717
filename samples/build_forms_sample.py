"""Build the hand-made forms sample: ``.venv/bin/python samples/build_forms_sample.py [OUTPUT_DIR]``.

seed-2023-forms.xlsx holds the four 项目支出绩效目标自评表 (附件6) of the seed document as a county
clerk types them in Excel or WPS: one sheet per project, a title and a year line, the label/value
rows with merges, the 项目资金 block, the 年度总体目标 block, the 绩效指标 block with 一级/二级指标
merged down as printed (blank rows and the empty 经济效益指标 rows included), the 说明 row and the
three notes below. Values are typed as a clerk types them: a percentage such as 100% is the number
1.0 shown with a 0% format, a count such as 14 is a number, everything else (≤6 万元, 1 个,
12月31日之前, 改善 …) is text. It deliberately does not import evalxl: the sample stands for forms
evalxl never wrote. The bytes are deterministic (fixed document dates and zip entry times).
"""

from __future__ import annotations

import datetime
import io
import pathlib
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

HERE = pathlib.Path(__file__).resolve().parent
FILE_NAME = "seed-2023-forms.xlsx"
STAMP = datetime.datetime(2024, 3, 18, 9, 30, 0)  # when the clerk saved the workbook (fixed)
ZIP_TIME = (2024, 3, 18, 9, 30, 0)


@dataclass(frozen=True)
class Pct:
    """A percentage typed in Excel: the number is stored, the cell is formatted 0%."""

    value: float


Typed = str | int | float | Pct | None
# An indicator row: (二级指标, 三级指标, 年度指标值, 全年完成值); None is a blank row of the form.
Line = tuple[str, str | None, Typed, Typed] | None


@dataclass(frozen=True)
class Form:
    """One printed form, with the seed's spellings and its blank rows."""

    sheet: str
    title: str
    name: str
    fund_label: str
    fund_headers: tuple[str, str, str]
    fund_rows: tuple[str, ...]
    amounts: tuple[float, float]
    planned: str | None
    achieved: str | None
    groups: tuple[tuple[str, tuple[Line, ...]], ...]
    remark: str | None
    remark_in_block: bool  # the 说明 label sits in 一级指标's column, under the 绩效指标 merge
    narrow: bool = False  # 一级/二级 columns so narrow their words wrap (the seed's second form)


UNIT = "芷江侗族自治县工商业联合会"
LEADER_PHONE = "杨柳春 15386276736"
YEAR_LINE = "（2023年度）"
P100 = Pct(1.0)
NOTES = (
    "注：1、其他资金包括和中央补助、地方财政资金共同投入到同一项目的自有资金、社会资金，以及以前年度的结转结余资金等。",
    "2、定量指标，资金使用单位填写本部门实际完成数。主管部门汇总时，对绝对值直接累加计算，相对值按照资金额度加权平均计算。",
    "3、定性指标根据指标完成情况分为：全部或基本达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，"
    "资金使用单位分别按照 100%—80%（含）、80%—60%（含）、60%—0% 合理填写完成比例。",
)
FULL_WIDTH = (
    "项目资金（万元）",
    ("全年预算数（A）", "全年执行数（B）", "执行率（B/A）"),
    ("年度资金总额", "其中：中央补助", "省级资金", "市级资金", "其他资金"),
)
OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"
QTY, QUAL, TIME, COST = "数量指标", "质量指标", "时效指标", "成本指标"
ECON, SOC, SUS, SVC = "经济效益指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标"
PLACEHOLDER: Line = (ECON, None, None, None)

FORMS = (
    Form(
        sheet="老工商业者及遗孀生活困难补助",
        title="项目支出绩效目标自评表",
        name="老工商业者及遗孀生活困难补助",
        fund_label="项目资金 (万元)",
        fund_headers=("全年预算数 (A)", "全年执行数 (B)", "执行率 (B / A)"),
        fund_rows=("年度资金总额", "其中: 中央补助", "省级资金", "市级资金", "其他资金"),
        amounts=(6, 6),
        planned="对所有老工商业者及遗孀发放困难生活补助和走访慰问, 使老工商业者及遗孀生活水平得到改善",
        achieved="改善老工商业者及遗孀生活水平",
        groups=(
            (
                OUT,
                (
                    (QTY, "发放人数", 14, P100),
                    (QUAL, "发放准确率", P100, P100),
                    (TIME, "补助发放及时率", P100, P100),
                    (COST, "成本预算", "≤6 万元", P100),
                    None,
                ),
            ),
            (
                BEN,
                (
                    PLACEHOLDER,
                    (SOC, "改善老工商业者及遗孀生活", "改善", P100),
                    (SUS, "老工商业者及遗孀生活水平得到提高", "提高", P100),
                    None,
                ),
            ),
            (SAT, ((SVC, "受益人员满意率", "≥98%", P100), None, None)),
        ),
        remark="无",
        remark_in_block=True,
    ),
    Form(
        sheet="商会建设和企业家关怀",
        title="项目支出绩效目标自评表 2",
        name="商会建设和企业家关怀",
        fund_label="项目资金 (万元)",
        fund_headers=("全年预算数 (A)", "全年执行数 (B)", "执行率 (B/A)"),
        fund_rows=FULL_WIDTH[2],
        amounts=(17, 17),
        planned=None,
        achieved=None,
        groups=(
            (
                OUT,
                (
                    (QTY, "筹建乡镇商会", "1 个", P100),
                    (QTY, "筹建异地商会", "1 个", P100),
                    (QUAL, "企业家联系率", Pct(0.95), P100),
                    (TIME, "完成及时率", P100, P100),
                    (COST, "成本预算", "≤17 万元", P100),
                    None,
                ),
            ),
            (
                BEN,
                (
                    PLACEHOLDER,
                    (SOC, "商会作用得到更好发挥", "长期", P100),
                    (SUS, "商会各项工作得到提高", "长期", P100),
                    None,
                    None,
                ),
            ),
            (SAT, ((SVC, "满意率", "≥95%", P100), None, None)),
        ),
        remark="无",
        remark_in_block=False,
        narrow=True,
    ),
    Form(
        sheet="非公经济考察调研、教育培训、维权服务等工作经费",
        title="项目支出绩效目标自评表 3",
        name="非公经济“考察调研、教育培训、维权服务”等工作经费",
        fund_label=FULL_WIDTH[0],
        fund_headers=FULL_WIDTH[1],
        fund_rows=FULL_WIDTH[2],
        amounts=(15.2, 15.2),
        planned=None,
        achieved=None,
        groups=(
            (
                OUT,
                (
                    (QTY, "开展教育培训", "≥2 次", P100),
                    (QTY, "开展走访、考察调研", "≥20 次", P100),
                    (QTY, "开展维权服务", "≥10 次", P100),
                    (QUAL, "调研报告和提案", "3 次", P100),
                    (QUAL, "非公企业权益得到保护", "得到保护", P100),
                    (TIME, "完成及时率", "12月31日之前", P100),
                    (COST, "成本预算", "≤15.2 万元", P100),
                    None,
                ),
            ),
            (
                BEN,
                (
                    PLACEHOLDER,
                    (SOC, "促进非公经济快速健康发展和非公经济人士的健康成长", "促进", P100),
                    (SUS, "为党委政府科学制定非公经济发展政策提供有效依据", "有效", P100),
                ),
            ),
            (SAT, ((SVC, "满意率", "≥95%", P100), None)),
        ),
        remark=None,
        remark_in_block=False,
    ),
    Form(
        sheet="县级领导挂点联系经费",
        title="项目支出绩效目标自评表 4",
        name="县级领导挂点联系经费",
        fund_label=FULL_WIDTH[0],
        fund_headers=FULL_WIDTH[1],
        fund_rows=FULL_WIDTH[2],
        amounts=(2, 2),
        planned=None,
        achieved=None,
        groups=(
            (
                OUT,
                (
                    (QTY, "到联系的乡村指导工作次数", "≥10 次", P100),
                    (QTY, "联系乡（镇）村数", "1 个镇 4 个村", P100),
                    (QUAL, "资金到位率", P100, P100),
                    (TIME, "资金下拨及时率", P100, P100),
                    (COST, "成本预算", "≤2 万元", P100),
                    None,
                ),
            ),
            (
                BEN,
                (
                    PLACEHOLDER,
                    (SOC, "联系的乡和村各项工作得到提高", "提高", P100),
                    (SUS, "各项工作得到提高", "提高", P100),
                    None,
                ),
            ),
            (SAT, ((SVC, "受益人员满意率", "≥95%", P100), None, None)),
        ),
        remark="无",
        remark_in_block=True,
    ),
)

# --- drawing -----------------------------------------------------------------------------------------

LAST_COL = 7  # A 绩效指标 | B 一级 | C 二级 | D 三级 | E 年度指标值 | F 全年完成值 | G 未完成原因
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


class Sheet:
    """A worksheet written row by row, the way a clerk lays out a form."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws

    def put(
        self, row: int, col: int, value: Typed, *, to: tuple[int, int] | None = None, left: bool = False
    ) -> None:
        """Type a value at (row, col); `to` merges up to (last row, last col)."""
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, Pct):
            cell.value = value.value
            cell.number_format = "0%"
        else:
            cell.value = value
        if to is not None and to != (row, col):
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to[0], end_column=to[1])
        cell.alignment = LEFT if left else CENTER

    def frame(self, first: int, last: int) -> None:
        """Thin borders and the body font on every cell of the table rows."""
        for row in self.ws.iter_rows(min_row=first, max_row=last, max_col=LAST_COL):
            for cell in row:
                cell.border = BOX
                if cell.font != BOLD:
                    cell.font = BODY


def draw_header(sheet: Sheet, form: Form) -> int:
    """Title, year line, the three label rows and the 项目资金 block; returns the next free row."""
    ws = sheet.ws
    sheet.put(1, 1, form.title, to=(1, LAST_COL))
    ws.cell(row=1, column=1).font = Font(name="宋体", size=16, bold=True)
    sheet.put(2, 1, YEAR_LINE, to=(2, LAST_COL))
    ws.cell(row=2, column=1).font = BODY
    sheet.put(3, 1, "项目支出名称", to=(3, 2))
    sheet.put(3, 3, form.name, to=(3, 4))
    sheet.put(3, 5, "负责人及电话")
    sheet.put(3, 6, LEADER_PHONE, to=(3, 7))
    for row, label in ((4, "主管部门"), (5, "项目实施单位")):
        sheet.put(row, 1, label, to=(row, 2))
        sheet.put(row, 3, UNIT, to=(row, LAST_COL), left=True)
    top = 6
    sheet.put(top, 1, form.fund_label, to=(top + len(form.fund_rows), 2))
    for col, header in enumerate(form.fund_headers, start=4):
        sheet.put(top, col, header)
    for offset, label in enumerate(form.fund_rows, start=1):
        sheet.put(top + offset, 3, label)
    budget, executed = form.amounts
    sheet.put(top + 1, 4, budget)
    sheet.put(top + 1, 5, executed)
    sheet.put(top + 1, 6, Pct(executed / budget))
    return top + len(form.fund_rows) + 1


def draw_goals(sheet: Sheet, form: Form, top: int) -> int:
    """年度总体目标: the two sub-labels, the texts (or a blank row) below; returns the next free row."""
    sheet.put(top, 1, "年度总体目标", to=(top + 1, 1))
    sheet.put(top, 2, "年初设定目标", to=(top, 4))
    sheet.put(top, 5, "全年实际完成情况", to=(top, LAST_COL))
    sheet.put(top + 1, 2, form.planned, to=(top + 1, 4), left=True)
    sheet.put(top + 1, 5, form.achieved, to=(top + 1, LAST_COL), left=True)
    return top + 2


def draw_indicators(sheet: Sheet, form: Form, top: int) -> int:
    """The 绩效指标 block with 一级/二级 merged down and the 说明 row; returns the 说明 row."""
    headers = ("一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施")
    for col, header in enumerate(headers, start=2):
        sheet.put(top, col, header)
    row = top + 1
    for level1, lines in form.groups:
        sheet.put(row, 2, level1, to=(row + len(lines) - 1, 2))
        row = draw_lines(sheet, row, lines)
    remark_row = row
    block_end = remark_row if form.remark_in_block else remark_row - 1
    sheet.put(top, 1, "绩效指标", to=(block_end, 1))
    if form.remark_in_block:
        sheet.put(remark_row, 2, "说明")
        sheet.put(remark_row, 3, form.remark, to=(remark_row, LAST_COL), left=True)
    else:
        sheet.put(remark_row, 1, "说明")
        sheet.put(remark_row, 2, form.remark, to=(remark_row, LAST_COL), left=True)
    return remark_row


def draw_lines(sheet: Sheet, row: int, lines: Sequence[Line]) -> int:
    """The rows of one 一级指标, a 二级指标 merged over its consecutive rows; returns the next row."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line is None:
            row, index = row + 1, index + 1
            continue
        span = 1
        while index + span < len(lines) and (nxt := lines[index + span]) is not None and nxt[0] == line[0]:
            span += 1
        sheet.put(row, 3, line[0], to=(row + span - 1, 3))
        for offset, (_, level3, target, actual) in enumerate(lines[index : index + span]):  # type: ignore[misc]
            sheet.put(row + offset, 4, level3, left=True)
            sheet.put(row + offset, 5, target)
            sheet.put(row + offset, 6, actual)
        row, index = row + span, index + span
    return row


def draw_notes(sheet: Sheet, top: int) -> None:
    """The three notes under the table, each merged across the page and wrapped."""
    for offset, note in enumerate(NOTES):
        sheet.put(top + offset, 1, note, to=(top + offset, LAST_COL), left=True)
        sheet.ws.cell(row=top + offset, column=1).font = BODY
        sheet.ws.row_dimensions[top + offset].height = 42 if len(note) > 60 else 28


def draw_form(ws: Worksheet, form: Form) -> None:
    """One form on its own sheet, with widths, heights, fonts and an A4 page."""
    sheet = Sheet(ws)
    goals = draw_header(sheet, form)
    indicators = draw_goals(sheet, form, goals)
    remark_row = draw_indicators(sheet, form, indicators)
    sheet.frame(3, remark_row)
    draw_notes(sheet, remark_row + 2)
    widths = (6, 5, 7, 24, 13, 12, 16) if form.narrow else (6, 10, 14, 24, 13, 12, 16)
    for col, width in zip("ABCDEFG", widths, strict=True):
        ws.column_dimensions[col].width = width
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[goals + 1].height = 45 if form.planned else 20
    for row in range(3, remark_row + 1):
        if row != goals + 1:
            ws.row_dimensions[row].height = 34 if form.narrow and row > indicators else 22
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_area = f"A1:G{remark_row + 1 + len(NOTES)}"


def workbook_bytes() -> bytes:
    """The sample as bytes: openpyxl's output re-zipped with fixed entry times."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for form in FORMS:
        draw_form(book.create_sheet(form.sheet), form)
    book.properties.creator = "Administrator"
    book.properties.created = STAMP
    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time as modified
                book.properties.modified = STAMP
                data = fixed_core(data, book)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def fixed_core(data: bytes, book: openpyxl.Workbook) -> bytes:
    """docProps/core.xml again, from the properties with the fixed modified date."""
    from openpyxl.xml.functions import tostring

    del data
    return bytes(tostring(book.properties.to_tree()))


def main(argv: Sequence[str]) -> None:
    """Build the sample into the given folder (default: this folder)."""
    out = pathlib.Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    (out / FILE_NAME).write_bytes(workbook_bytes())
    print(f"wrote {out / FILE_NAME}")


if __name__ == "__main__":
    main(sys.argv[1:])
