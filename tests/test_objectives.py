"""Quantified objectives: the clause measured kept whole, scope, levels, year, lists, past results, corpus gold."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from extractor.document.paragraphs import Paragraph
from extractor.document.sections import Section
from extractor.layout.model import Box
from extractor.pipeline import extract_plan
from extractor.tagging.objectives import find_objectives
from extractor.tagging.targets import find_quantities, find_targets
from kehoach.eval.objectives import evaluate_objectives, total
from schemas import Deadline, Objective, Target, Task

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
BOX = Box(x0=0, top=0, x1=1, bottom=1)


def task_objectives(content: str, plan_year: int | None = 2025, **fields: object) -> list[Objective]:
    """The objectives of one text task whose targets are read from its content, as the extractor does."""
    task = Task(content=content, origin="text", targets=find_targets(content, plan_year), **fields)  # type: ignore[arg-type]
    assert find_quantities(content, plan_year) is not None
    return find_objectives([], [task], None, plan_year)


def test_the_indicator_is_the_whole_clause_before_the_number() -> None:
    [found] = task_objectives("Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình đạt 80%.")
    assert found.indicator == "Tỷ lệ hồ sơ dịch vụ công trực tuyến toàn trình"
    assert (found.indicator_id, found.value, found.op, found.unit, found.task) == ("ho_so_toan_trinh", 80, "=", "%", 0)
    assert "…" not in found.indicator


def test_scope_levels_and_purpose() -> None:
    [found] = task_objectives(
        "Hoàn thành việc số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực thuộc thẩm quyền giải quyết, "
        "tăng tối thiểu 20% đối với kết quả thuộc thẩm quyền của cấp tỉnh, cấp huyện, cấp xã để đảm bảo việc kết nối"
    )
    assert found.indicator.startswith("Hoàn thành việc số hóa") and found.indicator.endswith("thẩm quyền giải quyết")
    assert found.scope == "đối với kết quả thuộc thẩm quyền của cấp tỉnh, cấp huyện, cấp xã"
    assert found.levels == ["tinh", "huyen", "xa"] and found.indicator_id == "so_hoa_ho_so" and found.op == ">="


def test_a_number_opening_the_clause_measures_what_follows() -> None:
    [found] = task_objectives("100% hợp tác xã nông nghiệp áp dụng hệ thống truy xuất nguồn gốc.")
    assert found.indicator == "hợp tác xã nông nghiệp áp dụng hệ thống truy xuất nguồn gốc"


def test_later_numbers_share_the_subject_and_take_their_own_level() -> None:
    found = task_objectives("Tỷ lệ hồ sơ giải quyết đúng hạn cấp tỉnh đạt 100%, cấp huyện đạt 95%, cấp xã đạt 90%.")
    assert [o.value for o in found] == [100, 95, 90]
    assert {o.indicator_id for o in found} == {"dung_han"}
    assert [o.levels for o in found] == [["tinh"], ["huyen"], ["xa"]]


def test_a_listed_comparator_applies_to_every_item() -> None:
    found = task_objectives(
        "Năng suất tiếp nhận hồ sơ trung bình của 01 nhân sự trong 1 năm lên mức tối thiểu: tỉnh 1.600 hồ sơ; "
        "vùng nông thôn 1.200 hồ sơ; vùng sâu, xa 800 hồ sơ."
    )
    assert [(o.value, o.op, o.unit) for o in found] == [
        (1600, ">=", "hồ sơ"),
        (1200, ">=", "hồ sơ"),
        (800, ">=", "hồ sơ"),
    ]
    assert all(o.indicator.startswith("Năng suất tiếp nhận hồ sơ") for o in found)
    assert [o.scope for o in found] == ["tỉnh", "vùng nông thôn", "vùng sâu, xa"]


def test_year_from_the_clause_then_the_task_then_the_plan() -> None:
    [clause] = task_objectives("Phấn đấu đến năm 2030 đạt 30% doanh nghiệp nhỏ và vừa ứng dụng công nghệ số.")
    assert clause.year == 2030
    [group] = task_objectives("Tỷ lệ hồ sơ trực tuyến đạt 50%.", group=["Năm 2023 – 2025"], plan_year=2022)
    assert (group.year, group.period) == (2025, "2023-2025")
    [due] = task_objectives(
        "Tỷ lệ hồ sơ trực tuyến đạt 50%.", deadline=Deadline(kind="year", due=dt.date(2027, 12, 31))
    )
    assert due.year == 2027
    [plan] = task_objectives("giao chỉ tiêu bằng kết quả đạt được trong năm 2024 phấn đấu tăng thêm 10%.")
    assert plan.year == 2025  # 2024 is before the plan: a past result, not the target's year
    [yearly] = task_objectives("Mỗi năm có ít nhất 03 sáng kiến được công nhận.")
    assert (yearly.period, yearly.value, yearly.op) == ("hằng năm", 3, ">=")


def test_sentences_reporting_past_results_are_left_out() -> None:
    found = task_objectives(
        "Năm 2023, đạt 9,1 điểm (đạt tỷ lệ 92,81%). Trong đó: điểm tự đánh giá 5,14 điểm. "
        "Mục tiêu phấn đấu năm 2024: đạt tối thiểu 9,5 điểm.",
        plan_year=2024,
    )
    assert [(o.value, o.op, o.year) for o in found] == [(9.5, ">=", 2024)]


def test_a_column_target_is_measured_by_the_tasks_first_sentence() -> None:
    task = Task(
        content="Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia. Các sở thực hiện.",
        targets=[Target(text="Tối thiểu 80", value=80, op=">=")],
    )
    [found] = find_objectives([], [task], "Kế hoạch kiểm soát thủ tục hành chính năm 2025", 2025)
    assert found.indicator == "Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia"
    assert (found.indicator_id, found.year, found.op) == ("thanh_toan_truc_tuyen", 2025, ">=")


def section(index: int, title: str, items: list[str], parent: int | None = None) -> Section:
    paragraphs = [Paragraph(text=item, marker="-", page=2, box=BOX) for item in items]
    return Section(index=index, parent=parent, title=title, text=title, page=2, box=BOX, paragraphs=paragraphs)


def test_objective_sections_give_objectives_and_other_sections_do_not() -> None:
    sections = [
        section(0, "MỤC TIÊU", []),
        section(1, "Phát triển kinh tế số đến năm 2030", ["Kinh tế số chiếm 45% GRDP tỉnh."], parent=0),
        section(2, "NHIỆM VỤ, GIẢI PHÁP", ["Nâng tỷ lệ hoạt động trực tuyến lên 80%."]),
    ]
    [found] = find_objectives(sections, [], "Kế hoạch giai đoạn 2026 - 2030", 2025)
    assert (found.indicator, found.scope, found.indicator_id) == ("Kinh tế số", "GRDP tỉnh", "kinh_te_so_grdp")
    assert (found.year, found.section, found.task, found.page) == (2030, "Phát triển kinh tế số đến năm 2030", None, 2)


def test_an_objective_item_that_is_a_text_task_is_read_once() -> None:
    item = (
        "Mức độ hài lòng của tổ chức, cá nhân đối với chất lượng cung cấp dịch vụ công đạt tối thiểu 95% vào năm 2025."
    )
    task = Task(content=item, origin="text", targets=find_targets(item))
    found = find_objectives([section(0, "Mục tiêu cụ thể", [item])], [task], None, 2022)
    assert [(o.task, o.year, o.indicator_id) for o in found] == [(0, 2025, "hai_long_dich_vu_cong")]


@pytest.fixture(scope="module")
def corpus_scores() -> list:
    return evaluate_objectives(CORPUS, extract_plan)


def test_corpus_objectives_meet_the_gold(corpus_scores: list) -> None:
    assert {"soc_trang_56-KH-UBND_2022.pdf", "quang_ngai_ksthc_2025.pdf"} <= {s.name for s in corpus_scores}
    overall = total(corpus_scores)
    assert overall.indicator_accuracy >= 0.9
    assert overall.value_accuracy >= 0.95
    assert overall.recall >= 0.8 and overall.precision >= 0.95
    assert all(s.recall >= 0.5 and s.indicator_accuracy >= 0.9 for s in corpus_scores)


def test_eval_objectives_command_scores_and_holds_floors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kehoach.cli import main

    name = "soc_trang_56-KH-UBND_2022"
    (tmp_path / f"{name}.pdf").write_bytes((CORPUS / f"{name}.pdf").read_bytes())
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(tmp_path), "--objectives", "--objectives-gold", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].split()[:4] == ["TOTAL", "25", "25", "25"]
    strict = runner.invoke(main, ["eval", str(tmp_path), "--objectives", "--min-indicator-accuracy", "0.5"])
    assert strict.exit_code == 1 and "no NAME.pdf with a NAME.objectives.json" in strict.stderr
