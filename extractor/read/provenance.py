"""Records on the Plan how its file was read: OCR'd and re-encoded pages with the confidence of each task's page,
the part of a page-less file (DOCX) each task came from, and the reading warnings naming their page.
"""

from __future__ import annotations

from extractor.layout.model import Part, PdfDocument
from schemas import Plan, Task


def _part(task: Task, parts: list[Part]) -> str | None:
    top = task.bbox.top if task.bbox is not None else None
    if top is None:
        return None
    return next((p.label for p in parts if p.page == task.page and p.top - 0.5 <= top <= p.bottom + 0.5), None)


def record_reading(plan: Plan, doc: PdfDocument) -> Plan:
    """The plan with its source's OCR/encoding facts, each task's OCR confidence or file part, and page warnings."""
    confidence = {p.number: p.facts.ocr_confidence for p in doc.pages if p.facts.ocr_confidence is not None}
    plan.source.ocr_pages = sorted(confidence)
    plan.source.ocr_confidence = round(sum(confidence.values()) / len(confidence), 3) if confidence else None
    plan.source.recoded_pages = [p.number for p in doc.pages if p.facts.encoding]
    for task in plan.tasks:
        task.provenance.ocr_confidence = confidence.get(task.page or 0)
        if task.provenance.ocr_confidence is not None:
            task.provenance.reader = "ocr"
        if doc.parts:
            task.provenance.reader = "docx"
            task.provenance.part = _part(task, doc.parts)
            task.page = None
    reading = [f"page {p.number}: {warning}" for p in doc.pages for warning in p.facts.warnings]
    plan.warnings = reading + plan.warnings
    return plan
