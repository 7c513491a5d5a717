"""pyproject.toml ships every package of evalxl/ and every data file of workbook_templates/.

The quick, static half of the packaging check; ``make package-check`` builds the wheel, installs
it in a fresh virtual environment and runs evalxl from there.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "workbook_templates"


def _setuptools() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        config: dict[str, Any] = tomllib.load(handle)["tool"]["setuptools"]
    return config


def _package_dirs() -> set[str]:
    """Every folder of evalxl/ that is a package, as a dotted name."""
    return {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "evalxl").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }


def test_every_package_of_evalxl_is_listed() -> None:
    listed = set(_setuptools()["packages"])
    assert sorted(_package_dirs() - listed) == []


def test_workbook_templates_ships_as_evalxl_workbook_templates() -> None:
    config = _setuptools()
    assert "evalxl.workbook_templates" in config["packages"]
    assert config["package-dir"]["evalxl.workbook_templates"] == "workbook_templates"
    assert (TEMPLATES / "__init__.py").is_file()


def test_every_data_file_matches_a_package_data_pattern() -> None:
    patterns = _setuptools()["package-data"]["evalxl.workbook_templates"]
    shipped = {path for pattern in patterns for path in TEMPLATES.glob(pattern)}
    data = {
        path
        for path in TEMPLATES.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert data, "workbook_templates/ holds no data file"
    assert sorted(str(path.relative_to(TEMPLATES)) for path in data - shipped) == []
