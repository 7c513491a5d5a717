"""Build the sample input workbooks: ``.venv/bin/python samples/build_samples.py [OUTPUT_DIR]``.

- seed-2023.xlsx: the four 项目支出绩效目标自评表 (附件6) of the seed document, transcribed.
- county-2024.xlsx: a fictional county's 2024 self-evaluation that exercises the scoring rules; its
  农业农村局 has a 部门 row and 部门指标 (issue 13), its 水利局 none (its figures are derived).

Both are written with ``evalxl.exporting.template.write_input_workbook``, so they look like a filled
template (填报说明, formats, dropdowns). The output is deterministic: rebuilding gives the same bytes.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
from collections.abc import Sequence

HERE = pathlib.Path(__file__).resolve().parent
if importlib.util.find_spec("evalxl") is None:  # running from a checkout without installing
    sys.path.insert(0, str(HERE.parent))

from evalxl.exporting.template import Cell, write_input_workbook  # noqa: E402

Row = dict[str, Cell]

PROJECT_COLUMNS = (
    "项目名称",
    "项目编码",
    "主管部门",
    "项目实施单位",
    "负责人",
    "联系电话",
    "年初设定目标",
    "全年实际完成情况",
    "说明",
)
FUND_COLUMNS = ("项目名称", "资金使用单位", "资金来源", "年初预算数", "全年预算数", "全年执行数")
INDICATOR_COLUMNS = (
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "全年完成值",
    "未完成原因和改进措施",
)


def rows(columns: Sequence[str], *values: Sequence[Cell]) -> list[Row]:
    """Rows as mappings; a short tuple leaves the trailing columns blank."""
    return [dict(zip(columns, row, strict=False)) for row in values]


# --- seed-2023: 芷江侗族自治县工商业联合会, 附件6, four forms ---------------------------------------

SEED_UNIT = "芷江侗族自治县工商业联合会"
SEED_P1 = "老工商业者及遗孀生活困难补助"
SEED_P2 = "商会建设和企业家关怀"
SEED_P3 = "非公经济“考察调研、教育培训、维权服务”等工作经费"
SEED_P4 = "县级领导挂点联系经费"


def seed_projects() -> list[Row]:
    """The 项目 rows: names, department, unit, person and phone as the forms print them."""
    return rows(
        PROJECT_COLUMNS,
        (
            SEED_P1,
            None,
            SEED_UNIT,
            SEED_UNIT,
            "杨柳春",
            "15386276736",
            "对所有老工商业者及遗孀发放困难生活补助和走访慰问, 使老工商业者及遗孀生活水平得到改善",
            "改善老工商业者及遗孀生活水平",
            "无",
        ),
        (SEED_P2, None, SEED_UNIT, SEED_UNIT, "杨柳春", "15386276736", None, None, "无"),
        (SEED_P3, None, SEED_UNIT, SEED_UNIT, "杨柳春", "15386276736"),
        (SEED_P4, None, SEED_UNIT, SEED_UNIT, "杨柳春", "15386276736", None, None, "无"),
    )


def seed_funds() -> list[Row]:
    """The 资金 rows: 全年预算数 = 全年执行数, 万元, no source breakdown."""
    return rows(
        FUND_COLUMNS,
        (SEED_P1, None, None, None, 6, 6),
        (SEED_P2, None, None, None, 17, 17),
        (SEED_P3, None, None, None, 15.2, 15.2),
        (SEED_P4, None, None, None, 2, 2),
    )


def seed_indicators() -> list[Row]:
    """Every indicator row of the four forms in order, with the empty 经济效益指标 placeholders."""
    out, sat = "产出指标", "满意度指标"
    ben = "效益指标"
    qty, qual, time, cost = "数量指标", "质量指标", "时效指标", "成本指标"
    econ, soc, sus, svc = "经济效益指标", "社会效益指标", "可持续影响指标", "服务对象满意度指标"
    return rows(
        INDICATOR_COLUMNS,
        (SEED_P1, out, qty, "发放人数", "14", "100%"),
        (SEED_P1, out, qual, "发放准确率", "100%", "100%"),
        (SEED_P1, out, time, "补助发放及时率", "100%", "100%"),
        (SEED_P1, out, cost, "成本预算", "≤6 万元", "100%"),
        (SEED_P1, ben, econ),
        (SEED_P1, ben, soc, "改善老工商业者及遗孀生活", "改善", "100%"),
        (SEED_P1, ben, sus, "老工商业者及遗孀生活水平得到提高", "提高", "100%"),
        (SEED_P1, sat, svc, "受益人员满意率", "≥98%", "100%"),
        (SEED_P2, out, qty, "筹建乡镇商会", "1 个", "100%"),
        (SEED_P2, out, qty, "筹建异地商会", "1 个", "100%"),
        (SEED_P2, out, qual, "企业家联系率", "95%", "100%"),
        (SEED_P2, out, time, "完成及时率", "100%", "100%"),
        (SEED_P2, out, cost, "成本预算", "≤17 万元", "100%"),
        (SEED_P2, ben, econ),
        (SEED_P2, ben, soc, "商会作用得到更好发挥", "长期", "100%"),
        (SEED_P2, ben, sus, "商会各项工作得到提高", "长期", "100%"),
        (SEED_P2, sat, svc, "满意率", "≥95%", "100%"),
        (SEED_P3, out, qty, "开展教育培训", "≥2 次", "100%"),
        (SEED_P3, out, qty, "开展走访、考察调研", "≥20 次", "100%"),
        (SEED_P3, out, qty, "开展维权服务", "≥10 次", "100%"),
        (SEED_P3, out, qual, "调研报告和提案", "3 次", "100%"),
        (SEED_P3, out, qual, "非公企业权益得到保护", "得到保护", "100%"),
        (SEED_P3, out, time, "完成及时率", "12月31日之前", "100%"),
        (SEED_P3, out, cost, "成本预算", "≤15.2 万元", "100%"),
        (SEED_P3, ben, econ),
        (SEED_P3, ben, soc, "促进非公经济快速健康发展和非公经济人士的健康成长", "促进", "100%"),
        (SEED_P3, ben, sus, "为党委政府科学制定非公经济发展政策提供有效依据", "有效", "100%"),
        (SEED_P3, sat, svc, "满意率", "≥95%", "100%"),
        (SEED_P4, out, qty, "到联系的乡村指导工作次数", "≥10 次", "100%"),
        (SEED_P4, out, qty, "联系乡（镇）村数", "1 个镇 4 个村", "100%"),
        (SEED_P4, out, qual, "资金到位率", "100%", "100%"),
        (SEED_P4, out, time, "资金下拨及时率", "100%", "100%"),
        (SEED_P4, out, cost, "成本预算", "≤2 万元", "100%"),
        (SEED_P4, ben, econ),
        (SEED_P4, ben, soc, "联系的乡和村各项工作得到提高", "提高", "100%"),
        (SEED_P4, ben, sus, "各项工作得到提高", "提高", "100%"),
        (SEED_P4, sat, svc, "受益人员满意率", "≥95%", "100%"),
    )


def build_seed(path: pathlib.Path) -> None:
    """Write seed-2023.xlsx."""
    data = {"项目": seed_projects(), "资金": seed_funds(), "指标": seed_indicators()}
    write_input_workbook(path, data, params={"年度": 2023, "金额单位": "万元"}, force=True)


# --- county-2024: 桐溪县 (fictional), two departments, four projects ---------------------------

AGRI = "桐溪县农业农村局"
WATER = "桐溪县水利局"
C_TRAIN = "高素质农民培训"
C_TOILET = "农村人居环境整治提升"
C_WATER = "农村饮水安全巩固提升"
C_DAM = "小型水库安全运行管护"
C_TOWN = "桐溪县河口镇人民政府"


def county_projects() -> list[Row]:
    """The 项目 rows of the four projects."""
    return rows(
        PROJECT_COLUMNS,
        (
            C_TRAIN,
            "2024-NY-0107",
            AGRI,
            "桐溪县农业技术推广中心",
            "周建华",
            "0739-5512307",
            "全年开展高素质农民培训 40 场、培训 1200 人次，培育新型农业经营主体 30 家，带动参训农民增收",
            "完成培训 36 场、1260 人次，培育新型农业经营主体 28 家，参训农民人均增收 2300 元",
            None,
        ),
        (
            C_TOILET,
            "2024-NY-0215",
            AGRI,
            AGRI,
            "刘晓梅",
            "0739-5512316",
            "完成农村户用卫生厕所改造 500 户，建设村级垃圾收集点 60 个，村容村貌明显改善",
            "改造户厕 812 户，建成垃圾收集点 60 个；部分村生活污水管网尚未接通",
            "本项目未设满意度指标",
        ),
        (
            C_WATER,
            "2024-SL-0031",
            WATER,
            "桐溪县农村供水服务中心",
            "陈志刚",
            "0739-5523108",
            "新建改造集中供水工程 12 处、改造管网 85 公里，农村自来水普及率达 92%，保障 3.2 万人饮水安全",
            "建成供水工程 12 处、改造管网 78 公里，农村自来水普及率 93.5%，受益 3.4 万人",
            "执行率 82.4%：2 处管网延伸工程因征地协调延至 2025 年实施，尚未支付的 88 万元按规定结转下年使用",
        ),
        (
            C_DAM,
            "2024-SL-0046",
            WATER,
            WATER,
            "陈志刚",
            "0739-5523108",
            "落实 15 座小型水库巡查管护，完成安全鉴定，确保水库安全度汛",
            "县水利局与河口镇分别落实巡查管护，全年无水库安全事故",
            "无",
        ),
    )


def county_funds() -> list[Row]:
    """资金: sources for 饮水 (execution below 90%), two fund-using units for 水库."""
    return rows(
        FUND_COLUMNS,
        (C_TRAIN, None, "中央补助", 60, 60, 59.2),
        (C_TRAIN, None, "省级资金", 20, 20, 19.4),
        (C_TOILET, None, None, 110, 120, 118),
        (C_WATER, None, "中央补助", 300, 300, 260),
        (C_WATER, None, "省级资金", 100, 120, 100),
        (C_WATER, None, "市级资金", 50, 50, 40),
        (C_WATER, None, "其他资金", None, 30, 12),
        (C_DAM, WATER, None, 60, 60, 60),
        (C_DAM, C_TOWN, None, 40, 40, 38),
    )


TRAIN_COLUMNS = (*INDICATOR_COLUMNS, "分值", "自评得分")


def county_training() -> list[Row]:
    """高素质农民培训: explicit 分值 adding to 90, a self-score, missed and time targets."""
    out, ben = "产出指标", "效益指标"
    return rows(
        TRAIN_COLUMNS,
        (
            C_TRAIN,
            out,
            "数量指标",
            "培训场次",
            "≥40 次",
            "36 次",
            "受汛期影响 4 场培训顺延至 2025 年一季度；下年提前排期",
            15,
            14,
        ),
        (None, None, None, "培训人数", "≥1200 人次", "1260 人次", None, 10),
        (None, None, "质量指标", "培训合格率", "≥95%", "97%", None, 10),
        (None, None, "时效指标", "培训完成时间", "2024年12月底前", "2024年11月30日", None, 5),
        (
            None,
            None,
            "成本指标",
            "实训场地及师资费用",
            "≤15 万元",
            "16 万元",
            "新增实训基地租赁费 1 万元；下年加强成本测算",
            10,
        ),
        (None, ben, "经济效益指标", "参训农民人均增收", "≥2000 元", "2300 元", None, 10),
        (
            None,
            None,
            "社会效益指标",
            "培育新型农业经营主体",
            "≥30 家",
            "28 家",
            "2 家合作社尚在办理登记，预计 2025 年一季度完成",
            10,
        ),
        (None, None, "可持续影响指标", "农民职业技能持续提升", "长期", "达成", None, 10),
        (None, "满意度指标", "服务对象满意度指标", "参训学员满意度", "≥90%", "95%", None, 10),
    )


def county_toilets() -> list[Row]:
    """农村人居环境整治提升: no 满意度 indicator (rescaled), qualitative results, over-achievement."""
    out, ben = "产出指标", "效益指标"
    return rows(
        INDICATOR_COLUMNS,
        (
            C_TOILET,
            out,
            "数量指标",
            "改造农村户用卫生厕所",
            "≥500 户",
            "812 户",
            "整合乡村振兴衔接资金超额完成；2025 年按实际能力测算目标",
        ),
        (None, None, None, "建设村级垃圾收集点", "≥60 个", "60 个"),
        (None, None, "质量指标", "改厕质量验收合格率", "≥95%", "98%"),
        (None, None, "时效指标", "项目完成时间", "12月31日之前", "及时"),
        (None, None, "成本指标", "项目总成本", "≤120 万元", "118 万元"),
        (None, ben, "经济效益指标"),
        (None, None, "社会效益指标", "村容村貌", "改善", "改善"),
        (None, None, None, "农民群众卫生健康意识", "提升", "达成"),
        (
            None,
            None,
            "生态效益指标",
            "农村生活污水治理水平",
            "提高",
            "部分达成",
            "3 个行政村污水管网未接通，2025 年继续推进",
        ),
        (
            None,
            None,
            "可持续影响指标",
            "长效管护机制",
            "建立健全",
            "85%",
            "2 个村管护经费尚未落实，2025 年纳入村级公益岗位",
        ),
    )


def county_water() -> list[Row]:
    """农村饮水安全巩固提升: missed, over-achieved without a reason, time target, =100% as text."""
    out, ben = "产出指标", "效益指标"
    return rows(
        INDICATOR_COLUMNS,
        (C_WATER, out, "数量指标", "新建改造集中供水工程", "≥12 处", "12 处"),
        (
            None,
            None,
            None,
            "改造供水管网",
            "≥85 公里",
            "78 公里",
            "2 处管网延伸因征地协调滞后，已列入 2025 年计划",
        ),
        (None, None, None, "饮水安全宣传培训", "≥100 人次", "160 人次"),
        (None, None, "质量指标", "工程验收合格率", "100%", "=100%"),
        (None, None, None, "供水水质达标率", "=100%", "100%"),
        (None, None, "时效指标", "工程完工时间", "2024年12月底前", "2024年11月30日"),
        (None, None, "成本指标", "工程建设成本", "≤500 万元", "412 万元"),
        (None, ben, "社会效益指标", "受益人口", "≥3.2 万人", "3.4 万人"),
        (None, None, None, "农村自来水普及率", "≥92%", "93.5%"),
        (None, None, "可持续影响指标", "工程长效运行管护机制", "建立健全", "达成"),
        (None, "满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "96%"),
    )


DAM_COLUMNS = ("项目名称", "资金使用单位", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值")


def county_dam() -> list[Row]:
    """小型水库安全运行管护: two fund-using units report the same indicators (merged, note 2)."""
    lines: list[Sequence[Cell]] = []
    for unit, patrols, done, satisfied in (
        (WATER, "≥24 次", "26 次", "95%"),
        (C_TOWN, "≥24 次", "24 次", "92%"),
    ):
        lines += [
            (C_DAM, unit, "产出指标", "数量指标", "水库巡查次数", patrols, done),
            (C_DAM, unit, "产出指标", "质量指标", "安全鉴定完成率", "100%", "100%"),
            (C_DAM, unit, "效益指标", "社会效益指标", "水库安全度汛", "安全度汛", "达成"),
            (C_DAM, unit, "满意度指标", "服务对象满意度指标", "周边群众满意度", "≥90%", satisfied),
        ]
    return rows(DAM_COLUMNS, *lines)


DEPARTMENT_COLUMNS = (
    "主管部门",
    "负责人",
    "联系电话",
    "基本支出年初预算数",
    "基本支出全年预算数",
    "基本支出全年执行数",
    "项目支出年初预算数",
    "项目支出全年预算数",
    "项目支出全年执行数",
    "年初设定目标",
    "全年实际完成情况",
    "说明",
)
DEPARTMENT_INDICATOR_COLUMNS = ("主管部门", *INDICATOR_COLUMNS[1:])


def county_department() -> list[Row]:
    """部门 (issue 13): the 农业农村局's whole expenditure, given; the 水利局 has no row (derived)."""
    return rows(
        DEPARTMENT_COLUMNS,
        (
            AGRI,
            "王建国",
            "0739-5512301",
            1180,
            1260.5,
            1248.36,
            1900,
            2150,
            1988.4,
            "保障机关正常运转，完成高标准农田建设 2.5 万亩，农产品质量安全例行监测合格率 98% 以上，"
            "农村居民人均可支配收入增长 6% 以上，农村人居环境持续改善",
            "建成高标准农田 2.62 万亩，例行监测合格率 98.6%，农村居民人均可支配收入增长 6.8%；"
            "人居环境长效管护机制在 3 个乡镇尚未建立",
            "项目支出含未单独开展项目自评的项目",
        ),
    )


