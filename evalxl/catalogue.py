"""The findings catalogue: every code evalxl reports, with its level and its Chinese message template.

Data, kept apart from the machinery of :mod:`evalxl.findings` (which makes findings from it): a code
always has the same level and the same template; the templates' ``{placeholders}`` are filled by
``finding(code, place, **values)``. The user guide's list of codes is generated from this table
(``python -m evalxl.guide``) and docs/input-contract.md explains each code (tests keep all three in step).
"""

from __future__ import annotations

ERROR = "错误"
WARNING = "警告"
NOTE = "提示"

# code -> (level, message template)
CATALOGUE: dict[str, tuple[str, str]] = {
    # the file itself
    "FILE_NOT_XLSX": (
        ERROR,
        "{name} 不是 xlsx 工作簿（{detail}）。请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”后再试",
    ),
    "FILE_ENCRYPTED": (ERROR, "{name} 设有打开密码（已加密），无法读取。请在 Excel 中取消密码后另存再试"),
    "FILE_LOCKED": (ERROR, "{name} 正被其他程序占用或无法读取（{detail}）。请关闭 Excel/WPS 后再试"),
    "FILE_OPEN_IN_EXCEL": (
        WARNING,
        "{name} 似乎正在 Excel/WPS 中打开（发现锁文件 {lock}）；读取的是最后一次保存的内容",
    ),
    "FILE_TOO_LARGE": (ERROR, "{name} 超出可处理的大小（{detail}）；请拆分为几个工作簿，或检查文件是否损坏"),
    "TOO_MANY_ROWS": (ERROR, "工作表“{sheet}”有 {rows} 行，超过 {limit} 行的上限；请拆分为几个工作簿"),
    "CELL_TOO_LONG": (ERROR, "单元格文字长 {length} 字，超过 Excel 的上限 {limit} 字，只读取了前 {limit} 字"),
    # structure
    "SHEET_MISSING": (
        ERROR,
        "缺少工作表“{sheet}”。标准输入工作簿须包含 项目、资金、指标 三张表（可用 evalxl template 生成）",
    ),
    "HEADER_NOT_FOUND": (ERROR, "工作表“{sheet}”中找不到表头行（须包含列：{columns}）"),
    "COLUMN_MISSING": (ERROR, "工作表“{sheet}”缺少必填列“{column}”"),
    "EXTRA_SHEET": (NOTE, "工作表“{sheet}”不属于标准输入工作簿，已忽略"),
    "EXTRA_COLUMN": (NOTE, "列“{column}”不属于标准输入工作簿，已忽略"),
    "EXTRA_COLUMNS": (NOTE, "{count} 列不属于标准输入工作簿，已忽略（{columns} …）"),
    # cells
    "VALUE_REQUIRED": (ERROR, "“{column}”不能为空"),
    "NOT_A_NUMBER": (ERROR, "“{column}”应为数字，实际为“{value}”"),
    "NEGATIVE_NUMBER": (ERROR, "“{column}”不能为负数，实际为 {value}"),
    "FORMULA_NOT_CALCULATED": (
        ERROR,
        "公式 {formula} 没有计算结果（文件未经 Excel 计算保存）。请在 Excel/WPS 中打开并保存，或改填数值",
    ),
    "AMOUNT_UNIT_CONVERTED": (NOTE, "金额“{value}”已按 {unit} 折算为 {converted}"),
    # issue 10, amounts (importing): amounts that cannot be right
    "AMOUNT_UNIT_SUSPECT": (
        ERROR,
        "请核对金额单位：{what} {value} 与 {other} {other_value} 相差约 {ratio} 倍，像是以{written}填写"
        "（金额单位为 {unit}），应{fix}，即 {fixed}；若其他金额也以{written}填写，请将参数“金额单位”改为 {written}",
    ),
    "AMOUNT_UNIT_DOUBT": (
        WARNING,
        "请核对金额单位：{what} {value} 与 {other} {other_value} 相差约 {ratio} 倍，可能是以{written}填写"
        "（金额单位为 {unit}），若是，应{fix}，即 {fixed}；若确实执行很少，请在项目的“说明”中写明",
    ),
    "EXECUTION_ABOVE_BUDGET": (
        ERROR,
        "全年执行数 {executed} 超过全年预算数 {budget}（执行率 {rate}），超出评分规则允许的 {limit}"
        "（execution.over_budget_tolerance）：请核对这两个金额（是否多填了位数、两列是否填反）",
    ),
    # projects and references
    "DUPLICATE_PROJECT": (ERROR, "项目名称“{name}”重复（首次出现在 {first}）"),
    "DUPLICATE_CODE": (ERROR, "项目编码“{code}”重复（首次出现在 {first}）"),
    "UNKNOWN_PROJECT": (ERROR, "项目“{name}”不在“项目”表中{hint}"),
    "PROJECT_WITHOUT_FUNDS": (ERROR, "项目“{name}”在“资金”表中没有资金行"),
    "PROJECT_WITHOUT_INDICATORS": (WARNING, "项目“{name}”在“指标”表中没有绩效指标"),
    "UNKNOWN_LEVEL1": (ERROR, "一级指标“{value}”无法识别，应为 {allowed} 之一"),
    "UNKNOWN_LEVEL2": (WARNING, "二级指标“{value}”不是常见的二级指标名称，请核对"),
    "UNKNOWN_NATURE": (ERROR, "指标性质“{value}”无法识别，应为“定量”或“定性”"),
    # parameters
    "UNKNOWN_PARAM": (ERROR, "未知参数“{key}”{hint}。可用参数：{allowed}"),
    "BAD_PARAM_VALUE": (ERROR, "参数“{key}”的值“{value}”无效：{reason}"),
    "PARAM_WEIGHTS_NOT_100": (
        WARNING,
        "预算执行率分值与各一级指标分值合计为 {total}，不等于 {expected}；按默认权重评分的项目总分将折算为百分制",
    ),
    "LEVEL_WEIGHT_ZERO": (
        WARNING,
        "一级指标“{level}”的分值为 0，其指标不计分；如需考核，请在“参数”表中设置“{level}分值”",
    ),
    "PROFILE_UNREADABLE": (ERROR, "评分规则文件 {name} 无法读取：{detail}"),
    "PROFILE_UNKNOWN_KEY": (ERROR, "评分规则中有未知的键“{key}”"),
    "PROFILE_BAD_VALUE": (ERROR, "评分规则“{key}”的值 {value} 无效：{reason}"),
    "DUPLICATE_PARAM": (ERROR, "参数“{key}”重复（首次出现在 {first}）"),
    # issue 10, the run's checks (duplicates, 二级指标 aliases)
    "DUPLICATE_INDICATOR": (
        ERROR,
        "项目“{name}”{unit}的指标“{path}”与 {first} 重复：同一指标只能填一行，两行会各占一份分值。"
        "如是重复录入，请删去此行；如是另一项指标，请改写三级指标名称以示区别",
    ),
    # money
    "ZERO_BUDGET": (ERROR, "项目“{name}”的全年预算数合计为 0，无法计算执行率"),
    "SOURCES_EXCEED_TOTAL": (ERROR, "项目“{name}”各资金来源之和 {parts} 超过年度资金总额 {total}"),
    "EXECUTED_OVER_BUDGET": (WARNING, "全年执行数 {executed} 超过全年预算数 {budget}，请核对"),
    "LOW_EXECUTION": (WARNING, "项目“{name}”执行率 {rate} 低于 {threshold}，请在“说明”中说明原因"),
    # issue 10, funds and totals (scoring)
    "SOURCE_TOTAL_ONLY": (
        WARNING,
        "资金来源“{source}”在表样“{layout}”中没有对应行（它不是表注1 所说的其他资金），只计入{total}；"
        "如需分列，请按 {rows} 填写",
    ),
    "WEIGHTS_NOT_SCALE": (
        ERROR,
        "项目“{name}”的指标分值合计 {indicators} 加预算执行率分值 {budget} 为 {total}，不等于 {expected}"
        "（评分规则 scores.weights_mismatch = error），未计算总分：请调整分值",
    ),
    # indicators
    "TARGET_UNREADABLE": (ERROR, "年度指标值“{value}”无法识别为定量目标{detail}"),
    "ACTUAL_UNREADABLE": (ERROR, "全年完成值“{value}”无法与年度指标值“{target}”比较{detail}"),
    "ACTUAL_REQUIRED": (ERROR, "指标“{name}”有年度指标值但全年完成值为空"),
    "PERCENT_AS_RATIO": (
        WARNING,
        "年度指标值“{target}”不是百分比，全年完成值“{actual}”按完成比例计；定量指标应填写实际完成数（表注2）",
    ),
    "WORD_AS_RATIO": (
        WARNING,
        "定量指标的全年完成值“{actual}”不是数值，按“{band}”取完成比例 {ratio}；定量指标应填写实际完成数（表注2）",
    ),
    "QUAL_RATIO_OUT_OF_RANGE": (ERROR, "定性指标完成比例 {ratio} 超出 0%–100%"),
    "QUAL_RATIO_BAND_MISMATCH": (
        ERROR,
        "完成比例 {ratio} 不在所填档次“{band}”的范围 {low}–{high} 内（表注3）",
    ),
    "UNIT_MISMATCH": (
        WARNING,
        "全年完成值的单位“{actual_unit}”与年度指标值的单位“{target_unit}”不一致，按数值比较",
    ),
    # issue 10, directions and words
    "ZERO_TARGET_READ": (NOTE, "年度指标值“{value}”未写方向，读作 ≤{value}（目标为 0 只能是“不超过”）"),
    "DIRECTION_ASSUMED": (NOTE, "年度指标值“{value}”未写方向，按 {op} 读取（{why}）；如不是，请写成“{hint}”"),
    "ZERO_WORD_READ": (NOTE, "全年完成值“{value}”读作 0"),
    "NEGATED_ACTUAL": (
        WARNING,
        "全年完成值“{value}”含否定（“{word}”），不按其中的数字或字面计为完成，按“{band}”取完成比例 {ratio}",
    ),
    "REASON_CONTRADICTS": (
        WARNING,
        "未完成原因和改进措施写有“{word}”，而本行得分 {score} 为满分（分值 {weight}）；请核对全年完成值",
    ),
    "LEVEL2_ALIAS": (NOTE, "二级指标“{value}”按“{name}”读取（{how}）"),
    "WEIGHTS_MIXED": (
        ERROR,
        "项目“{name}”的指标有的填了分值、有的没填：要么全部填写，要么全部留空（按默认权重分配）",
    ),
    "WEIGHTS_NOT_100": (
        WARNING,
        "项目“{name}”的指标分值合计 {indicators} 加预算执行率分值 {budget} 为 {total}，不等于 {expected}；"
        "总分已按 ×{factor} 折算",
    ),
    "WEIGHT_INCONSISTENT": (ERROR, "同一指标在各资金使用单位的分值不一致（{values}）"),
    "LEVEL_RESCALED": (
        NOTE,
        "项目“{name}”没有可评分的{levels}，其分值不考核，总分按适用指标折算为百分制（×{factor}）",
    ),
    "UNITS_MERGED": (
        NOTE,
        "项目“{name}”的指标由 {count} 个资金使用单位分别填报，已按表注2 合并（相对值按{by}加权）",
    ),
    "UNIT_WITHOUT_FUNDS": (WARNING, "资金使用单位“{unit}”在“资金”表中没有项目“{name}”的资金，合并时权重为 0"),
    "SELF_SCORE_INCONSISTENT": (WARNING, "各资金使用单位的自评得分不一致，合并后按计算得分"),
    "TOTAL_CAPPED": (NOTE, "项目“{name}”执行率 {rate} 低于 {below}，总分 {score} 按评分规则封顶为 {cap}"),
    "SOURCE_NOT_IN_LAYOUT": (
        WARNING,
        "资金来源“{source}”在表样“{layout}”中没有对应行，计入年度资金总额并并入“{into}”行",
    ),
    "FORMS_OMITTED": (
        NOTE,
        "共 {count} 个项目，超过 {limit} 个：输出工作簿不含各项目自评表（上千张工作表的文件办公软件难以打开）；"
        "请用 --split 文件夹 每个项目写一个文件",
    ),
    "SELF_SCORE_DIFFERS": (
        WARNING,
        "自评得分 {self_score} 与计算得分 {computed} 相差 {diff}，以自评得分为准",
    ),
    "SELF_SCORE_ABOVE_WEIGHT": (ERROR, "自评得分 {self_score} 超过分值 {weight}"),
    "REASON_MISSING_UNDER": (WARNING, "指标未完全完成（得分 {score}/{weight}），请填写未完成原因和改进措施"),
    "REASON_MISSING_DEVIATION": (
        WARNING,
        "完成值为目标的 {completion}，达到偏离阈值 {threshold}，请说明原因（目标是否偏低）",
    ),
    "TIME_LATE": (WARNING, "完成日期 {actual} 晚于要求的 {deadline}"),
    # issue 11, the audit of filled-in forms
    "IMPORT_NOT_FORMS": (
        ERROR,
        "{name} 已是标准输入工作簿（含 项目、资金、指标 表），不是填好的自评表，无需 import：请直接运行 evalxl check 或 evalxl run",
    ),
    "FORM_FIGURE_DIFFERS": (
        WARNING,
        "表上{figure} {printed}，按{how}应为 {expected}；请核对表上的数字（或核对其所依据的数据）",
    ),
    # issue 10, readings of values: units, ranges, dates
    "UNIT_CONVERTED": (NOTE, "全年完成值“{actual}”换算为 {converted}，与年度指标值“{target}”比较"),
    "UNIT_INCOMPATIBLE": (
        ERROR,
        "全年完成值“{actual}”的单位“{actual_unit}”与年度指标值“{target}”的单位“{target_unit}”不同且无法换算，"
        "不予计分；请按年度指标值的单位（{target_unit}）填写完成值，或改正年度指标值",
    ),
    "DEADLINE_READ": (NOTE, "年度指标值“{value}”读作截止日期 {deadline}：不晚于该日完成为达到"),
    # issue 12, across files (evalxl collect)
    "COLLECT_COPY": (NOTE, "项目“{name}”与 {first} 中的相同（同一次运行的结果），只计一次"),
    "COLLECT_SAME_FIGURES": (NOTE, "项目“{name}”的金额、得分和等级与 {first} 中的相同，只计一次"),
    "COLLECT_OLDER_SET_ASIDE": (
        WARNING,
        "项目“{name}”在 {file}（{figures}）与 {kept}（{kept_figures}）中不同：按{why}的 {kept} 计，本文件的不计入",
    ),
    "COLLECT_DISPUTED": (
        ERROR,
        "项目“{name}”（{figures}）在其他文件中不同：{others}；年度和 evalxl 版本都无法判断以哪份为准，"
        "均不计入合计。请与报送单位核实，只保留一份后重新汇总",
    ),
    "COLLECT_YEAR_DIFFERS": (
        WARNING,
        "{file} 的{what}为“{value}”，与其他文件的“{common}”不同；请核对是否报错了年度",
    ),
    "COLLECT_RULES_DIFFERS": (
        WARNING,
        "{file} 的{what}为“{value}”，与其他文件的“{common}”不同：其得分与其他文件不可直接比较",
    ),
    "COLLECT_LAYOUT_DIFFERS": (
        NOTE,
        "{file} 的{what}为“{value}”，与其他文件的“{common}”不同（不影响金额和得分）",
    ),
    "COLLECT_UNIT_DIFFERS": (
        NOTE,
        "{file} 的{what}为“{value}”，与其他文件的“{common}”不同；汇总中金额一律换算为万元",
    ),
    "EXPECT_LIST_UNREADABLE": (
        ERROR,
        "应报送名单 {name} 的第一张工作表中找不到表头（须有 项目实施单位、项目名称 或 项目编码 列）",
    ),
    "COLLECT_NOT_SPLIT": (
        NOTE,
        "项目“{name}”只有 {file} 的汇总表数据（没有自评表），未单独写出文件；请报送单位发送含自评表的结果工作簿",
    ),
    "EXPECT_NOT_SENT": (WARNING, "应报送的{kind}“{name}”没有报送（收到的文件中没有）"),
    # issue 11, filled-in forms (evalxl.forms)
    "FORMS_NONE": (
        ERROR,
        "{name} 中没有可读取的自评表：须有“项目名称”（或“项目支出名称”）标签，其下有含一级指标、二级指标、"
        "三级指标的绩效指标表头{detail}",
    ),
    "FORM_UNREADABLE": (ERROR, "自评表{project}无法读取：{reason}"),
    "FORM_SKIPPED": (WARNING, "自评表{project}无法读取，已跳过（其余自评表照常读取）：{reason}"),
    "FORM_SHEET_EMPTY": (NOTE, "工作表“{sheet}”中没有自评表（找不到“项目名称”及其下的绩效指标表头），已忽略"),
    "FORM_MONEY_UNIT_ASSUMED": (
        WARNING,
        "“{label}”未注明金额单位，按 {unit} 读取；如不是，请写成“项目资金（元）”或“项目资金（万元）”",
    ),
    "FORM_AMOUNTS_CONVERTED": (
        NOTE,
        "本表金额以 {unit} 填写，与其他自评表的单位不同，已按 {to} 读取（÷{factor}）",
    ),
    "FORM_FUND_TOTAL_DIFFERS": (
        ERROR,
        "年度资金总额的{column} {total} 不等于各资金来源之和 {parts}：请改正年度资金总额或各来源的金额",
    ),
    "FORM_YEAR_DIFFERS": (
        WARNING,
        "本表年度 {year} 与 {first} 的年度 {first_year} 不一致，按 {first_year} 年度读取；请核对年度行",
    ),
    # issue 12, reading a collected file
    "COLLECT_NOT_EVALXL": (
        ERROR,
        "{name} 不是 evalxl 的结果工作簿、单项目文件、标准输入工作簿或已填写的自评表（{detail}），未汇总；"
        "请向报送单位索取 evalxl 写出的结果工作簿或填好的标准输入工作簿",
    ),
    "COLLECT_EDITED": (
        ERROR,
        "此文件在 evalxl 写出后被改动过：{detail}；汇总按{counted}计，请向报送单位核实",
    ),
    "COLLECT_ROLLUP_GIVEN": (
        ERROR,
        "{name} 是 evalxl collect 写出的汇总工作簿（多个单位的汇总），不是一个单位报送的文件，未汇总："
        "请汇总各单位报送的原文件，不要把以前的汇总放进来",
    ),
    "COLLECT_NOT_RESCORED": (
        NOTE,
        "{name} 的得分无法按评分规则重算（{reason}），按其汇总表上的得分计；只核对了金额、执行率、小计与合计的算术",
    ),
    "COLLECT_READ_FAILED": (
        ERROR,
        "{name} 读取时出错（{detail}），未汇总；请把此文件报告给 evalxl 的维护者",
    ),
    # issue 12, gather (what arrives by mail: files, folders, zips)
    "COLLECT_LOCK_FILE": (
        NOTE,
        "这是 Excel 或 WPS 打开工作簿时留下的锁文件（~$ 开头），不是工作簿，已跳过；"
        "如对应的工作簿仍在编辑，请保存并关闭后再汇总",
    ),
    "COLLECT_NOT_XLSX_WORKBOOK": (
        WARNING,
        "这是{kind}，evalxl 只读取 xlsx 工作簿，此文件未汇总：请在 Excel 或 WPS 中另存为“Excel 工作簿 (*.xlsx)”后再汇总",
    ),
    "COLLECT_ARCHIVE_NOT_ZIP": (
        WARNING,
        "这是 {kind} 压缩包，evalxl 只能打开 zip 压缩包，其中的文件未汇总：请解压后汇总其文件夹，或重新压缩为 zip",
    ),
    "COLLECT_NOT_COLLECTED": (
        WARNING,
        "此文件不是 xlsx 工作簿（.xlsx、.xlsm），也不是 zip 压缩包，已跳过：请给出单位报送的工作簿、其所在文件夹或 zip 压缩包",
    ),
    "COLLECT_UNREADABLE": (
        ERROR,
        "无法读取（{detail}），其中的工作簿未汇总：请检查文件是否仍在、是否有访问权限",
    ),
    "COLLECT_ZIP_CORRUPT": (
        ERROR,
        "压缩包已损坏或不是标准 zip（{detail}），其中的文件均未汇总：请让来信单位重新压缩（zip 格式）后发送",
    ),
    "COLLECT_ZIP_MEMBER_UNREADABLE": (
        ERROR,
        "无法从压缩包中取出此文件（{detail}），未汇总：请让来信单位重新压缩（zip 格式）后发送，或解压后汇总",
    ),
    "COLLECT_ZIP_TOO_MANY": (
        ERROR,
        "压缩包有 {count} 个条目，超过 {limit} 个的上限，其中的文件均未汇总：请分成几个压缩包，或解压后汇总其文件夹",
    ),
    "COLLECT_ZIP_BAD_NAME": (
        ERROR,
        "压缩包中的文件名（{raw}）既不是 UTF-8 也不是 GBK 编码，无法识别，此文件未汇总："
        "请用 Windows 自带的压缩功能或 WPS、7-Zip 重新压缩后发送",
    ),
    "COLLECT_ZIP_UNSAFE_NAME": (
        ERROR,
        "压缩包中此文件的名称{why}，会指向压缩包以外的位置，已拒绝取出，未汇总：请让来信单位只压缩文件本身后重新发送",
    ),
    "COLLECT_ZIP_LINK": (
        ERROR,
        "压缩包中此项是符号链接，不是文件，已拒绝取出，未汇总：请让来信单位压缩工作簿文件本身后重新发送",
    ),
    "COLLECT_ZIP_ENCRYPTED": (
        ERROR,
        "压缩包中此文件设有密码（已加密），无法读取，未汇总：请让来信单位不设密码重新压缩，或解压后汇总",
    ),
    "COLLECT_ZIP_DUPLICATE": (
        WARNING,
        "压缩包中有两个名为“{member}”的文件，只读取了第一个，此文件未汇总：请与来信单位核对应以哪个为准",
    ),
    "COLLECT_ZIP_TOO_DEEP": (
        ERROR,
        "压缩包套压缩包超过 {limit} 层，此压缩包未打开，其中的文件未汇总：请先解压外层压缩包后再汇总",
    ),
    "COLLECT_ZIP_TOO_LARGE": (
        ERROR,
        "此文件解压后{detail}，超过 evalxl 对一个工作簿的上限（与 evalxl run 相同），已停止解压，未汇总："
        "请核对此文件（可能已损坏，或是恶意的“压缩炸弹”）",
    ),
    "COLLECT_MAILBOX_TOO_LARGE": (
        ERROR,
        "各压缩包解压出的内容合计将超过 {limit} 的上限，此文件未解压、未汇总：请分批汇总（每批少一些压缩包）",
    ),
    # issue 13, department (the 部门 and 部门指标 sheets)
    "DEPARTMENT_DUPLICATE": (
        ERROR,
        "主管部门“{name}”在“部门”表中重复（首次出现在 {first}），每个主管部门只填一行",
    ),
    "DEPARTMENT_WITHOUT_PROJECTS": (
        WARNING,
        "“部门”表中的主管部门“{name}”不是“项目”表中任何项目的主管部门{hint}；其部门整体支出绩效自评表照常生成",
    ),
    "DEPARTMENT_INDICATOR_UNKNOWN": (
        ERROR,
        "主管部门“{name}”不在“部门”表中{hint}：部门指标须有对应的“部门”表行（年度资金与总体目标）",
    ),
    "DEPARTMENT_WITHOUT_INDICATORS": (
        WARNING,
        "主管部门“{name}”在“部门指标”表中没有绩效指标：部门整体支出绩效自评表只按预算执行率计分",
    ),
    # issue 14, import (reading the input: sheets by headers, header typos, hidden rows, 年度)
    "SHEET_FOUND_BY_HEADERS": (
        NOTE,
        "工作表“{sheet}”不叫“{standard}”，但其表头是“{standard}”表的表头，已作为“{standard}”表读取；"
        "建议将工作表改名为“{standard}”",
    ),
    "SHEETS_AMBIGUOUS": (
        ERROR,
        "没有名为“{standard}”的工作表，而工作表 {sheets} 的表头都是“{standard}”表的表头，无法判断以哪张为准，"
        "均未读取：请将要读取的那张改名为“{standard}”，其余的改名或删除",
    ),
    "SHEET_FITS_SEVERAL": (
        ERROR,
        "工作表“{sheet}”的表头同时含有 {standards} 表的全部必填列，无法判断是哪一张表，未读取："
        "请将它改名为其中一张表的名称",
    ),
    "COLUMN_MISNAMED": (
        ERROR,
        "表头“{header}”不是标准列名，是否为“{column}”？工作表“{sheet}”缺少必填列“{column}”："
        "请将表头改为“{column}”（表头文字须与模板一致，不加 * 等标记）",
    ),
    "OPTIONAL_COLUMN_MISNAMED": (
        ERROR,
        "表头“{header}”不是标准列名，是否为“{column}”？这一列没有读取（“{column}”按未填写处理）："
        "请将表头改为“{column}”（表头文字须与模板一致）",
    ),
    "HIDDEN_ROWS": (
        NOTE,
        "工作表“{sheet}”有 {count} 行数据是隐藏的（第 {rows} 行），照常读取并计入评分；"
        "如这些行不应计入，请删除（隐藏不等于删除）",
    ),
    "YEAR_MISSING": (
        WARNING,
        "{detail}：自评表标题下将不印年度；请在“参数”表填写“年度”（如 2024）",
    ),
}
