"""The whole extractor on the corpus PDFs: valid contract JSON, sane tasks, the CLI as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kehoach.cli import main
from schemas import Plan
from schemas.__main__ import SCHEMA_FILE
from tests.corpus_cache import CorpusCache

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PDFS = sorted(CORPUS.glob("*.pdf"))


@pytest.fixture(scope="module")
def plans(corpus: CorpusCache) -> dict[str, Plan]:
    return {pdf.name: corpus.plan(pdf) for pdf in PDFS}


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_extracted_plans_validate_against_committed_schema(plans: dict[str, Plan], pdf: Path) -> None:
    data = json.loads(plans[pdf.name].model_dump_json())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


@pytest.mark.slow
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_extract_json_validates_against_committed_schema(tmp_path: Path, pdf: Path) -> None:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["extract", str(pdf), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert Plan.model_validate(data).source.sha256


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.name)
def test_every_task_has_content_and_a_page(plans: dict[str, Plan], pdf: Path) -> None:
    plan = plans[pdf.name]
    assert plan.tasks
    pages = plan.source.pages or 0
    for task in plan.tasks:
        assert task.content.strip()
        assert task.page is not None and 1 <= task.page <= pages
        assert "\n" not in task.content and "  " not in task.content


def test_table_format_is_readable() -> None:
    smallest = min(PDFS, key=lambda pdf: pdf.stat().st_size)
    result = CliRunner().invoke(main, ["extract", str(smallest), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "ref" in result.output.splitlines()[3] and "tasks" in result.output.splitlines()[-1]
