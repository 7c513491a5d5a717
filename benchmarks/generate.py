"""Generate a province-scale standard input workbook for the benchmarks.

``python benchmarks/generate.py OUT.xlsx --projects 10000 [--indicators-per-project 10] [--seed 1]``

The workbook follows the standard input contract (``../shared/input-format.md``): sheets 项目, 资金,
指标 and 参数 with the exact headers of ``workbook_templates/standard_input.toml`` (read
from that file, so they cannot drift). It looks like a province's yearly self-evaluation: ~20
主管部门, 300 implementing units (15 cities × 20 bureaus), N projects with ~10 indicators each and
every shape of target the rules know (counts, ≤ amounts, percentages, ``=100%``, deadlines,
qualitative words), met, missed (with a reason), over-achieved, a few low execution rates (with a
说明), 资金来源 breakdowns, projects reported by 2–3 fund-using units, placeholder rows, explicit
分值 in some projects, a few missing reasons and late deadlines (warnings) — and no error:
``evalxl check`` passes.

The output depends only on the arguments (seeded ``random.Random``, a fixed document date): the
same arguments give the same bytes. It is written with XlsxWriter in ``constant_memory`` mode,
every text with ``write_string`` (so ``=100%`` stays text): 100,000 indicator rows take seconds.
"""

from __future__ import annotations

import argparse
import datetime
import random
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_templates" / "standard_input.toml"
YEAR = 2024

# ~20 departments: (主管部门, the city bureau's name, code, project topics)
DEPARTMENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("省农业农村厅", "农业农村局", "NY", ("高素质农民培训", "高标准农田建设", "动物疫病防控补助")),
    ("省水利厅", "水利局", "SL", ("农村饮水安全巩固提升", "小型水库安全运行管护", "中小河流治理")),
    ("省教育厅", "教育局", "JY", ("义务教育薄弱环节改善", "学前教育发展补助", "学生资助")),
    (
        "省卫生健康委员会",
        "卫生健康委员会",
        "WJ",
        ("基本公共卫生服务", "基层医疗机构能力提升", "妇幼健康服务"),
    ),
    ("省交通运输厅", "交通运输局", "JT", ("农村公路养护", "客运站场建设", "公路安全生命防护工程")),
    ("省生态环境厅", "生态环境局", "ST", ("大气污染防治", "农村环境整治", "水污染防治")),
    ("省住房和城乡建设厅", "住房和城乡建设局", "ZJ", ("城镇老旧小区改造", "农村危房改造", "城市排水防涝")),
    ("省民政厅", "民政局", "MZ", ("城乡低保补助", "养老服务体系建设", "困境儿童保障")),
    (
        "省人力资源和社会保障厅",
        "人力资源和社会保障局",
        "RS",
        ("职业技能提升行动", "就业创业补贴", "公共就业服务"),
    ),
    (
        "省文化和旅游厅",
        "文化广电旅游局",
        "WL",
        ("公共文化服务体系建设", "非物质文化遗产保护", "乡村旅游提升"),
    ),
    ("省科学技术厅", "科学技术局", "KJ", ("科技特派员服务", "农业科技成果转化", "科普基础设施建设")),
    ("省自然资源厅", "自然资源和规划局", "ZR", ("地质灾害防治", "国土空间生态修复", "耕地保护补偿")),
    ("省林业局", "林业局", "LY", ("森林防火", "国土绿化", "林业有害生物防治")),
    ("省商务厅", "商务局", "SW", ("县域商业体系建设", "电子商务进农村", "外贸企业扶持")),
    ("省应急管理厅", "应急管理局", "YJ", ("应急救援能力建设", "安全生产监管", "防灾减灾宣传")),
    ("省体育局", "体育局", "TY", ("全民健身设施建设", "青少年体育培训", "体育赛事组织")),
    ("省市场监督管理局", "市场监督管理局", "SJ", ("食品安全抽检", "特种设备安全监察", "计量检定")),
    ("省乡村振兴局", "乡村振兴局", "XZ", ("衔接推进乡村振兴", "以工代赈", "脱贫人口技能培训")),
    (
        "省退役军人事务厅",
        "退役军人事务局",
        "TJ",
        ("退役军人就业培训", "优抚对象抚恤补助", "烈士纪念设施保护"),
    ),
    ("省残疾人联合会", "残疾人联合会", "CL", ("残疾人康复服务", "残疾儿童康复救助", "残疾人就业扶持")),
)
CITIES = (
    "江城", "桐溪", "云岭", "青川", "临河", "南屏", "北岗", "东湖",
    "西山", "安平", "长宁", "永丰", "清源", "白石", "枫林",
)  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = (
    "建华",
    "晓梅",
    "志刚",
    "海燕",
    "国强",
    "丽娟",
    "伟",
    "敏",
    "军",
    "静",
    "磊",
    "芳",
    "勇",
    "红梅",
    "明",
)
SOURCES = ("中央补助", "省级资金", "市级资金", "其他资金")

