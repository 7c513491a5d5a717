"""Hand-styled 自评表 workbooks, one builder per variant of issue 11 (a test helper, not a test file).

Each builder writes one .xlsx with openpyxl at `path` and returns what a correct forms reader must
get from it, as plain Python:

    {
      "variant": "spaced_labels",
      "forms": [                       # every readable form, in sheet order then top to bottom
        {
          "sheet": "Sheet1", "name_cell": "Sheet1!A3",     # the cell of its name label
          "unit": "万元",                                   # the money unit its 项目资金 header says
          "project": {"项目名称", "主管部门", "项目实施单位", "负责人", "联系电话",
                      "年初设定目标", "全年实际完成情况", "说明"},   # None where the form has none
          "funds": [{"资金来源", "年初预算数", "全年预算数", "全年执行数"}],   # amounts as printed
          "indicators": [{"一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "分值",
                          "未完成原因和改进措施"}],
          "printed": [{"figure": "得分", "cell": "Sheet1!H20", "value": 13.5, "text": "13.5",
                       "indicator": "培训场次", "correct": 15.0}],
          "labels": {"Sheet1!A3": "项目支出名称", …},       # label cells a test can look for
          "merges": ["A3:B3", …],                          # merged ranges the form claims
        }
      ],
      "skipped": [{"sheet", "cell", "name", "why"}],   # unreadable forms: where the form stops making sense
      "no_form_sheets": ["封面"],                       # sheets without any form
      "params": {"年度": 2023, "金额单位": "万元"},
    }

Conventions of the expected data: 一级/二级指标 are given on every indicator row (what the importer
has after inheriting blank cells and merges); blank rows are left out, placeholder rows (一级/二级
only) kept; 年度指标值/全年完成值 as the form shows them (1.0 formatted 0% is "100%", 14 is "14");
分值 / 未完成原因和改进措施 are None when the form has no such column (the reason column may be
headed 偏差原因 …). 资金: one row per source row with amounts (资金来源 = its label without 其中：),
else the 年度资金总额 row with 资金来源 None; amounts in the form's own unit (see "unit").
Printed figures: "figure" is 执行率 (with "fund_row"), 年度资金总额 (with "column"), 预算分值, 预算得分,
得分 (with "indicator", its 三级指标), 总分 (with "adds_to", the sum of the printed 得分), 自评等级
("value" None, "text" the grade). "correct" is present only on figures wrong on purpose: the value
the rules give on the form's data (profile 财预〔2020〕10号).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from form_data import BLANK, FormData, Fund, Ind, Look, Pct, Plain
from form_drawing import draw_form, replace

OUT, BEN, SAT = "产出指标", "效益指标", "满意度指标"

TRAINING = FormData(
    name="高素质农民培训",
    indicators=(
        Ind(OUT, "数量指标", "培训人数", "≥1200 人次", "1260 人次"),
        Ind(OUT, "数量指标", "培训场次", "≥40 次", "36 次", reason="受汛期影响 4 场顺延至次年"),
        Ind(OUT, "质量指标", "培训合格率", Pct(0.95), Pct(0.97)),
        Ind(OUT, "时效指标", "培训完成时间", "2023年12月底前", "2023年11月30日"),
        Ind(OUT, "成本指标", "培训成本", "≤20 万元", "19.6 万元"),
        Ind(BEN, "经济效益指标"),
        Ind(BEN, "社会效益指标", "农民生产技能", "提高", "提高"),
        Ind(SAT, "服务对象满意度指标", "学员满意度", "≥90%", Pct(0.95)),
    ),
)
WATER = FormData(
    name="农村饮水安全巩固提升",
    department="示例县水利局",
    unit="示例县农村供水服务中心",
    leader="陈志刚",
    phone="13907451234",
    planned="改造供水管网 85 公里",
    achieved="改造管网 85 公里",
    funds=(Fund("年度资金总额", budget=50, executed=50),),
    indicators=(
        Ind(OUT, "数量指标", "改造供水管网", "≥85 公里", "85 公里"),
        Ind(OUT, "质量指标", "工程验收合格率", Pct(1.0), Pct(1.0)),
        Ind(BEN, "社会效益指标", "受益人口", "≥3.2 万人", "3.4 万人"),
        Ind(SAT, "服务对象满意度指标", "受益群众满意度", "≥90%", Pct(0.96)),
    ),
)
# 分值 adding to 90 (+10 for the budget) and the 得分 the rules give: 36/40 of 15 is 13.5.
WEIGHTS = {
    "培训人数": 15,
    "培训场次": 15,
    "培训合格率": 10,
    "培训完成时间": 5,
    "培训成本": 5,
    "农民生产技能": 30,
    "学员满意度": 10,
}
SCORES = {**WEIGHTS, "培训场次": 13.5}


def scored(data: FormData, scores: dict[str, float] = SCORES) -> FormData:
    """The form with 分值 and printed 得分 on each indicator, 10 for the budget and the total."""
    lines = tuple(
        i if i is None or i.level3 is None else replace(i, weight=WEIGHTS[i.level3], score=scores[i.level3])
        for i in data.indicators
    )
    total = Fund("年度资金总额", budget=20, executed=20, weight=10, score=10)
    return replace(data, funds=(total, *data.funds[1:]), indicators=lines, total=98.5, grade="优")


def save(book: openpyxl.Workbook, path: Path, variant: str, forms: list[Plain], **more: Any) -> Plain:
    """Save the workbook; the expected reading with the 参数 derived from the forms."""
    book.save(path)
    units = {f["unit"] for f in forms}
    params = {"年度": 2023, "金额单位": "万元" if len(units) != 1 else units.pop()}
    return {"variant": variant, "forms": forms, "skipped": [], "no_form_sheets": [], "params": params, **more}


def one_per_sheet(path: Path, variant: str, pairs: list[tuple[str, FormData, Look]]) -> Plain:
    """A workbook with one form per sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    forms = [draw_form(book.create_sheet(sheet), 1, data, look)[0] for sheet, data, look in pairs]
    return save(book, path, variant, forms)


