"""The house's shape, checked: imports point one way, and no file in app/ grows past a screenful or three."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 300


def test_imports_point_one_way():
    """The contracts in pyproject.toml ([tool.importlinter]): blueprints → domain → rules, never back."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_in_app_is_a_giant():
    sizes = {path.relative_to(ROOT): len(path.read_text(encoding="utf-8").splitlines())
             for path in (ROOT / "app").rglob("*.py") if "migrations" not in path.parts}
    assert {path: n for path, n in sizes.items() if n > MAX_LINES} == {}