# Indicator pools per 二级指标: (三级指标, kind, unit). Kinds decide the target and the actual.
POOLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "数量指标": (
        ("培训人次", "count", "人次"),
        ("开展活动场次", "count", "场"),
        ("建设项目个数", "count", "个"),
        ("受益农户数", "count", "户"),
        ("新建改造工程", "count", "处"),
        ("巡查检查次数", "count", "次"),
        ("扶持经营主体", "count", "家"),
        ("改造管网长度", "count", "公里"),
    ),
    "质量指标": (
        ("验收合格率", "percent", ""),
        ("资金拨付准确率", "equal", ""),
        ("任务完成率", "bare_percent", ""),
        ("设备完好率", "percent", ""),
    ),
    "时效指标": (("项目完成时间", "deadline", ""), ("资金拨付及时性", "deadline_year", "")),
    "成本指标": (("项目总成本", "cost", "万元"), ("单位建设成本", "cost", "万元")),
    "经济效益指标": (("带动群众增收", "money", "元"), ("促进地方经济发展", "words", "")),
    "社会效益指标": (
        ("受益人口", "count", "人"),
        ("群众生产生活条件", "words", ""),
        ("公共服务水平", "words", ""),
        ("政策知晓率", "percent", ""),
    ),
    "生态效益指标": (("生态环境质量", "words", ""), ("资源节约利用", "words", "")),
    "可持续影响指标": (("长效管护机制", "words", ""), ("项目持续发挥效益", "words", "")),
    "服务对象满意度指标": (("服务对象满意度", "satisfaction", ""), ("受益群众满意度", "satisfaction", "")),
}
LEVEL1_OF = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
FORM_ORDER = tuple(LEVEL1_OF)  # 二级指标 in the order of the form
# Which 二级指标 a project gets first: the first n of this list (then more 数量/社会效益 rows).
PRIORITY = (
    "服务对象满意度指标",
    "数量指标",
    "质量指标",
    "社会效益指标",
    "时效指标",
    "成本指标",
    "数量指标",
    "经济效益指标",
    "可持续影响指标",
    "生态效益指标",
    "质量指标",
    "社会效益指标",
)
LEVEL_WEIGHTS = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
QUALITATIVE_TARGETS = ("改善", "提高", "有效", "长期")
REASONS_UNDER = (
    "受汛期影响部分任务顺延至下年一季度完成；下年提前排期、加强调度",
    "项目前期手续办理滞后，部分工程未能按期完工；已列入下年计划",
    "配套资金到位较晚影响进度；下年加强资金统筹",
    "部分乡镇组织实施不到位；已约谈并督促整改",
)
REASONS_OVER = (
    "整合相关资金超额完成；下年按实际能力测算目标",
    "群众参与积极性高于预期；下年合理提高目标值",
)
REASON_LATE = "设备采购流程延长，完工时间推迟；下年提前启动采购"
LOW_RATE_NOTE = "执行率 {rate:.1f}%：部分工程因征地协调延至 {next} 年实施，未支付资金按规定结转下年使用"