def county_department_indicators() -> list[Row]:
    """部门指标: the 农业农村局's department-level indicators (default weights, one 部分达成)."""
    return rows(
        DEPARTMENT_INDICATOR_COLUMNS,
        (AGRI, "产出指标", "数量指标", "高标准农田建设面积", "≥2.5 万亩", "2.62 万亩"),
        (None, None, "质量指标", "农产品质量安全例行监测合格率", "≥98%", "98.6%"),
        (None, None, "时效指标", "惠农补贴资金发放及时率", "100%", "100%"),
        (None, "效益指标", "经济效益指标", "农村居民人均可支配收入增幅", "≥6%", "6.8%"),
        (
            None,
            None,
            "可持续影响指标",
            "农村人居环境长效管护机制",
            "建立健全",
            "部分达成",
            "3 个乡镇尚未落实管护人员和经费，2025 年 6 月底前全部建立",
        ),
        (None, "满意度指标", "服务对象满意度指标", "农户满意度", "≥90%", "93%"),
    )


def build_county(path: pathlib.Path) -> None:
    """Write county-2024.xlsx."""
    indicators = county_training() + county_toilets() + county_water() + county_dam()
    data = {"项目": county_projects(), "资金": county_funds(), "指标": indicators}
    data |= {"部门": county_department(), "部门指标": county_department_indicators()}
    params = {"年度": "2024", "金额单位": "万元"}
    write_input_workbook(path, data, params=params, force=True)


def main(argv: Sequence[str]) -> None:
    """Build both samples into the given folder (default: this folder)."""
    out = pathlib.Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    build_seed(out / "seed-2023.xlsx")
    build_county(out / "county-2024.xlsx")
    print(f"wrote {out / 'seed-2023.xlsx'} and {out / 'county-2024.xlsx'}")


if __name__ == "__main__":
    main(sys.argv[1:])
