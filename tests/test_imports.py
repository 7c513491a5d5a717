"""Every module imports on its own: an import cycle hidden by the order the test suite happens to
import things in (the package first) would break a user's ``import evalxl.scoring``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "evalxl"

# Run in a fresh interpreter: each module imported first, with evalxl's modules forgotten in between
# (the third-party ones stay loaded, so the loop takes a few seconds).
_PROBE = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "evalxl" or m.startswith("evalxl.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":
            continue  # runs the command line
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_first() -> None:
    modules = _modules()
    assert "evalxl.scoring" in modules and "evalxl.department.scoring" in modules
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *modules], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.strip() == ""
