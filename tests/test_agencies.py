"""The agency registry: finding Vietnamese state bodies in text and naming them canonically."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractor.tagging.agencies import (
    agency_kind,
    expand_shared_heads,
    find_agencies,
    known_agency,
    split_agencies,
    starts_agency,
)
from extractor.tagging.canonical import canonical_agency
from extractor.tagging.nlp import make_doc
from extractor.text import match_text
from extractor.vocab.agencies import registry


def test_tokenizer_splits_punctuation_off_words() -> None:
    tokens = [t.text for t in make_doc(match_text("Văn phòng UBND tỉnh chủ trì, (chủ trì) đạt 100%; Sở TT&TT."))]
    assert tokens == [
        "Văn",
        "phòng",
        "UBND",
        "tỉnh",
        "chủ",
        "trì",
        ",",
        "(",
        "chủ",
        "trì",
        ")",
        "đạt",
        "100",
        "%",
        ";",
        "Sở",
        "TT&TT",
        ".",
    ]


def test_matching_form_maps_back_to_the_source() -> None:
    text = "- Văn phòng Uỷ ban nhân\n dân tỉnh  (chủ trì)"
    form = match_text(text)
    assert form.text == "- Văn phòng Ủy ban nhân dân tỉnh (chủ trì)"
    start = form.text.index("Văn")
    assert form.printed(start, start + len("Văn phòng Ủy ban nhân dân tỉnh")) == "Văn phòng Uỷ ban nhân dân tỉnh"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sở Nội vụ", [("Sở Nội vụ", "Sở Nội vụ", "so")]),
        ("Sở tư pháp", [("Sở tư pháp", "Sở Tư pháp", "so")]),
        (
            "Sở Thông tin và Truyền thông và Văn phòng UBND tỉnh",
            [
                ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "so"),
                ("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "van_phong"),
            ],
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch tuyên truyền",
            [("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch", "so")],
        ),
        (
            "Sở Văn hoá Thể thao và Du lịch",
            [("Sở Văn hoá Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch", "so")],
        ),
        (
            "Sở Lao động – Thương binh và Xã hội",
            [("Sở Lao động – Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", "so")],
        ),
        ("Sở LĐTB&XH", [("Sở LĐTB&XH", "Sở Lao động - Thương binh và Xã hội", "so")]),
        ("Sở TT&TT", [("Sở TT&TT", "Sở Thông tin và Truyền thông", "so")]),
        (
            "Sở KH&ĐT; Sở KH&CN",
            [("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", "so"), ("Sở KH&CN", "Sở Khoa học và Công nghệ", "so")],
        ),
        ("Sở Giao thông vận tải", [("Sở Giao thông vận tải", "Sở Giao thông vận tải", "so")]),
        (
            "Sở Nông nghiệp và Phát triển nông thôn",
            [("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn", "so")],
        ),
        ("Sở Tài nguyên và Môi trường", [("Sở Tài nguyên và Môi trường", "Sở Tài nguyên và Môi trường", "so")]),
        ("Sở Nội vụ tỉnh Hải Dương", [("Sở Nội vụ tỉnh Hải Dương", "Sở Nội vụ tỉnh Hải Dương", "so")]),
        # an unseen department of a known type
        (
            "Sở Ngoại giao và Hợp tác quốc tế chủ trì",
            [("Sở Ngoại giao và Hợp tác quốc tế", "Sở Ngoại giao và Hợp tác quốc tế", "so")],
        ),
        ("Sở An toàn thực phẩm tổ chức kiểm tra", [("Sở An toàn thực phẩm", "Sở An toàn thực phẩm", "so")]),
        ("Sở Quy hoạch - Kiến trúc", [("Sở Quy hoạch - Kiến trúc", "Sở Quy hoạch - Kiến trúc", "so")]),
        ("VP UBND tỉnh", [("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "van_phong")]),
        (
            "Văn phòng Uỷ ban nhân dân tỉnh",
            [("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh", "van_phong")],
        ),
        ("Văn phòng Sở tổng hợp", [("Văn phòng Sở", "Văn phòng Sở", "van_phong")]),
        ("Văn phòng Chính phủ", [("Văn phòng Chính phủ", "Văn phòng Chính phủ", "van_phong")]),
        ("UBND cấp huyện, cấp xã", [("UBND cấp huyện, cấp xã", "Ủy ban nhân dân cấp huyện, cấp xã", "ubnd")]),
        (
            "UBND cấp huyện, UBND cấp xã",
            [
                ("UBND cấp huyện", "Ủy ban nhân dân cấp huyện", "ubnd"),
                ("UBND cấp xã", "Ủy ban nhân dân cấp xã", "ubnd"),
            ],
        ),
        (
            "UBND các huyện, thị xã, thành phố",
            [("UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố", "ubnd")],
        ),
        ("UBND xã, phường, thị trấn", [("UBND xã, phường, thị trấn", "Ủy ban nhân dân xã, phường, thị trấn", "ubnd")]),
        (
            "Ủy ban nhân dân thành phố Hải Dương",
            [("Ủy ban nhân dân thành phố Hải Dương", "Ủy ban nhân dân thành phố Hải Dương", "ubnd")],
        ),
        ("UBND huyện Châu Thành", [("UBND huyện Châu Thành", "Ủy ban nhân dân huyện Châu Thành", "ubnd")]),
        ("Chủ tịch UBND tỉnh", [("Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh", "ubnd")]),
        ("thanh tra tỉnh", [("thanh tra tỉnh", "Thanh tra tỉnh", "thanh_tra")]),
        ("Thanh tra Sở", [("Thanh tra Sở", "Thanh tra Sở", "thanh_tra")]),
        ("Công an tỉnh chủ trì", [("Công an tỉnh", "Công an tỉnh", "cong_an")]),
        ("BHXH tỉnh", [("BHXH tỉnh", "Bảo hiểm xã hội tỉnh", "other")]),
        ("Bảo hiểm xã hội tỉnh", [("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh", "other")]),
        (
            "Cục Thuế tỉnh; Thuế tỉnh",
            [("Cục Thuế tỉnh", "Cục Thuế tỉnh", "cuc"), ("Thuế tỉnh", "Cục Thuế tỉnh", "cuc")],
        ),
        (
            "Trung tâm Phục vụ hành chính công tỉnh",
            [("Trung tâm Phục vụ hành chính công tỉnh", "Trung tâm Phục vụ hành chính công tỉnh", "trung_tam")],
        ),
        ("Trung tâm PVHCC", [("Trung tâm PVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "trung_tam")]),
        (
            "Trung tâm xúc tiến đầu tư và Hỗ trợ doanh nghiệp tỉnh Vĩnh Phúc: Tham mưu",
            [
                (
                    "Trung tâm xúc tiến đầu tư và Hỗ trợ doanh nghiệp tỉnh Vĩnh Phúc",
                    "Trung tâm xúc tiến đầu tư và Hỗ trợ doanh nghiệp tỉnh Vĩnh Phúc",
                    "trung_tam",
                )
            ],
        ),
        (
            "Ban Quản lý các khu công nghiệp tỉnh",
            [("Ban Quản lý các khu công nghiệp tỉnh", "Ban Quản lý các khu công nghiệp tỉnh", "ban")],
        ),
        (
            "Bộ Nội vụ; Bộ Thông tin và Truyền thông",
            [("Bộ Nội vụ", "Bộ Nội vụ", "bo"), ("Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông", "bo")],
        ),
        (
            "Báo Vĩnh Phúc, Đài Phát thanh và Truyền hình tỉnh",
            [
                ("Báo Vĩnh Phúc", "Báo Vĩnh Phúc", "bao_dai"),
                ("Đài Phát thanh và Truyền hình tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "bao_dai"),
            ],
        ),
        (
            "Báo và Phát thanh, Truyền hình Quảng Ngãi",
            [("Báo và Phát thanh, Truyền hình Quảng Ngãi", "Báo và Phát thanh, Truyền hình Quảng Ngãi", "bao_dai")],
        ),
        ("Các sở, ban, ngành", [("Các sở, ban, ngành", "Các sở, ban, ngành", "collective")]),
        ("sở, ban, ngành", [("sở, ban, ngành", "Các sở, ban, ngành", "collective")]),
        ("Các Sở, ngành tỉnh", [("Các Sở, ngành tỉnh", "Các sở, ngành", "collective")]),
        (
            "Các cơ quan, đơn vị, địa phương",
            [("Các cơ quan, đơn vị, địa phương", "Các cơ quan, đơn vị, địa phương", "collective")],
        ),
        (
            "Thủ trưởng các cơ quan, đơn vị, địa phương",
            [("Thủ trưởng các cơ quan, đơn vị, địa phương", "Các cơ quan, đơn vị, địa phương", "collective")],
        ),
        (
            "Các phòng, ban, đơn vị thuộc và trực thuộc Sở",
            [("Các phòng, ban, đơn vị", "Các phòng, ban, đơn vị", "collective")],
        ),
        # partners of digital-transformation plans; an open name ends before what the body does
        (
            "Bưu điện tỉnh và các ngân hàng thương mại trên địa bàn",
            [
                ("Bưu điện tỉnh", "Bưu điện tỉnh", "other"),
                ("các ngân hàng thương mại", "Các ngân hàng thương mại", "collective"),
            ],
        ),
        ("Viễn thông Bình Định phối hợp", [("Viễn thông Bình Định", "Viễn thông Bình Định", "other")]),
        (
            "Đài Phát thanh và Truyền hình Bình Định mở chuyên mục",
            [("Đài Phát thanh và Truyền hình Bình Định", "Đài Phát thanh và Truyền hình Bình Định", "bao_dai")],
        ),
        # words that look like heads but name no body
        ("Ban hành Bộ chỉ số phục vụ người dân", []),
        ("Tổ chức tập huấn chuyên môn, nghiệp vụ", []),
        ("Trên cơ sở Kế hoạch này", []),
    ],
)
def test_agencies_found(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_agencies(text)
    assert [(m.printed, m.canonical, m.kind) for m in found] == expected
    for mention in found:
        assert " ".join(unicodedata.normalize("NFC", text)[mention.start : mention.end].split()) == mention.printed


@pytest.mark.parametrize(
    ("printed", "province", "canonical"),
    [
        ("VP UBND tỉnh", None, "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng UBND tỉnh", None, "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", None, "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi", "Văn phòng Ủy ban nhân dân tỉnh"),
        ("Sở Văn hoá, Thể thao và Du lịch tỉnh", None, "Sở Văn hóa, Thể thao và Du lịch"),
        ("các cơ quan có liên quan", None, "Các cơ quan liên quan"),
        ("Các cơ quan, đơn vị, Liên quan", None, "Các cơ quan, đơn vị liên quan"),
        (
            "Các sở, ban, ngành được giao chủ trì soạn thảo văn bản",
            None,
            "Các sở, ban, ngành được giao chủ trì soạn thảo văn bản",
        ),
        ("UBND cấp huyện", None, "Ủy ban nhân dân cấp huyện"),
        ("Công an tỉnh Vĩnh Phúc", "Vĩnh Phúc", "Công an tỉnh"),
        ("Sở Nội vụ tỉnh Hải Dương", "Hải Dương", "Sở Nội vụ"),
        ("Giao Sở Tư pháp", None, "Sở Tư pháp"),
        ("Người đứng đầu các cơ quan, đơn vị", None, "Các cơ quan, đơn vị"),
        ("Sở Sở Công thương", None, "Sở Công Thương"),
    ],
)
def test_canonical_names(printed: str, province: str | None, canonical: str) -> None:
    assert canonical_agency(printed, province) == canonical


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông, Sở Tài chính; Sở Tư pháp, Sở Kế hoạch và Đầu tư.",
            [
                "Văn phòng UBND tỉnh",
                "Sở Thông tin và Truyền thông",
                "Sở Tài chính",
                "Sở Tư pháp",
                "Sở Kế hoạch và Đầu tư",
            ],
        ),
        ("Các sở, ban, ngành, Ủy ban nhân\ndân cấp xã", ["Các sở, ban, ngành", "Ủy ban nhân dân cấp xã"]),
        ("Bảo hiểm xã hội\ntỉnh và các cơ quan\ncó liên quan", ["Bảo hiểm xã hội tỉnh", "các cơ quan có liên quan"]),
        (
            "Sở, ban, ngành, cơ quan, đơn vị liên quan và Ủy ban nhân dân cấp xã",
            ["Sở, ban, ngành", "cơ quan, đơn vị liên quan", "Ủy ban nhân dân cấp xã"],
        ),
        (
            "Các cơ quan được giao thực hiện theo Kế hoạch tuyên truyền của UBND tỉnh",
            ["Các cơ quan được giao thực hiện theo Kế hoạch tuyên truyền của UBND tỉnh"],
        ),
        (
            "Các sở, ban ngành, địa phương và đơn vị có liên quan",
            ["Các sở, ban ngành", "địa phương", "đơn vị có liên quan"],
        ),
        (
            "Sở Thông tin và\nTruyền thông và\nVăn phòng UBND\ntỉnh",
            ["Sở Thông tin và Truyền thông", "Văn phòng UBND tỉnh"],
        ),
    ],
)
def test_lists_split_only_between_agencies(text: str, items: list[str]) -> None:
    assert split_agencies(text) == items


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("Giao Sở Nội vụ:", True),
        ("UBND các huyện, thành phố", True),
        ("- Các cơ quan, đơn vị", True),
        ("Chủ trì, phối hợp với các Sở", False),
        ("Thực hiện nghiêm kỷ luật", False),
        ("Các nhiệm vụ trọng tâm", False),
    ],
)
def test_starts_agency(text: str, starts: bool) -> None:
    assert starts_agency(text) is starts


def test_a_word_typed_twice_still_names_a_known_body() -> None:
    assert agency_kind("Sở Sở Công thương") == "so"
    assert agency_kind("Hợp tác xã Hoa Mai") == "other"


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("Bộ Chỉ huy Quân sự tỉnh", True),
        ("Bảo hiểm xã hội tỉnh", True),
        ("Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai", True),
        ("Hội Nông dân", True),
        ("Sở Sở Công thương", True),
        ("Hợp tác xã Hoa Mai", False),
        ("Công ty TNHH Hoa Mai", False),
    ],
)
def test_bodies_of_kind_other_are_known_all_the_same(name: str, known: bool) -> None:
    assert known_agency(name) is known


def test_every_registry_name_is_found_as_itself() -> None:
    """Each named body and field department is found whole in its own name, with that name canonical."""
    reg = registry()
    names = [a.name for a in reg.agency] + [f"{h} {f}" for h in reg.field_heads for f in reg.fields]
    wrong = [
        (name, [(m.printed, m.canonical) for m in find_agencies(name)])
        for name in names
        if [(m.printed, m.canonical) for m in find_agencies(name)] != [(name, name)]
    ]
    assert wrong == []


def _swap_tone(text: str, old_style: bool) -> str:
    pairs = [("Ủy", "Uỷ"), ("ủy", "uỷ"), ("hóa", "hoá"), ("Hòa", "Hoà")]
    for new, old in pairs:
        text = text.replace(new, old) if old_style else text.replace(old, new)
    return text


@given(
    name=st.sampled_from(
        [
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Ủy ban nhân dân cấp xã",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Chủ tịch Ủy ban nhân dân tỉnh",
            "Ủy ban nhân dân các huyện, thị xã, thành phố",
        ]
    ),
    old_style=st.booleans(),
    nfd=st.booleans(),
)
def test_tone_placement_and_normal_form_give_one_canonical(name: str, old_style: bool, nfd: bool) -> None:
    text = _swap_tone(name, old_style)
    if nfd:
        text = unicodedata.normalize("NFD", text)
    assert canonical_agency(text) == canonical_agency(name)
    assert [m.canonical for m in find_agencies(text)] == [m.canonical for m in find_agencies(name)]


@given(
    st.lists(
        st.sampled_from(
            [
                "Sở Nội vụ",
                "VP UBND tỉnh",
                "Các sở, ban, ngành",
                "UBND cấp huyện",
                "Sở Thông tin và Truyền thông",
                "Công an tỉnh",
                "các cơ quan liên quan",
            ]
        ),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    st.sampled_from([", ", "; ", " và ", ",\n"]),
)
def test_joined_lists_split_back(names: list[str], separator: str) -> None:
    assert split_agencies(separator.join(names)) == names


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("Giao các Sở: Tư pháp, Nội vụ và Tài chính phối hợp", "Giao Sở Tư pháp, Sở Nội vụ và Sở Tài chính phối hợp"),
        ("các sở: Công Thương, Y tế... báo cáo", "Sở Công Thương, Sở Y tế báo cáo"),
        ("Các Bộ: Tư pháp, Nội vụ hướng dẫn", "Bộ Tư pháp, Bộ Nội vụ hướng dẫn"),
        # the list stops at a name the head does not make, and leaves what follows alone
        ("các Sở: Tư pháp, Nội vụ, UBND các huyện thực hiện", "Sở Tư pháp, Sở Nội vụ, UBND các huyện thực hiện"),
        ("các sở: sẽ thực hiện", "các sở: sẽ thực hiện"),
        ("Các sở, ban, ngành thực hiện", "Các sở, ban, ngành thực hiện"),
    ],
)
def test_shared_head_is_written_out_for_each_field(text: str, expanded: str) -> None:
    assert expand_shared_heads(text) == expanded


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        # kinds of body listed bare, and lists of kinds, are one item each
        ("Viện, Trường; Sở, ban, ngành có liên quan", ["Viện, Trường", "Sở, ban, ngành"]),
        ("Các Sở, ngành, đơn vị, UBND cấp xã", ["Các Sở, ngành, đơn vị", "UBND cấp xã"]),
        ("Các phòng, ban, đơn vị thuộc và trực thuộc Sở", ["Các phòng, ban, đơn vị"]),
        # mass organisations and numbered regions
        (
            "Liên đoàn Lao động, Hội Nông dân, Liên minh Hợp tác xã",
            ["Liên đoàn Lao động", "Hội Nông dân", "Liên minh Hợp tác xã"],
        ),
        (
            "Mặt trận Tổ quốc tỉnh và các tổ chức chính trị - xã hội",
            ["Mặt trận Tổ quốc tỉnh", "các tổ chức chính trị - xã hội"],
        ),
        ("Ngân hàng nhà nước khu vực XII", ["Ngân hàng nhà nước khu vực XII"]),
        ("Ủy ban nhân dân các phường, xã, đặc khu", ["Ủy ban nhân dân các phường, xã, đặc khu"]),
    ],
)
def test_agency_lists_of_the_2025_plans(text: str, printed: list[str]) -> None:
    assert [m.printed for m in find_agencies(text)] == printed
