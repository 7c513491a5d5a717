"""The contract: every data file of ``workbook_templates/``, read by one loader and checked by one
validator against a schema per kind of file.

- ``standard_input.toml``: the input workbook's sheets, columns and lists, the 参数 key table (each
  key's default, the profile key or run setting it sets and how its text is read) and the 填报说明
  text;
- ``output_sheets.toml``: the names and headers of 汇总, 计算过程, 检查结果 and of manifest.csv;
- ``layouts/*.toml``: the printed forms (their records and grid: :mod:`evalxl.exporting.layout`);
- ``profiles/*.toml``: the rules profiles (turned into settings by :mod:`evalxl.scoring.settings`);
- ``units.toml``: the units and their factors, the count prefixes (:mod:`.units`, read for
  :mod:`evalxl.scoring.units`);
- ``form_labels.toml``: the labels of filled-in forms (:mod:`.form_schema`, read for
  :mod:`evalxl.forms`);
- ``reports.toml``: the 自评报告 documents' page, fonts, outline, sentences and placeholders
  (:mod:`.report_schema`, read for :mod:`evalxl.reports`);
- ``cli_words.toml``: click's own words (usage, errors, options) in Chinese (:mod:`.cli_words_schema`,
  handed to click by :mod:`evalxl.cli_words`).

:mod:`.validator` is the validator (a schema as data, the walk that names every unknown key and bad
value with its place), :mod:`.schemas` holds the schema of each kind of file, :mod:`.loader` reads
the files through importlib.resources from ``evalxl.workbook_templates``, once each
(:mod:`.input_book` gives the standard input's records, :mod:`.units` the unit table's). A shipped file
that breaks its schema is a developer error: :class:`ContractError` names the file and the key
(``layouts/target_form.toml:funds.rows[2]: …``). A user's own profile is checked by the same schema
(:func:`profile_problems`); its problems become findings.
"""

from evalxl.contract.form_schema import FormLabels, form_labels, label_key
from evalxl.contract.input_book import (
    Column,
    Guide,
    ParamKey,
    SheetSpec,
    StandardInput,
    choices,
    param_keys,
    param_targets,
    sheet,
    sheets,
    standard_input,
)
from evalxl.contract.loader import (
    KINDS,
    ContractError,
    OutputSheets,
    OutputTable,
    SourceRows,
    TraceTable,
    all_files,
    checked,
    department_layout,
    layout,
    layout_names,
    layouts,
    load_layouts,
    output_sheets,
    parse,
    profile_problems,
    profile_schema,
    profiles,
    schema_of,
    source_rows,
)

__all__ = [
    "KINDS",
    "Column",
    "ContractError",
    "FormLabels",
    "Guide",
    "OutputSheets",
    "OutputTable",
    "ParamKey",
    "SheetSpec",
    "SourceRows",
    "StandardInput",
    "TraceTable",
    "all_files",
    "checked",
    "choices",
    "department_layout",
    "form_labels",
    "label_key",
    "layout",
    "layout_names",
    "layouts",
    "load_layouts",
    "output_sheets",
    "param_keys",
    "param_targets",
    "parse",
    "profile_problems",
    "profile_schema",
    "profiles",
    "schema_of",
    "sheet",
    "sheets",
    "source_rows",
    "standard_input",
]
