"""The command line starts light: `kehoach --help` imports no command module, `kehoach tasks` no NLP.

Each case runs the CLI in a fresh interpreter and reads `sys.modules` after it answered, so an
import added anywhere on the path (a command module, the query, the store) is caught.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from kehoach.cli import COMMANDS, main
from kehoach.store import migrate

ROOT = Path(__file__).resolve().parent.parent
NLP = ("spacy", "underthesea", "pdfplumber", "cv2", "extractor.pipeline", "extractor.tagging.agencies")

# Runs the CLI with the given arguments, then prints the modules it loaded.
PROBE = """
import sys
from kehoach.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    assert not done.code, done.code
print("\\n".join(sorted(sys.modules)))
"""


def loaded(*args: str) -> set[str]:
    """The modules a CLI run imported (it must succeed)."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return set(run.stdout.split("\n"))


def under(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules that are, or live under, one of the prefixes."""
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_help_imports_no_command_module() -> None:
    modules = loaded("--help")
    assert under(modules, tuple(entry.target.split(":")[0] for entry in COMMANDS.values())) == []
    assert under(modules, ("sqlalchemy", "extractor", *NLP)) == []


def test_tasks_help_loads_neither_the_store_nor_nlp() -> None:
    modules = loaded("tasks", "--help")
    assert "kehoach.cli.tasks" in modules
    assert under(modules, ("sqlalchemy", "kehoach.store", "extractor", *NLP)) == []


def test_a_query_by_agency_loads_no_nlp_pipeline(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kehoach.db'}"
    migrate.upgrade(url)
    modules = loaded("tasks", "--agency", "VP UBND tỉnh", "--role", "lead", "--db", url)
    assert "extractor.tagging.canonical" in modules  # the agency filter is canonicalised
    assert under(modules, NLP) == []
    assert under(modules, ("alembic",)) == []


def test_help_lists_every_registered_command() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, "--help"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    ).stdout
    words = " ".join(out.split())  # the help wraps long lines
    for name, entry in COMMANDS.items():
        assert f"{name} {entry.short_help}" in words


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_registry_names_the_command_it_loads(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command)
    assert command.name == name
