"""Evaluating a folder: every NAME.pdf with a NAME.gold.json beside it, extracted and scored."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from extractor.read import SUFFIXES
from kehoach.eval.scores import DocumentScore, EvalReport, EvalSettings, SkippedFile
from kehoach.eval.scoring import evaluate_pair, failed_document
from schemas import Plan
from schemas.errors import KehoachError

GOLD_SUFFIX = ".gold.json"


class EvalError(KehoachError):
    """An evaluation folder or gold file is unusable."""


def load_gold(path: Path) -> Plan:
    """A gold file as a Plan; EvalError naming the file when it cannot be read or breaks the contract."""
    try:
        return Plan.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise EvalError(f"gold file unreadable: {err}", file=path) from err
    except ValidationError as err:
        raise EvalError(
            f"gold file breaks the Plan contract: {err.error_count()} errors, first: "
            f"{err.errors()[0]['loc']}: {err.errors()[0]['msg']}",
            file=path,
        ) from err


def error_text(err: Exception) -> str:
    """An extraction failure as one line: our own errors as they read, others with their class name."""
    return str(err) if isinstance(err, KehoachError) else f"{type(err).__name__}: {err}"


def evaluate_folder(folder: Path, extract: Callable[[Path], Plan], settings: EvalSettings | None = None) -> EvalReport:
    """Extracts every NAME.pdf (or .docx, .doc) that has NAME.gold.json beside it and scores it. A file without
    gold (or gold without a file) is listed as skipped; an extraction that raises is a failed document, not a
    crash, so one bad file cannot hide the scores of the others."""
    settings = settings or EvalSettings()
    if not folder.is_dir():
        raise EvalError("not a folder", file=folder)
    files = sorted(folder.iterdir())
    pdfs = [f for f in files if f.is_file() and f.suffix.lower() in SUFFIXES]
    stems = {pdf.stem for pdf in pdfs}
    skipped = [
        SkippedFile(file=pdf.name, reason=f"no {pdf.stem}{GOLD_SUFFIX} beside it")
        for pdf in pdfs
        if not (folder / f"{pdf.stem}{GOLD_SUFFIX}").is_file()
    ]
    skipped += [
        SkippedFile(file=f.name, reason="gold file without a PDF beside it")
        for f in files
        if f.name.endswith(GOLD_SUFFIX) and f.name.removesuffix(GOLD_SUFFIX) not in stems
    ]
    pairs = [
        (pdf, folder / f"{pdf.stem}{GOLD_SUFFIX}") for pdf in pdfs if (folder / f"{pdf.stem}{GOLD_SUFFIX}").is_file()
    ]
    if not pairs:
        raise EvalError(f"no PDF with a NAME{GOLD_SUFFIX} beside it", file=folder)
    documents: list[DocumentScore] = []
    for pdf, gold_path in pairs:
        gold = load_gold(gold_path)
        try:
            predicted = extract(pdf)
        except Exception as err:  # any extractor failure is scored as a failed document, not a crash
            documents.append(failed_document(gold, pdf.name, error_text(err)))
            continue
        documents.append(evaluate_pair(predicted, gold, settings, name=pdf.name))
    return EvalReport(folder=str(folder), settings=settings, documents=documents, skipped=skipped)
