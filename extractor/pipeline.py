"""The extractor end to end: file → layout → structure → tagging → a validated Plan.

`extract_plan` is the IO edge (it reads the file); `build_plan` is pure over the layout and ends
with the enrich step, so every Plan it returns carries the derived values the store needs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from extractor.body.text_tasks import TextTaskSettings, find_text_tasks
from extractor.document.metadata import MetadataSettings, read_metadata
from extractor.document.parts import read_parts
from extractor.document.sections import build_sections
from extractor.document.settings import SectionSettings
from extractor.enrich import YEAR, document_year, enrich_plan
from extractor.layout.model import PdfDocument
from extractor.layout.pdf import LayoutSettings
from extractor.read.document import read_document
from extractor.read.pdf_pages import ReadSettings
from extractor.read.provenance import record_reading
from extractor.tables.rows import RowsSettings, table_items
from extractor.tables.stitch import LogicalTable, StitchSettings, stitch_tables
from extractor.tables.tasks import TableTaskSettings, item_task
from extractor.tagging.objectives import ObjectiveSettings, find_objectives
from extractor.text import squash
from schemas import Document, Plan, Task


class ExtractSettings(BaseModel):
    """Settings of every extractor stage, one object per stage."""

    layout: LayoutSettings = LayoutSettings()
    read: ReadSettings = ReadSettings()
    metadata: MetadataSettings = MetadataSettings()
    stitch: StitchSettings = StitchSettings()
    rows: RowsSettings = RowsSettings()
    table_tasks: TableTaskSettings = TableTaskSettings()
    sections: SectionSettings = SectionSettings()
    text_tasks: TextTaskSettings = TextTaskSettings()
    objectives: ObjectiveSettings = ObjectiveSettings()


def extract_plan(path: Path, settings: ExtractSettings | None = None) -> Plan:
    """Read a plan (PDF, scanned or not, DOCX, DOC) and extract its Plan; raises InputError for unreadable files."""
    settings = settings or ExtractSettings()
    return build_plan(read_document(path, settings.layout, settings.read), settings)


def plan_year(document: Document, doc: PdfDocument) -> int | None:
    """The year a plan is for: its issue date, else a year in its title, else the first page's commonest."""
    if (year := document_year(document)) is not None:
        return year
    first = " ".join(line.text for line in doc.pages[0].lines) if doc.pages else ""
    counts = Counter(YEAR.findall(first))
    return int(counts.most_common(1)[0][0]) if counts else None


def _position(task: Task) -> tuple[int, float]:
    return (task.page or 0, task.bbox.top if task.bbox is not None else 0.0)


def _seen_header(table: LogicalTable) -> str:
    """What a table warning quotes: the table's header, else its first row, shortened; and how it was found."""
    cells = [h for h in table.header if h] or ([c for c in table.rows[0].cells if c] if table.rows else [])
    seen = " | ".join(squash(c)[:40] for c in cells)
    quoted = f"header: {seen}" if any(table.header) else f"no header; first row: {seen}" if seen else "no header"
    return f"{quoted}; found by {table.strategy}, confidence {table.confidence:.2f}"


def build_plan(doc: PdfDocument, settings: ExtractSettings | None = None) -> Plan:
    """Assemble the Plan from a read document: metadata, table tasks, text tasks, in page order."""
    settings = settings or ExtractSettings()
    body = read_parts(doc.body_lines, settings.sections)  # furniture dropped and parts split once per document
    document = read_metadata(doc, body.parts, settings.metadata)
    year = plan_year(document, doc)
    document = document.model_copy(update={"year": year})
    warnings: list[str] = []
    tasks: list[Task] = []
    for table in stitch_tables([grid for page in doc.pages for grid in page.tables], settings.stitch):
        if not table.is_task_table:
            warnings.append(
                f"page {table.pages[0]}: table not read, neither its header nor its cells give a content column"
                f" and an agency or deadline column ({_seen_header(table)})"
            )
            continue
        if table.roles_by_content:
            warnings.append(f"page {table.pages[0]}: columns read from their cells ({_seen_header(table)})")
        tasks += [item_task(item, year, settings.table_tasks) for item in table_items(table, settings.rows)]
    warnings += [
        f"page {page.number}: no text layer (a scanned page? nothing on it can be read)"
        for page in doc.pages
        if not page.lines and not page.tables and not page.facts.warnings  # the reader said why already
    ]
    sections = build_sections(body, settings.sections)
    tasks += find_text_tasks(sections, year, settings.text_tasks)
    tasks.sort(key=_position)
    plan = Plan(
        source=doc.source,
        document=document,
        tasks=tasks,
        objectives=find_objectives(sections, tasks, document.title, year, settings.objectives),
        sections=[section.summary() for section in sections],
        warnings=warnings,
    )
    return enrich_plan(record_reading(plan, doc))
