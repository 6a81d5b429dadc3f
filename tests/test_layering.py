"""The package layering written in the README, checked on every import statement (function-level ones too).

schemas and extractor/vocab import nothing of ours; the extractor never imports the application;
the store imports only schemas (and migrations); nothing outside kehoach/cli imports the CLI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("schemas", "extractor", "kehoach", "migrations")

# (files under this folder, module prefixes of ours they may import; None: any)
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("schemas", ("schemas",)),
    ("extractor/vocab", ("extractor.vocab",)),
    ("extractor", ("schemas", "extractor")),
    ("kehoach/store", ("schemas", "kehoach.store", "migrations")),
    ("migrations", ("migrations", "kehoach.store")),
]


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, by absolute name."""
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


def is_under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def ours(module: str) -> bool:
    return any(is_under(module, top) for top in OURS)


def rule_for(path: Path) -> tuple[str, tuple[str, ...]] | None:
    """The most specific rule whose folder holds the file."""
    relative = path.relative_to(ROOT).as_posix()
    matching = [rule for rule in RULES if relative.startswith(rule[0] + "/")]
    return max(matching, key=lambda rule: len(rule[0])) if matching else None


SOURCES = sorted(p for top in OURS for p in (ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_imports_follow_the_layering(path: Path) -> None:
    rule = rule_for(path)
    modules = [m for m in imported_modules(path) if ours(m)]
    if rule is not None:
        folder, allowed = rule
        wrong = [m for m in modules if not any(is_under(m, prefix) for prefix in allowed)]
        assert not wrong, f"{folder} may import only {', '.join(allowed)} of ours"
    if not path.relative_to(ROOT).as_posix().startswith("kehoach/cli/"):
        assert not [m for m in modules if is_under(m, "kehoach.cli")], "nothing outside kehoach/cli imports the CLI"


def test_rules_catch_a_wrong_import(tmp_path: Path) -> None:
    wrong = tmp_path / "bad.py"
    wrong.write_text("from kehoach.store.db import make_engine\n\ndef f():\n    import extractor.pipeline\n")
    assert imported_modules(wrong) == ["kehoach.store.db", "extractor.pipeline"]
    assert rule_for(ROOT / "extractor/vocab/agencies.py") == RULES[1]
    assert rule_for(ROOT / "kehoach/store/db.py") == RULES[3]
    assert rule_for(ROOT / "kehoach/query.py") is None
