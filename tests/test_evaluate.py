"""Evaluation: task pairing by content, field accuracy, document fields, folders and the eval command."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.errors import InputError
from kehoach.cli.eval import eval_command
from kehoach.eval.folder import EvalError, evaluate_folder, load_gold
from kehoach.eval.scores import EvalSettings
from kehoach.eval.scoring import agency_key, content_variants, evaluate_pair, match_tasks, task_facts
from schemas import Deadline, Document, Plan, Source, Target, Task
from tests.badpdfs import truncated_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLDS = sorted(CORPUS.glob("*.gold.json"))
SOC_TRANG = CORPUS / "soc_trang_56-KH-UBND_2022.gold.json"
VINH_PHUC = CORPUS / "vinh_phuc_152-KH-UBND_2024.gold.json"

DOCUMENT = Document(
    doc_type="ke_hoach",
    number="152/KH-UBND",
    issuer="Ủy ban nhân dân tỉnh Vĩnh Phúc",
    province="Vĩnh Phúc",
    issued_on=dt.date(2024, 6, 13),
    title="Nâng cao Chỉ số cải cách hành chính tỉnh Vĩnh Phúc năm 2024",
    signer="Vũ Chí Giang",
)
RECRUIT = Task(
    ref="5.2.1",
    group=["CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"],
    origin="table",
    content="Việc tuyển dụng công chức tại các cơ quan chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện phải tuân "
    "thủ đúng trình tự, thủ tục theo quy định.",
    lead=["Sở Nội vụ"],
    support=["Các cơ quan, đơn vị"],
    deadline=Deadline(text="Quý IV", kind="quarter", due=dt.date(2024, 12, 31)),
    output="Báo cáo kết quả tuyển dụng",
    note=None,
    page=7,
)
ON_TIME = Task(
    ref="3.4.1",
    group=["CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
    origin="table",
    content="Trên 99% hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm được giải quyết đúng hạn",
    lead=["Các sở, ban, ngành"],
    support=["Văn phòng UBND tỉnh"],
    deadline=Deadline(text="Năm 2024", kind="year", due=dt.date(2024, 12, 31)),
    targets=[Target(text="Trên 99%", value=99, op=">", unit="%")],
    page=5,
)
LAWS = Task(
    origin="text",
    group=["MỤC TIÊU, NHIỆM VỤ", "Cải cách thể chế"],
    content="Thực hiện công bố danh mục văn bản hết hiệu lực, ngừng hiệu lực theo đúng quy định; thực hiện tốt việc "
    "giải trình và cung cấp tài liệu kiểm chứng đảm bảo theo yêu cầu (Giao Sở Tư pháp chủ trì, thực hiện).",
    lead=["Sở Tư pháp"],
    page=2,
)


def plan(*tasks: Task, document: Document = DOCUMENT) -> Plan:
    return Plan(source=Source(file="vinh_phuc.pdf"), document=document, tasks=list(tasks))


def edited(task: Task, **changes: object) -> Task:
    return task.model_copy(update=changes)


def all_scores(report_scores: object) -> list[float]:
    """Every ratio a score object carries (precision, recall, f1, accuracy), found through its JSON."""
    found: list[float] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in {"precision", "recall", "f1", "accuracy"} and value is not None:
                    found.append(value)
                walk(value)

    walk(json.loads(report_scores.model_dump_json()))  # type: ignore[attr-defined]
    return found


def test_perfect_match_scores_one_everywhere() -> None:
    gold = plan(RECRUIT, ON_TIME, LAWS)
    score = evaluate_pair(gold.model_copy(deep=True), gold)
    ratios = all_scores(score.scores)
    assert len(ratios) > 20 and set(ratios) == {1.0}
    assert score.scores.tasks.gold_matched == 3 and not score.missed and not score.spurious and not score.mismatches


def test_missed_task_lowers_recall_only() -> None:
    score = evaluate_pair(plan(RECRUIT, ON_TIME), plan(RECRUIT, ON_TIME, LAWS))
    tasks = score.scores.tasks
    assert (tasks.precision, tasks.recall) == (1.0, pytest.approx(2 / 3))
    assert tasks.f1 == pytest.approx(0.8)
    assert [t.content for t in score.missed] == [LAWS.content]
    assert score.scores.by_origin.text.recall == 0.0 and score.scores.by_origin.table.recall == 1.0


def test_spurious_task_lowers_precision_only() -> None:
    score = evaluate_pair(plan(RECRUIT, ON_TIME, LAWS), plan(RECRUIT, LAWS))
    tasks = score.scores.tasks
    assert (tasks.precision, tasks.recall) == (pytest.approx(2 / 3), 1.0)
    assert [t.ref for t in score.spurious] == ["3.4.1"]
    assert score.scores.by_origin.table.precision == 0.5 and score.scores.by_origin.text.precision == 1.0


def test_near_duplicate_rows_pair_with_their_own_row() -> None:
    district = edited(
        ON_TIME,
        ref="3.4.2",
        content=ON_TIME.content.replace("cấp tỉnh", "cấp huyện"),
        lead=["Ủy ban nhân dân cấp huyện"],
    )
    score = evaluate_pair(plan(district, ON_TIME), plan(ON_TIME, district))
    assert [(m.gold, m.predicted) for m in score.matches] == [(0, 1), (1, 0)]
    assert score.scores.fields.lead.exact.accuracy == 1.0


def test_identical_contents_are_told_apart_by_ref() -> None:
    first = edited(RECRUIT, ref="1.a", output="a) Quyết định ban hành các kế hoạch", lead=["Văn phòng UBND tỉnh"])
    second = edited(RECRUIT, ref="1.b", output="b) Quyết định kiện toàn đội ngũ đầu mối", lead=["Sở Nội vụ"])
    score = evaluate_pair(plan(second, first), plan(first, second))
    assert [(m.gold, m.predicted) for m in score.matches] == [(0, 1), (1, 0)]
    assert score.scores.fields.lead.exact.accuracy == 1.0 and score.scores.fields.output.accuracy == 1.0
    no_refs = evaluate_pair(plan(edited(second, ref=None), edited(first, ref=None)), plan(first, second))
    assert [(m.gold, m.predicted) for m in no_refs.matches] == [(0, 1), (1, 0)], "output breaks the tie"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Uỷ ban nhân dân cấp huyện", "Ủy ban nhân dân cấp huyện"),
        ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("Sở TTTT", "Sở Thông tin và Truyền thông"),
        ("Các sở, ban, ngành", "sở, ban, ngành."),
        ("Sở tư pháp", "Sở Tư pháp"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hoá, Thể thao và Du lịch"),
    ],
)
def test_agency_spellings_of_one_body_compare_equal(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sở Tư pháp", "Sở Nội vụ"),
        ("Sở Tài chính", "Sở Tài chính tỉnh Vĩnh Phúc"),
        ("Văn phòng Đoàn ĐBQH", "Văn phòng Doàn ĐBQH"),
    ],
)
def test_different_agencies_stay_apart(a: str, b: str) -> None:
    assert agency_key(a) != agency_key(b)


def test_agency_lists_score_exact_sets_and_items() -> None:
    gold = edited(RECRUIT, lead=["Ủy ban nhân dân tỉnh"], support=["Sở Tư pháp", "Văn phòng UBND tỉnh"])
    predicted = edited(RECRUIT, lead=["UBND tỉnh"], support=["Sở Nội vụ", "VP UBND tỉnh"])
    fields = evaluate_pair(plan(predicted), plan(gold)).scores.fields
    assert fields.lead.exact.accuracy == 1.0 and fields.lead.items.f1 == 1.0
    assert fields.support.exact.accuracy == 0.0
    assert (fields.support.items.tp, fields.support.items.fp, fields.support.items.fn) == (1, 1, 1)
    assert fields.support.items.f1 == 0.5


def test_assignment_parenthesis_is_optional() -> None:
    bare = edited(LAWS, content=LAWS.content.split(" (Giao")[0])
    keys = content_variants(LAWS.content)
    assert keys[1] == content_variants(bare.content)[0]
    for gold, predicted in ((LAWS, bare), (bare, LAWS)):
        score = evaluate_pair(plan(predicted), plan(gold))
        assert score.scores.tasks.f1 == 1.0 and score.matches[0].similarity == 1.0


def test_lists_dashes_case_and_tone_placement_do_not_count() -> None:
    gold = edited(RECRUIT, content="Tổ chức tuyên truyền, phổ biến:\n- Hội nghị quán triệt;\n- Hòa giải cơ sở.")
    predicted = edited(RECRUIT, content="tổ chức  tuyên truyền, phổ biến: • Hội nghị quán triệt; – Hoà giải cơ sở")
    assert evaluate_pair(plan(predicted), plan(gold)).matches[0].similarity == 1.0


def test_content_below_threshold_is_missed_and_spurious() -> None:
    half = edited(RECRUIT, content=RECRUIT.content[: len(RECRUIT.content) // 2])
    score = evaluate_pair(plan(half), plan(RECRUIT))
    assert score.scores.tasks.gold_matched == 0 and len(score.missed) == len(score.spurious) == 1
    lenient = evaluate_pair(plan(half), plan(RECRUIT), EvalSettings(threshold=0.6))
    assert lenient.scores.tasks.gold_matched == 1


def test_long_tasks_with_a_few_words_lost_still_match() -> None:
    """Long contents (difflib's autojunk would ignore their common letters) lose three words mid-text."""
    gold = load_gold(VINH_PHUC)
    long_tasks = [t for t in gold.tasks if len(t.content) > 300]

    def dropped(task: Task) -> Task:
        words = task.content.split()
        return edited(task, content=" ".join(words[:10] + words[13:]))

    score = evaluate_pair(plan(*map(dropped, long_tasks)), plan(*long_tasks))
    assert len(long_tasks) > 10 and score.scores.tasks.f1 == 1.0
    assert [m.predicted for m in score.matches] == list(range(len(long_tasks)))


def test_deadline_due_mismatch_is_counted_and_shown() -> None:
    late = edited(RECRUIT, deadline=Deadline(text="Quý IV", kind="quarter", due=dt.date(2025, 12, 31)))
    score = evaluate_pair(plan(late, ON_TIME), plan(RECRUIT, ON_TIME))
    fields = score.scores.fields
    assert (fields.deadline_due.correct, fields.deadline_due.total) == (1, 2)
    assert fields.deadline_kind.accuracy == 1.0
    [mismatch] = score.mismatches
    assert (mismatch.field, mismatch.gold, mismatch.predicted) == ("deadline_due", "2024-12-31", "2025-12-31")
    assert mismatch.task is not None and mismatch.task.ref == "5.2.1"


def test_targets_ref_output_note_group_are_compared() -> None:
    predicted = edited(
        ON_TIME,
        targets=[Target(text="99%", value=99, op="=", unit="%")],
        ref="3.4.1.",
        output="Báo cáo",
        note="  ",
        group=["Cải cách thủ tục hành chính"],
    )
    fields = evaluate_pair(plan(predicted), plan(ON_TIME)).scores.fields
    assert fields.targets.accuracy == 0.0
    assert fields.ref.accuracy == 1.0, "a trailing dot on a ref is not a difference"
    assert fields.output.accuracy == 0.0
    assert fields.note.accuracy == 1.0, "blank note is no note"
    assert fields.group.accuracy == 0.0, "group headings keep their case"


def test_document_fields() -> None:
    predicted = DOCUMENT.model_copy(
        update={
            "title": "Nâng cao Chỉ số cải cách hành chính tỉnh Vĩnh\nPhúc năm  2024",
            "issuer": "UBND tỉnh Vĩnh Phúc",
            "signer": "Nguyễn Văn Khước",
            "issued_on": None,
        }
    )
    score = evaluate_pair(plan(RECRUIT, document=predicted), plan(RECRUIT))
    document = score.scores.document
    assert document.title.accuracy == 1.0 and document.issuer.accuracy == 1.0
    assert document.signer.accuracy == 0.0 and document.issued_on.accuracy == 0.0
    assert document.accuracy == pytest.approx(5 / 7)
    assert {(m.field, m.gold, m.predicted) for m in score.mismatches if m.task is None} == {
        ("signer", "Vũ Chí Giang", "Nguyễn Văn Khước"),
        ("issued_on", "2024-06-13", "(none)"),
    }


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_gold_against_itself_in_any_order_is_perfect(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    shuffled = gold.model_copy(update={"tasks": gold.tasks[::-1]})
    score = evaluate_pair(shuffled, gold)
    assert set(all_scores(score.scores)) == {1.0}
    assert not score.mismatches and len(score.matches) == len(gold.tasks)


def test_corpus_has_rows_that_only_their_ref_tells_apart() -> None:
    """The case the tie-break exists for: quang_ngai 1.a/1.b share content; vinh_phuc has two rows with the
    same content, lead and output."""
    for gold_path in GOLDS:
        gold = load_gold(gold_path)
        keys = [content_variants(t.content)[0] for t in gold.tasks]
        twins = [i for i, key in enumerate(keys) if keys.count(key) > 1]
        if twins:
            matches = match_tasks(gold.tasks, gold.tasks[::-1], 0.85)
            last = len(gold.tasks) - 1
            assert all(m.predicted == last - m.gold for m in matches if m.gold in twins)


def retyped(task: Task) -> Task:
    """The same task as another extractor might write it: old tone placement, abbreviations, a list dash,
    lower-case "các", no "(Giao …)" parenthesis."""

    def old_tones(text: str) -> str:
        for new, old in (("hóa", "hoá"), ("Ủy", "Uỷ"), ("hòa", "hoà"), ("thủy", "thuỷ")):
            text = text.replace(new, old)
        return text

    def short(names: list[str]) -> list[str]:
        return [re.sub(r"^Các ", "các ", old_tones(n.replace("Ủy ban nhân dân", "UBND"))) for n in names]

    content = "- " + old_tones(re.sub(r"\s*\(Giao [^()]*\)\.?$", "", task.content))
    return edited(task, content=content, lead=short(task.lead), support=short(task.support))


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.name)
def test_other_spellings_of_the_gold_still_match(gold_path: Path) -> None:
    gold = load_gold(gold_path)
    predicted = gold.model_copy(update={"tasks": [retyped(t) for t in gold.tasks]})
    assert predicted.tasks != gold.tasks
    fields = evaluate_pair(predicted, gold).scores.fields
    assert evaluate_pair(predicted, gold).scores.tasks.f1 == 1.0
    assert fields.lead.exact.accuracy == fields.support.exact.accuracy == 1.0


def corpus_folder(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in names:
        shutil.copy(CORPUS / f"{name}.pdf", folder)
        shutil.copy(CORPUS / f"{name}.gold.json", folder)
    return folder


def gold_minus_first_task(pdf: Path) -> Plan:
    gold = load_gold(pdf.with_name(f"{pdf.stem}.gold.json"))
    return gold.model_copy(update={"tasks": gold.tasks[1:]})


def test_folder_counts_dropped_tasks_and_skips_unpaired_files(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022", "quang_ngai_ksthc_2025"])
    shutil.copy(CORPUS / "vinh_phuc_152-KH-UBND_2024.pdf", folder / "no_gold.pdf")
    shutil.copy(VINH_PHUC, folder / "no_pdf.gold.json")
    report = evaluate_folder(folder, gold_minus_first_task)
    assert [d.name for d in report.documents] == ["quang_ngai_ksthc_2025.pdf", "soc_trang_56-KH-UBND_2022.pdf"]
    assert {s.file for s in report.skipped} == {"no_gold.pdf", "no_pdf.gold.json"}
    total = report.total.tasks
    assert (total.gold, total.predicted, total.gold_matched) == (66 + 26, 65 + 25, 65 + 25)
    assert total.recall == pytest.approx(90 / 92) and total.precision == 1.0
    assert [len(d.missed) for d in report.documents] == [1, 1]


def test_folder_reports_an_extraction_error_as_a_failed_document(tmp_path: Path) -> None:
    from extractor.pipeline import extract_plan

    folder = tmp_path / "inbox"
    folder.mkdir()
    truncated_pdf(folder)
    shutil.copy(SOC_TRANG, folder / "truncated.gold.json")
    with pytest.raises(InputError):
        extract_plan(folder / "truncated.pdf")
    [document] = evaluate_folder(folder, extract_plan).documents
    assert document.error and "truncated.pdf" in document.error
    assert len(document.missed) == 26 and document.scores.tasks.recall == 0.0
    assert document.scores.document.accuracy == 0.0


def test_folder_without_pairs_or_with_bad_gold_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no PDF"):
        evaluate_folder(tmp_path, gold_minus_first_task)
    shutil.copy(CORPUS / "soc_trang_56-KH-UBND_2022.pdf", tmp_path / "a.pdf")
    (tmp_path / "a.gold.json").write_text('{"schema_version": "1", "tasks": []}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"a\.gold\.json"):
        evaluate_folder(tmp_path, gold_minus_first_task)


def run_eval(monkeypatch: pytest.MonkeyPatch, extract: Callable[[Path], Plan], *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("kehoach.cli.eval.extract_plan", extract)
    result = CliRunner().invoke(eval_command, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_table_details_json_and_floors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022"])
    code, out, _ = run_eval(monkeypatch, gold_minus_first_task, str(folder), "--details")
    assert code == 0
    [total] = [line for line in out.splitlines() if line.startswith("TOTAL")]
    assert total.split()[1:4] == ["26", "25", "25"]
    assert "F1" in out.splitlines()[0]
    first = load_gold(SOC_TRANG).tasks[0].content
    assert "missed (1):" in out and first[:60] in out and "spurious (0):" in out

    code, out, _ = run_eval(monkeypatch, gold_minus_first_task, str(folder), "--json", "--threshold", "0.9")
    report = json.loads(out)
    assert code == 0 and report["settings"]["threshold"] == 0.9
    assert report["total"]["tasks"]["recall"] == pytest.approx(25 / 26)

    code, _, err = run_eval(monkeypatch, gold_minus_first_task, str(folder), "--min-task-recall", "0.99")
    assert code == 1 and "task recall 0.962 is below the floor 0.990" in err
    code, _, _ = run_eval(
        monkeypatch,
        gold_minus_first_task,
        str(folder),
        "--min-task-recall",
        "0.95",
        "--min-f1",
        "0.95",
        "--min-lead-f1",
        "1",
        "--min-support-f1",
        "1",
    )
    assert code == 0


def test_cli_names_a_failed_document_and_a_missing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022"])

    def refuse(pdf: Path) -> Plan:
        raise InputError("encrypted PDF", file=pdf)

    code, out, _ = run_eval(monkeypatch, refuse, str(folder))
    [row] = [line.split() for line in out.splitlines() if line.startswith("soc_trang")]
    assert code == 0 and row[-1] == "FAILED" and "encrypted PDF" in out
    code, _, err = run_eval(monkeypatch, refuse, str(tmp_path / "missing"))
    assert code == 1 and err.startswith("error: ") and "not a folder" in err


@pytest.mark.slow
def test_cli_scores_the_real_extractor_above_ci_floors(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022"])
    result = CliRunner().invoke(eval_command, [str(folder), "--json", "--min-task-recall", "0.9", "--min-f1", "0.9"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["total"]["tasks"]["gold"] == 26 and report["documents"][0]["error"] is None


def test_details_show_field_mismatches_with_gold_and_predicted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022"])

    def wrong_lead(pdf: Path) -> Plan:
        gold = load_gold(pdf.with_name(f"{pdf.stem}.gold.json"))
        tasks = [edited(gold.tasks[2], lead=["Sở Nội vụ"]), *gold.tasks[3:]]
        return gold.model_copy(update={"tasks": tasks})

    code, out, _ = run_eval(monkeypatch, wrong_lead, str(folder), "--details")
    lines = out.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("  [#1 text]") and line.endswith(": lead")]
    assert lines[at + 1].split() == ["gold:", "Văn", "phòng", "UBND", "tỉnh"]
    assert lines[at + 2].split() == ["predicted:", "Sở", "Nội", "vụ"]
    assert code == 0 and "missed (2):" in out


def test_facts_count_the_task_its_agencies_deadline_and_targets() -> None:
    """RECRUIT has 4 facts (itself, a lead, a support, a deadline), ON_TIME 5 (itself, lead, support,
    deadline, one target). Losing ON_TIME's support and deadline costs 2 facts of recall only."""
    assert len(task_facts(RECRUIT)) == 4
    assert len(task_facts(ON_TIME)) == 5
    stripped = edited(ON_TIME, support=[], deadline=Deadline(text=None, kind="none", due=None))
    facts = evaluate_pair(plan(RECRUIT, stripped), plan(RECRUIT, ON_TIME)).scores.facts
    assert (facts.tp, facts.fp, facts.fn) == (7, 0, 2)
    assert facts.precision == 1.0 and facts.recall == pytest.approx(7 / 9)


def test_facts_of_missed_and_spurious_tasks_all_count() -> None:
    """A task found only by the extractor brings all its facts as false positives, a missed one as misses."""
    facts = evaluate_pair(plan(RECRUIT, LAWS), plan(RECRUIT, ON_TIME)).scores.facts
    assert (facts.tp, facts.fp, facts.fn) == (4, 2, 5)


def test_facts_compare_agencies_by_key_not_by_spelling() -> None:
    spelled = edited(ON_TIME, support=["VP UBND tỉnh"], lead=["các Sở, ban, ngành."])
    facts = evaluate_pair(plan(spelled), plan(ON_TIME)).scores.facts
    assert (facts.tp, facts.fp, facts.fn) == (5, 0, 0)


def test_plan_fact_floor_names_the_document_below_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022", "quang_ngai_ksthc_2025"])
    code, out, err = run_eval(monkeypatch, gold_minus_first_task, str(folder), "--min-plan-fact-f1", "0.99")
    assert code == 1
    assert re.search(r"soc_trang_56-KH-UBND_2022\.pdf: fact F1 0\.9\d\d is below the floor 0\.990", err)
    assert "fact F1" in out.splitlines()[0]
    code, _, _ = run_eval(monkeypatch, gold_minus_first_task, str(folder), "--min-plan-fact-f1", "0.9")
    assert code == 0


def test_survey_without_gold_counts_leads_deadlines_and_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from extractor.pipeline import extract_plan  # before run_eval swaps it for a stand-in

    folder = corpus_folder(tmp_path, ["soc_trang_56-KH-UBND_2022"])
    truncated_pdf(folder)
    gold = load_gold(SOC_TRANG)
    code, out, err = run_eval(monkeypatch, lambda pdf: gold, str(folder), "--no-gold", "--json")
    report = json.loads(out)
    [_truncated, good] = report["plans"]
    assert good["tasks"] == 26 and good["with_lead"] == sum(bool(t.lead) for t in gold.tasks)
    assert good["assigned"] + good["unassigned"] == 26 and good["assigned"] >= good["with_lead"]
    assert good["with_deadline"] == sum(t.deadline.kind != "none" for t in gold.tasks)
    assert report["failures"] == 0 and code == 0  # the stand-in extractor read both files

    code, out, err = run_eval(monkeypatch, extract_plan, str(folder), "--no-gold", "--min-lead-share", "0.5")
    assert code == 1 and "1 plan(s) failed" in err
    assert re.search(r"truncated\.pdf .* FAILED", out) and "failed: truncated.pdf:" in out
    assert re.search(r"soc_trang_56-KH-UBND_2022\.pdf +9 +26 ", out)


def test_survey_lead_share_counts_only_parts_that_assign_agencies() -> None:
    """Objectives under a heading where no task names an agency cannot miss a lead: they are `unassigned`;
    a task without a lead in a part that assigns agencies (here a support only) counts against the share."""
    from kehoach.eval.survey import SurveyReport, survey_plan

    target = Task(origin="text", group=["MỤC TIÊU"], content="Chỉ tiêu 1: Năm 2025 đạt 60% hồ sơ trực tuyến.")
    helper = edited(RECRUIT, lead=[], support=["Sở Tư pháp"])
    surveyed = survey_plan(plan(target, edited(target, content="Chỉ tiêu 2"), RECRUIT, helper, ON_TIME), "p.pdf", 1.0)
    assert (surveyed.tasks, surveyed.assigned, surveyed.unassigned, surveyed.with_lead) == (5, 3, 2, 2)
    assert surveyed.lead_share == pytest.approx(2 / 3)
    nobody = survey_plan(plan(target), "q.pdf", 1.0)
    report = SurveyReport(folder="f", plans=[surveyed, nobody])
    assert not nobody.assigns_agencies and report.lead_share == pytest.approx(2 / 3)
    assert report.plan_lead_share == pytest.approx(2 / 5)