# --------------------------------------------------------------------------- the records


@dataclass
class Project:
    """One project with its 资金 and 指标 rows, as they will be written."""

    name: str
    code: str
    department: str
    unit: str
    leader: str
    phone: str
    goal: str = ""
    achieved: str = ""
    remark: str = ""
    funds: list[list[object]] = field(default_factory=list)
    indicators: list[list[object]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """One indicator's target, actual and reason (texts as a person writes them)."""

    target: str
    actual: str
    reason: str = ""
    qualitative: bool = False


def headers(sheet: str) -> list[str]:
    """The column headers of ``sheet`` in the standard input template."""
    with TEMPLATE.open("rb") as handle:
        spec = tomllib.load(handle)
    for entry in spec["sheets"]:
        if entry["name"] == sheet:
            return [column["name"] for column in entry["columns"]]
    raise KeyError(sheet)


# --------------------------------------------------------------------------- targets and actuals


def _explain(rng: random.Random, reasons: Sequence[str], honest: float = 0.97) -> str:
    """A reason, except for a few rows where the unit forgot one (a warning, not an error)."""
    return rng.choice(reasons) if rng.random() < honest else ""


def _count(pick: random.Random, rng: random.Random, unit: str, fate: str) -> Outcome:
    target = pick.choice((12, 20, 24, 30, 40, 60, 85, 100, 200, 500, 1200, 3000))
    if fate == "missed":
        actual = max(1, int(target * rng.uniform(0.7, 0.97)))
        return Outcome(f"≥{target} {unit}", f"{actual} {unit}", _explain(rng, REASONS_UNDER))
    if fate == "over":
        actual = int(target * rng.uniform(1.35, 1.8)) + 1
        return Outcome(f"≥{target} {unit}", f"{actual} {unit}", _explain(rng, REASONS_OVER, 0.8))
    actual = int(target * rng.uniform(1.0, 1.25))
    return Outcome(f"≥{target} {unit}", f"{actual} {unit}")


def _percent(rng: random.Random, fate: str, low: int, bare: bool = False) -> Outcome:
    target = f"{low}%" if bare else f"≥{low}%"
    if fate == "missed":
        actual = round(low - rng.uniform(1, 6), 1)
        return Outcome(target, f"{actual:g}%", _explain(rng, REASONS_UNDER))
    return Outcome(target, f"{round(rng.uniform(low, 100), 1):g}%")


def _cost(pick: random.Random, rng: random.Random, fate: str, budget: float) -> Outcome:
    target = round(budget * pick.uniform(1.0, 1.1), 1)
    if fate == "missed":
        actual = round(target * rng.uniform(1.02, 1.15), 1)
        return Outcome(f"≤{target:g} 万元", f"{actual:g} 万元", _explain(rng, REASONS_UNDER))
    return Outcome(f"≤{target:g} 万元", f"{round(target * rng.uniform(0.85, 1.0), 1):g} 万元")


def _deadline(rng: random.Random, late: bool, with_year: bool) -> Outcome:
    target = f"{YEAR}年12月底前" if with_year else "12月31日之前"
    if late:
        return Outcome(target, f"{YEAR + 1}年1月{rng.randint(5, 28)}日", REASON_LATE)
    month = rng.randint(9, 12)
    return Outcome(target, rng.choice(("及时", "按时", f"{YEAR}年{month}月{rng.randint(1, 28)}日")))


def _words(pick: random.Random, rng: random.Random, fate: str) -> Outcome:
    target = pick.choice(QUALITATIVE_TARGETS)
    if fate == "missed":
        actual = rng.choice(("部分达成", "85%", "75%"))
        return Outcome(target, actual, _explain(rng, REASONS_UNDER), qualitative=True)
    actual = "改善" if target == "改善" and rng.random() < 0.5 else rng.choice(("达成", "全部达成", "100%"))
    return Outcome(target, actual, qualitative=True)


def _money(pick: random.Random, rng: random.Random, fate: str) -> Outcome:
    target = pick.choice((1000, 1500, 2000, 3000))
    if fate == "missed":
        actual = int(target * rng.uniform(0.8, 0.97))
        return Outcome(f"≥{target} 元", f"{actual} 元", _explain(rng, REASONS_UNDER))
    return Outcome(f"≥{target} 元", f"{int(target * rng.uniform(1.0, 1.2))} 元")


def outcome(pick: random.Random, rng: random.Random, kind: str, unit: str, budget: float) -> Outcome:
    """A target of ``kind`` and an actual that is met (most), missed or over-achieved.

    ``pick`` chooses the target, ``rng`` the fate and the actual: units that report the same
    indicator share ``pick``'s seed, so they share its target (as their 主管部门 set it).
    """
    fate = rng.choices(("met", "missed", "over"), weights=(84, 10, 6))[0]
    if kind == "count":
        return _count(pick, rng, unit, fate)
    if kind in ("percent", "bare_percent"):
        return _percent(rng, fate, pick.choice((90, 95, 98)), bare=kind == "bare_percent")
    if kind == "satisfaction":
        return _percent(rng, fate, pick.choice((85, 90)))
    if kind == "equal":
        return Outcome("=100%", "100%") if fate != "missed" else Outcome("=100%", "98%", REASONS_UNDER[2])
    if kind == "cost":
        return _cost(pick, rng, fate, budget)
    if kind in ("deadline", "deadline_year"):
        return _deadline(rng, fate == "missed" and rng.random() < 0.1, kind == "deadline_year")
    if kind == "money":
        return _money(pick, rng, fate)
    return _words(pick, rng, fate)


# --------------------------------------------------------------------------- one project


def plan(count: int) -> list[str]:
    """The 二级指标 of a project's ``count`` indicators, in the order of the form."""
    slots = list(PRIORITY[:count])
    extra = ("数量指标", "社会效益指标")
    slots += [extra[i % 2] for i in range(max(0, count - len(PRIORITY)))]
    return sorted(slots, key=FORM_ORDER.index)


def pick_names(rng: random.Random, slots: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """(二级指标, 三级指标, kind, unit) for each slot; names unique within a 二级指标."""
    picked: list[tuple[str, str, str, str]] = []
    used: dict[str, list[tuple[str, str, str]]] = {}
    for level2 in slots:
        pool = used.setdefault(level2, rng.sample(POOLS[level2], len(POOLS[level2])))
        index = sum(1 for p in picked if p[0] == level2)
        name, kind, unit = pool[index % len(pool)]
        suffix = f"（{index // len(pool) + 1}）" if index >= len(pool) else ""
        picked.append((level2, name + suffix, kind, unit))
    return picked


def weights(slots: Sequence[str], blank: int) -> list[int | None]:
    """Whole-number 分值 for the slots: each first-level weight split over its scored indicators
    (the slot ``blank``, a placeholder, gets none)."""
    levels = [LEVEL1_OF[s] if i != blank else "" for i, s in enumerate(slots)]
    result: list[int | None] = []
    for position, level in enumerate(levels):
        if not level:
            result.append(None)
            continue
        base, extra = divmod(LEVEL_WEIGHTS[level], levels.count(level))
        result.append(base + (1 if levels[:position].count(level) < extra else 0))
    return result


@dataclass(frozen=True)
class Shape:
    """How one project is reported: its units, sources, execution and extras."""

    units: tuple[str, ...]
    sources: int
    low_rate: bool
    placeholder: bool
    given_weights: bool
    nature: bool


def shape(rng: random.Random, unit: str, siblings: Sequence[str]) -> Shape:
    """Draw how a project is reported (shares chosen to look like a province's return)."""
    several = rng.random() < 0.05
    units = (
        (unit, *rng.sample([s for s in siblings if s != unit], rng.choice((1, 2)))) if several else (unit,)
    )
    return Shape(
        units=units,
        sources=rng.choice((2, 3, 4)) if not several and rng.random() < 0.25 else 0,
        low_rate=rng.random() < 0.03,
        placeholder=not several and rng.random() < 0.1,
        given_weights=rng.random() < 0.1,
        nature=rng.random() < 0.3,
    )


def fund_rows(rng: random.Random, project: Project, form: Shape, budget: float) -> float:
    """Fill the project's 资金 rows; returns its execution rate."""
    rate = rng.uniform(0.6, 0.88) if form.low_rate else rng.choice((1.0, rng.uniform(0.92, 1.0)))
    if len(form.units) > 1:
        shares = [rng.uniform(1, 3) for _ in form.units]
        for unit, share in zip(form.units, shares, strict=True):
            part = round(budget * share / sum(shares), 2)
            project.funds.append([project.name, unit, "", part, part, round(part * rate, 2)])
        return rate
    if not form.sources:
        initial = round(budget * rng.uniform(0.9, 1.0), 2)
        project.funds.append([project.name, "", "", initial, budget, round(budget * rate, 2)])
        return rate
    shares = [rng.uniform(1, 4) for _ in range(form.sources)]
    for source, share in zip(SOURCES, shares, strict=False):
        part = round(budget * share / sum(shares), 2)
        project.funds.append([project.name, "", source, part, part, round(part * rate, 2)])
    return rate


def indicator_rows(rng: random.Random, project: Project, form: Shape, count: int, budget: float) -> None:
    """Fill the project's 指标 rows (one block per fund-using unit when several report)."""
    slots = plan(count)
    picked = pick_names(rng, slots)
    blank = slots.index("经济效益指标") if form.placeholder and "经济效益指标" in slots else -1
    given = weights(slots, blank) if form.given_weights else [None] * len(slots)
    several = len(form.units) > 1
    seeds = [rng.random() for _ in picked]
    for unit in form.units:
        previous: tuple[str, str] = ("", "")
        for index, ((level2, name, kind, unit_word), weight) in enumerate(zip(picked, given, strict=True)):
            level1 = LEVEL1_OF[level2]
            result = outcome(random.Random(seeds[index]), rng, kind, unit_word, budget / len(form.units))
            if index == blank:  # 效益指标/经济效益指标 with nothing written: printed, not scored
                project.indicators.append(
                    _row(project, "", previous, (level1, level2, ""), index, None, None)
                )
                previous = (level1, level2)
                continue
            levels = (level1, level2, name)
            row = _row(project, unit if several else "", previous, levels, index, result, weight)
            row[7] = ("定性" if result.qualitative else "定量") if form.nature else ""
            project.indicators.append(row)
            previous = (level1, level2)


def _row(
    project: Project,
    unit: str,
    previous: tuple[str, str],
    levels: tuple[str, str, str],
    index: int,
    result: Outcome | None,
    weight: int | None,
) -> list[object]:
    """One 指标 row; 项目名称, 一级指标 and 二级指标 are left blank when inherited, as staff write them
    (except when several units report: then every row is complete)."""
    level1, level2, level3 = levels
    full = bool(unit)
    name = project.name if full or index == 0 else ""
    first = level1 if full or previous[0] != level1 else ""
    second = level2 if full or previous != (level1, level2) else ""
    if result is None:  # a placeholder: printed, not scored
        return [name, unit, first, second, "", "", "", "", None, None, ""]
    return [name, unit, first, second, level3, result.target, result.actual, "", weight, None, result.reason]


def goals(project: Project) -> None:
    """The 年度总体目标 texts, written from the project's own indicators."""
    scored = [r for r in project.indicators if r[4]]
    planned = "，".join(f"{r[4]} {r[5]}" for r in scored[:4])
    done = "，".join(f"{r[4]} {r[6]}" for r in scored[:4])
    project.goal = f"围绕{project.name}，全年实现{planned}等目标"
    project.achieved = f"全年完成{done}，项目总体进展顺利"


def make_project(rng: random.Random, number: int, count: int, names: dict[str, int]) -> Project:
    """Project ``number`` (1-based) with its funds and ``count`` indicators."""
    department, bureau, code, topics = DEPARTMENTS[(number - 1) % len(DEPARTMENTS)]
    city = CITIES[rng.randrange(len(CITIES))]
    unit = f"{city}市{bureau}"
    siblings = [f"{c}市{bureau}" for c in CITIES]
    base = f"{city}市{rng.choice(topics)}"
    names[base] = names.get(base, 0) + 1
    name = base if names[base] == 1 else f"{base}（{names[base]}）"
    leader = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"0{rng.randint(700, 799)}-{rng.randint(5000000, 8999999)}"
    project = Project(name, f"{YEAR}-{code}-{number:05d}", department, unit, leader, phone)
    form = shape(rng, unit, siblings)
    budget = round(rng.lognormvariate(4.5, 1.0) + 5, 2)
    rate = fund_rows(rng, project, form, budget)
    if form.low_rate:
        project.remark = LOW_RATE_NOTE.format(rate=rate * 100, next=YEAR + 1)
    indicator_rows(rng, project, form, count, budget)
    goals(project)
    return project


def projects(count: int, per_project: int, seed: int) -> Iterator[Project]:
    """The workbook's projects, in order; deterministic for a given seed."""
    rng = random.Random(seed)
    names: dict[str, int] = {}
    for number in range(1, count + 1):
        yield make_project(rng, number, per_project, names)


# --------------------------------------------------------------------------- writing


class SheetWriter:
    """Appends rows to one worksheet: text with ``write_string``, numbers with ``write_number``."""

    def __init__(
        self, workbook: xlsxwriter.Workbook, name: str, columns: Sequence[str], bold: object
    ) -> None:
        self.sheet = workbook.add_worksheet(name)
        for col, title in enumerate(columns):
            self.sheet.write_string(0, col, title, bold)
            self.sheet.set_column(col, col, 14 if col else 30)
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def append(self, values: Sequence[object]) -> None:
        """Write one row below the last one (blank cells are skipped)."""
        for col, value in enumerate(values):
            if isinstance(value, str):
                if value:
                    self.sheet.write_string(self.row, col, value)
            elif isinstance(value, int | float):
                self.sheet.write_number(self.row, col, value)
        self.row += 1


def write_workbook(path: Path, count: int, per_project: int, seed: int) -> dict[str, int]:
    """Write the input workbook to ``path``; returns the number of rows of each sheet.

    In ``constant_memory`` mode rows must be written in order per sheet, and XlsxWriter flushes a
    sheet's rows to its temporary file as they come, so 项目, 资金 and 指标 are filled together.
    """
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    with xlsxwriter.Workbook(str(path), options) as workbook:
        workbook.set_properties({"created": datetime.datetime(YEAR + 1, 1, 15)})  # same input, same bytes
        bold = workbook.add_format({"bold": True})
        sheets = {name: SheetWriter(workbook, name, headers(name), bold) for name in ("项目", "资金", "指标")}
        params = SheetWriter(workbook, "参数", headers("参数"), bold)
        for project in projects(count, per_project, seed):
            sheets["项目"].append(
                [
                    project.name,
                    project.code,
                    project.department,
                    project.unit,
                    project.leader,
                    project.phone,
                    project.goal,
                    project.achieved,
                    project.remark,
                ]
            )
            for fund in project.funds:
                sheets["资金"].append(fund)
            for indicator in project.indicators:
                sheets["指标"].append(indicator)
        params.append(["年度", str(YEAR)])
        params.append(["金额单位", "万元"])
    return {name: writer.row - 1 for name, writer in sheets.items()}


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write the workbook and say how many rows each sheet got."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="the .xlsx file to write")
    parser.add_argument("--projects", type=int, default=10_000, help="number of projects (default 10000)")
    parser.add_argument("--indicators-per-project", type=int, default=10, help="indicators per project (10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    counts = write_workbook(args.output, args.projects, args.indicators_per_project, args.seed)
    print(f"{args.output}: " + ", ".join(f"{name} {rows} 行" for name, rows in counts.items()))


if __name__ == "__main__":
    main()
