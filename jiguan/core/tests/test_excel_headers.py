"""Header normalisation and matching."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from jiguan.core.excel import Column, find_header_row, match_columns, normalize_header

_BRACKETS = "()（）[]［］【】〔〕"


def _plain_char(c: str) -> bool:
    folded = unicodedata.normalize("NFKC", c)
    return not any(b in folded for b in _BRACKETS + "*:：")


LABEL_CHARS = st.characters(
    categories=("Lo", "Lu", "Ll", "Nd"), exclude_characters=_BRACKETS
).filter(_plain_char)
UNIT_CHARS = st.characters(codec="utf-8").filter(
    lambda c: not any(b in unicodedata.normalize("NFKC", c) for b in _BRACKETS)
)
labels = st.text(LABEL_CHARS, min_size=1, max_size=12)
units = st.text(UNIT_CHARS, max_size=8)
spaces = st.text(st.sampled_from(" \t\n\r\u3000\xa0"), max_size=4)
PAIRS = (("(", ")"), ("（", "）"), ("[", "]"), ("［", "］"), ("【", "】"))

COLUMNS = [
    Column("name", "单位名称", required=True),
    Column("credit_code", "统一社会信用代码", aliases=("信用代码",), required=True),
    Column("area", "面积"),
    Column("headcount", "编制数"),
]


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_header(text)
    assert normalize_header(once) == once


@given(labels, units, st.sampled_from(PAIRS), st.sampled_from(PAIRS))
def test_bracket_width_and_unit_do_not_matter(
    label: str, unit: str, pair_a: tuple[str, str], pair_b: tuple[str, str]
) -> None:
    bare = normalize_header(label)
    assert normalize_header(f"{label}{pair_a[0]}{unit}{pair_a[1]}") == bare
    assert normalize_header(f"{label}{pair_b[0]}{unit}{pair_b[1]}") == bare


@given(labels, spaces, spaces)
def test_whitespace_around_label_matches(label: str, before: str, after: str) -> None:
    column = Column("x", label, required=True)
    result = match_columns([None, before + label + after], [column])
    assert result.positions == {"x": 1}
    assert not result.missing_required


def test_examples() -> None:
    assert normalize_header("面积(㎡)") == normalize_header("面积")
    assert normalize_header("面积（平方米）") == "面积"
    assert normalize_header("编制数（人）") == "编制数"
    assert normalize_header("实有人数(人)") == "实有人数"
    assert normalize_header("金额[元]") == "金额"
    assert normalize_header("金额【元】：") == "金额"
    assert normalize_header("*单位名称：") == "单位名称"
    assert normalize_header("＊单位\n名称") == "单位名称"
    assert normalize_header("\u3000Credit Code ") == normalize_header("credit code")
    assert normalize_header("（人）") == "(人)"


def test_match_columns_reports_unknown_missing_and_duplicates() -> None:
    result = match_columns(["信用代码", "面积（㎡）", "备注", "面积", "", None], COLUMNS)
    assert result.positions == {"credit_code": 0, "area": 1}
    assert result.unknown == ["备注"]
    assert result.duplicates == ["面积"]
    assert [c.field for c in result.missing_required] == ["name"]


def test_find_header_row_skips_title_and_blank_rows() -> None:
    rows: list[list[object]] = [
        ["单位名录（2025年度清查）", "", ""],
        ["", "", ""],
        ["单位名称", "统一社会信用代码", "编制数（人）"],
        ["浙江省教育厅", "11330000074833785L", 321],
    ]
    assert find_header_row(rows, COLUMNS) == 2
    assert find_header_row(rows[:2], COLUMNS) is None
    assert find_header_row(rows, COLUMNS, max_scan=2) is None


def test_find_header_row_without_required_columns_needs_half() -> None:
    optional = [Column("a", "甲"), Column("b", "乙"), Column("c", "丙"), Column("d", "丁")]
    assert find_header_row([["甲"], ["甲", "乙"]], optional) == 1


def _per_fruit(text: str) -> str | None:
    """A family of columns: "苹果（斤）", "梨(kg)" … one field per header as written."""
    name = text.split("（")[0].split("(")[0].strip()
    return f"fruit:{text}" if name in {"苹果", "梨"} else None


FAMILY = [
    Column("name", "单位名称", required=True),
    Column("fruit:苹果（斤）", "苹果（斤）", claim=_per_fruit),
    Column("fruit:梨（斤）", "梨（斤）", claim=_per_fruit),
]


def test_a_claim_maps_headers_no_column_names_to_fields_of_their_own() -> None:
    result = match_columns(["单位名称", "苹果（斤）", "苹果(kg)", "梨", "备注"], FAMILY)
    assert result.positions == {"name": 0, "fruit:苹果（斤）": 1, "fruit:苹果(kg)": 2,
                                "fruit:梨": 3}
    assert result.unknown == ["备注"]
    assert not result.missing_required


def test_a_claimed_column_is_never_matched_by_its_name() -> None:
    # "梨（kg）" normalises to "梨", as the label "梨（斤）" does: only the claim decides.
    result = match_columns(["单位名称", "梨（kg）"], FAMILY)
    assert result.positions == {"name": 0, "fruit:梨（kg）": 1}


def test_columns_named_by_label_come_before_claims_and_repeats_are_duplicates() -> None:
    def greedy(text: str) -> str:
        return f"any:{text}"

    columns = [Column("name", "单位名称", required=True), Column("any:x", "x", claim=greedy)]
    result = match_columns(["单位名称（全称）", "甲", "甲", "单位名称"], columns)
    assert result.positions == {"name": 0, "any:甲": 1}
    assert result.duplicates == ["甲", "单位名称"]


def test_a_header_row_is_found_with_a_family_of_columns_below_a_title() -> None:
    rows: list[list[object]] = [["苹果（斤）统计表", "", ""],
                                ["单位名称", "苹果（斤）", "梨（kg）"]]
    assert find_header_row(rows, FAMILY) == 1


def test_without_claims_every_unnamed_header_stays_unknown() -> None:
    result = match_columns(["单位名称", "苹果（斤）"], [Column("name", "单位名称")])
    assert result.unknown == ["苹果（斤）"]
