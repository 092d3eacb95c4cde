"""The house's shape, checked: imports point one way, and no file in app/ grows past a screenful or three."""

import ast
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


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_benchmarks_and_the_dev_stack_never_import_the_tests():
    """bench/ and devstack/ stand on their own: what both need from the tests lives in devstack/."""
    offenders = {str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "tests")
                 for folder in ("bench", "devstack") for path in (ROOT / folder).rglob("*.py")}
    assert {path: modules for path, modules in offenders.items() if modules} == {}