# --- the variants ---------------------------------------------------------------------------------


def spaced_labels(path: Path) -> Plain:
    """Labels typed with spaces and a line break: 项 目 名 称, 主 管 部 门, 项 目 资 金."""
    look = Look(
        name_label="项 目 名 称",
        department_label="主 管 部 门",
        unit_label="项目实施　单位",  # a full-width space
        leader_label="负 责 人 及 电 话",
        fund_label="项 目 资 金\n（{money}）",
    )
    return one_per_sheet(path, "spaced_labels", [("Sheet1", TRAINING, look)])


def name_labels(path: Path) -> Plain:
    """项目支出名称 on one form, 项目名称 on the other."""
    return one_per_sheet(
        path,
        "name_labels",
        [("培训", TRAINING, Look(name_label="项目支出名称")), ("饮水", WATER, Look(name_label="项目名称"))],
    )


def actual_headers(path: Path) -> Plain:
    """The actual's column headed 全年实际值, 实际完成值 and 全年完成值."""
    pairs = [
        (f"表{i}", TRAINING, Look(actual_header=h))
        for i, h in enumerate(("全年实际值", "实际完成值", "全年完成值"), 1)
    ]
    pairs = [(s, replace(d, name=f"{d.name}{s}"), look) for s, d, look in pairs]
    return one_per_sheet(path, "actual_headers", pairs)


def optional_columns(path: Path) -> Plain:
    """分值 without 得分 (reason headed 偏差原因), 分值 and 得分 without a reason column, neither."""
    weighted = replace(scored(TRAINING), total=None, grade=None)
    unscored = replace(
        weighted, indicators=tuple(i if i is None else replace(i, score=None) for i in weighted.indicators)
    )
    return one_per_sheet(
        path,
        "optional_columns",
        [
            ("分值", replace(unscored, name="培训一"), Look(weights=True, reason_header="偏差原因")),
            (
                "分值得分",
                replace(weighted, name="培训二"),
                Look(weights=True, scores=True, reason_header=None),
            ),
            ("无分值", replace(TRAINING, name="培训三"), Look(reason_header=None)),
        ],
    )


