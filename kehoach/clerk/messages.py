"""What each flag means, in English for the command line and in Vietnamese for the review page."""

from __future__ import annotations

FLAG_TEXT: dict[str, tuple[str, str]] = {
    "no_lead": ("no lead agency, though the plan assigns agencies", "Không có cơ quan chủ trì"),
    "unknown_agency": ("agency not in the registry", "Cơ quan không có trong danh mục"),
    "deadline_unparsed": ("deadline text not understood", "Không đọc được thời hạn"),
    "abolished_agency": ("body abolished or merged before the plan's date", "Cơ quan đã giải thể hoặc sáp nhập"),
    "renamed_agency": ("body written with its new name '(nay là …)'", "Cơ quan ghi tên mới \u201c(nay là …)\u201d"),
    "bad_number": ("document number does not look like one", "Số hiệu văn bản không hợp lệ"),
    "no_number": ("no document number", "Thiếu số hiệu văn bản"),
    "no_date": ("no date of issue", "Thiếu ngày ban hành"),
    "future_date": ("date of issue in the future", "Ngày ban hành ở tương lai"),
    "unknown_issuer": ("issuer is not a known body", "Cơ quan ban hành không xác định"),
    "refused_table": ("a table was not read", "Có bảng không đọc được"),
    "low_text_page": (
        "a page without a usable text layer, or read by OCR with low confidence",
        "Trang không có lớp chữ dùng được, hoặc OCR đọc với độ tin cậy thấp",
    ),
    "duplicate_document": ("probably a copy of a stored document", "Có thể trùng văn bản đã lưu"),
    "orphaned_correction": ("a correction whose task is gone", "Sửa đổi không còn nhiệm vụ tương ứng"),
}


def flag_text(code: str, vietnamese: bool = False) -> str:
    """The sentence a flag code (schemas.review.FlagCode) stands for."""
    english, viet = FLAG_TEXT[code]
    return viet if vietnamese else english
