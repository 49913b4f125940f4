"""The folders show the one-way flow: no module imports from a layer above its own
(core ← data ← build/analysis ← maps/exports ← app pages and CLI), lazy imports inside
functions included."""

from __future__ import annotations

import ast
from pathlib import Path

from core import settings

#: What each layer may import from the project (itself included).
ALLOWED = {
    "core": {"core"},
    "data": {"core", "data"},
    "build": {"core", "data", "build"},
    "analysis": {"core", "data", "analysis"},
    "maps": {"core", "data", "analysis", "maps"},
    "exports": {"core", "data", "analysis", "exports"},
}
PROJECT = {*ALLOWED, "app_pages", "app", "cli", "devtools", "benchmarks", "scripts", "tests"}


def _project_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]


def test_no_module_imports_from_a_layer_above_it():
    upward = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((settings.ROOT / layer).rglob("*.py")):
            for line, top in _project_imports(path):
                if top in PROJECT and top not in allowed:
                    upward.append(f"{path.relative_to(settings.ROOT)}:{line} imports {top}")
    assert not upward, "imports pointing up:\n" + "\n".join(upward)


def test_the_layout_check_sees_every_layer_and_would_catch_an_upward_import(tmp_path):
    for layer in ALLOWED:
        assert any((settings.ROOT / layer).rglob("*.py")), f"{layer}/ has no modules"
    bad = tmp_path / "m.py"
    bad.write_text("def f():\n    from app_pages import url_state\n")
    assert list(_project_imports(bad)) == [(2, "app_pages")]