def initial_budget(path: Path) -> Plain:
    """年初预算数 printed beside 全年预算数 on one form, absent on the other."""
    funds = (Fund("年度资金总额", initial=18, budget=20, executed=20),)
    headers = ("年初预算数", "全年预算数（A）", "全年执行数（B）", "执行率（B/A）")
    return one_per_sheet(
        path,
        "initial_budget",
        [("有年初", replace(TRAINING, funds=funds), Look(fund_headers=headers)), ("无年初", WATER, Look())],
    )


def title_year_notes(path: Path) -> Plain:
    """A title, a year line and notes around one form; a bare form (none of them) on another sheet."""
    full = Look(title="项目支出绩效自评表", year_line="2023年度")
    bare = Look(title=None, year_line=None, notes=())
    return one_per_sheet(path, "title_year_notes", [("完整", TRAINING, full), ("光表", WATER, bare)])


def odd_merges(path: Path) -> Plain:
    """Labels merged over 2–3 columns, values merged, odd widths; levels typed once or on every row."""
    wide = Look(label_cols=2, head_span=3, widths=(3, 9, 7, 11, 30, 9, 6, 14, 25), levels="once")
    every = Look(widths=(12, 5, 5, 40, 8, 8, 8), levels="every", reason_header="偏差原因")
    return one_per_sheet(path, "odd_merges", [("宽标签", TRAINING, wide), ("逐行", WATER, every)])


def blank_rows(path: Path) -> Plain:
    """Blank rows inside the indicator block: between rows of one 二级, between groups, at the end."""
    i = TRAINING.indicators
    lines = (i[0], BLANK, i[1], i[2], BLANK, BLANK, i[3], i[4], BLANK, i[5], i[6], BLANK, i[7], BLANK, BLANK)
    return one_per_sheet(path, "blank_rows", [("Sheet1", replace(TRAINING, indicators=lines), Look())])


def stacked(path: Path) -> Plain:
    """Three forms down one sheet, each with its title and year line, two blank rows between."""
    book = openpyxl.Workbook()
    ws = book.worksheets[0]
    ws.title = "自评表"
    forms, row = [], 1
    for data in (TRAINING, WATER, replace(WATER, name="农村饮水工程维修养护", leader=None, phone=None)):
        expected, row = draw_form(ws, row, data, Look())
        forms.append(expected)
        row += 2
    return save(book, path, "stacked", forms)


def amounts_in_yuan(path: Path) -> Plain:
    """One form in 元 with a source breakdown (年度资金总额 printed), one in 万元."""
    funds = (
        Fund("年度资金总额", budget=1200000, executed=1150000),
        Fund("其中：中央补助", budget=800000, executed=800000),
        Fund("省级资金", budget=400000, executed=350000),
        Fund("市级资金"),
        Fund("其他资金"),
    )
    yuan = replace(TRAINING, name="高标准农田建设", funds=funds)
    return one_per_sheet(
        path,
        "amounts_in_yuan",
        [("元", yuan, Look(money="元", amount_format="#,##0.00")), ("万元", TRAINING, Look())],
    )


NATIONAL = Look(
    title="项目支出绩效自评表",
    year_line="（2023年度）",
    name_label="项目名称",
    leader_label=None,
    unit_label="实施单位",
    fund_headers=("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    goals=("预期目标", "实际完成情况"),
    actual_header="实际完成值",
    weights=True,
    scores=True,
    reason_header="偏差原因分析及改进措施",
    total_rows=True,
    notes=("注：执行率 = 全年执行数 ÷ 全年预算数。",),
)
NATIONAL_FUNDS = (
    Fund("年度资金总额", initial=20, budget=20, executed=20, weight=10, score=10),
    Fund("其中：当年财政拨款", initial=20, budget=20, executed=20),
    Fund("上年结转资金"),
    Fund("其他资金"),
)


def national_scored(path: Path) -> Plain:
    """The national 评分自评表 (财预〔2020〕10号): 年初预算数 … 得分, 分值/得分 per indicator, 总分, 等级."""
    data = replace(scored(TRAINING), funds=NATIONAL_FUNDS, leader=None, phone=None)
    return one_per_sheet(path, "national_scored", [("Sheet1", data, NATIONAL)])


def wrong_figures(path: Path) -> Plain:
    """A scored form whose printed figures are wrong on purpose: 执行率, 预算得分, a 得分, 总分."""
    funds = (
        Fund("年度资金总额", initial=17.9, budget=17.9, executed=14.4, rate=1.0, weight=10, score=10),
        Fund("其中：当年财政拨款"),
        Fund("上年结转资金"),
        Fund("其他资金"),
    )
    data = scored(TRAINING, {**SCORES, "培训人数": 14})
    lines = tuple(
        replace(i, correct=15.0) if i is not None and i.level3 == "培训人数" else i for i in data.indicators
    )
    data = replace(
        data, funds=funds, indicators=lines, total=95, total_correct=96.54, leader=None, phone=None
    )
    expected = one_per_sheet(path, "wrong_figures", [("Sheet1", data, NATIONAL)])
    budget = next(p for p in expected["forms"][0]["printed"] if p["figure"] == "预算得分")
    budget["correct"] = 8.04  # 10 × 14.4/17.9, rounded half up
    return expected


def unreadable_mixed(path: Path) -> Plain:
    """A good form beside a name label with no indicator header, a header without 三级指标 and a cover."""
    book = openpyxl.Workbook()
    cover = book.worksheets[0]
    cover.title = "封面"
    cover["B3"] = "示例县 2023 年度项目支出绩效自评表"
    cover["B5"] = "填报单位：示例县农业农村局"
    good, _ = draw_form(book.create_sheet("好表"), 1, TRAINING, Look())
    no_header = book.create_sheet("缺表头")
    no_header["A1"], no_header["C1"] = "项目支出名称", "农机购置补贴"
    no_header["A2"], no_header["C2"] = "主管部门", "示例县农业农村局"
    no_header["A3"], no_header["C3"] = "项目资金（万元）", "年度资金总额"
    no_header["D3"], no_header["E3"] = 30, 30
    no_header["A5"] = "注：指标另附。"
    no_level3 = book.create_sheet("缺三级")
    no_level3["A1"], no_level3["B1"] = "项目名称", "农村公路养护"
    no_level3["A2"], no_level3["B2"] = "主管部门", "示例县交通运输局"
    no_level3["A3"], no_level3["B3"] = "项目资金（万元）", "年度资金总额"
    no_level3["C3"], no_level3["D3"] = 50, 48
    for col, text in zip("BCDE", ("一级指标", "二级指标", "年度指标值", "全年完成值"), strict=True):
        no_level3[f"{col}4"] = text
    no_level3["A4"] = "绩效指标"
    for col, text in zip("BCDE", (OUT, "数量指标", "≥120 公里", "126 公里"), strict=True):
        no_level3[f"{col}5"] = text
    skipped = [
        {"sheet": "缺表头", "cell": "缺表头!A1", "name": "农机购置补贴", "why": "项目名称下没有绩效指标表头"},
        {"sheet": "缺三级", "cell": "缺三级!A4", "name": "农村公路养护", "why": "绩效指标表头没有三级指标"},
    ]
    return save(book, path, "unreadable_mixed", [good], skipped=skipped, no_form_sheets=["封面"])


BUILDERS = (
    spaced_labels,
    name_labels,
    actual_headers,
    optional_columns,
    initial_budget,
    title_year_notes,
    odd_merges,
    blank_rows,
    stacked,
    amounts_in_yuan,
    national_scored,
    wrong_figures,
    unreadable_mixed,
)
