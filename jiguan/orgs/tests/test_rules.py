"""Tests of the pure official rules in jiguan.orgs.rules (no Django settings needed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from jiguan.orgs import rules
from jiguan.orgs.rules import (
    AGENCY_TYPES,
    CREDIT_CODE_CHARSET,
    RANKS,
    AgencyLevel,
    credit_code_check_char,
    credit_code_problem,
    credit_code_region,
    headcount_problem,
    normalize_credit_code,
    org_code_check_char,
    parse_agency_type,
    parse_level,
    parse_rank,
    rank_label,
    rank_problem,
    ranks_for_level,
)

# Codes printed on real documents of a provincial government; valid by both checks.
REAL_CODES = [
    "11330000398259791K",
    "11330000074833785L",
    "11330000623286017C",
    "11330000040479669A",
]

prefixes = st.text(alphabet=CREDIT_CODE_CHARSET, min_size=17, max_size=17)


@st.composite
def valid_codes(draw: st.DrawFn) -> str:
    """Codes valid by every rule: authority, region digits, GB 11714 and GB 32100."""
    authority = draw(st.sampled_from(sorted(rules.REGISTRATION_AUTHORITIES)))
    category = draw(st.sampled_from(CREDIT_CODE_CHARSET))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    body = draw(st.text(alphabet=CREDIT_CODE_CHARSET, min_size=8, max_size=8))
    first17 = authority + category + region + body + org_code_check_char(body)
    return first17 + credit_code_check_char(first17)


# --- credit codes: real examples and every message -----------------------------------


@pytest.mark.parametrize("code", REAL_CODES)
def test_it_accepts_real_credit_codes(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_pass_the_gb_11714_organisation_code_check(code: str) -> None:
    assert org_code_check_char(code[8:16]) == code[16]


@pytest.mark.parametrize("code", REAL_CODES)
def test_the_check_character_of_real_codes_is_recomputed(code: str) -> None:
    assert credit_code_check_char(code[:17]) == code[17]


def test_it_accepts_a_code_whose_organisation_code_starts_with_letters() -> None:
    assert credit_code_problem("11320000MB151840XJ") is None


def test_it_rejects_a_wrong_check_character() -> None:
    assert credit_code_problem("113300003982597910") == "校验码错误：第18位应为“K”，实为“0”"


def test_it_names_the_length_when_too_short() -> None:
    assert credit_code_problem("1133000039825979") == "统一社会信用代码应为18位，当前为16位"


def test_it_names_the_length_when_empty() -> None:
    assert credit_code_problem("") == "统一社会信用代码应为18位，当前为0位"


@pytest.mark.parametrize("char", list("IOZSV"))
def test_it_rejects_letters_the_standard_leaves_out(char: str) -> None:
    code = "1133000039825979" + char + "K"
    assert credit_code_problem(code) == f"包含无效字符“{char}”（不得使用 I、O、Z、S、V）"


def test_it_asks_for_capital_letters() -> None:
    assert credit_code_problem("11330000398259791k") == "包含小写字母“k”，字母应为大写"


def test_it_rejects_punctuation() -> None:
    problem = credit_code_problem("1133000039825979-K")
    assert problem is not None
    assert problem.startswith("包含无效字符“-”")


def test_it_rejects_an_unknown_registration_authority() -> None:
    first17 = "B1330000398259791"
    code = first17 + credit_code_check_char(first17)
    assert credit_code_problem(code) == "第1位登记管理部门代码“B”无效，应为1-9、A、N、Y之一"


def test_it_rejects_letters_in_the_region_code() -> None:
    first17 = "1133A000398259791"
    code = first17 + credit_code_check_char(first17)
    assert credit_code_problem(code) == "第3-8位登记管理机关行政区划码应为6位数字"


def test_it_rejects_a_wrong_organisation_code_check_digit() -> None:
    # Position 17 changed from 1 to 2 and position 18 recomputed: only GB 11714 fails.
    first17 = "11330000398259792"
    code = first17 + credit_code_check_char(first17)
    assert credit_code_problem(code) == "组织机构代码（第9-17位）校验位错误"


def test_the_organisation_code_check_writes_ten_as_x() -> None:
    assert org_code_check_char("MB151840") == "X"


def test_the_organisation_code_check_writes_eleven_as_zero() -> None:
    # The weighted sum is 0, so C9 = 11 - 0 = 11, written "0".
    assert org_code_check_char("00000000") == "0"


def test_the_check_character_writes_thirty_one_as_zero() -> None:
    assert credit_code_check_char("0" * 17) == "0"


def test_check_char_refuses_a_prefix_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="17"):
        credit_code_check_char("1133")


def test_check_char_refuses_characters_outside_the_charset() -> None:
    with pytest.raises(ValueError, match="charset"):
        credit_code_check_char("1133000039825979I")


def test_weights_are_powers_of_three_modulo_31() -> None:
    assert rules.CREDIT_CODE_WEIGHTS == (
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    )  # fmt: skip


def test_it_reads_the_region_code() -> None:
    assert credit_code_region("11330000398259791K") == "330000"


def test_region_refuses_a_code_without_one() -> None:
    with pytest.raises(ValueError, match="region"):
        credit_code_region("1133")


def test_normalize_folds_full_width_spaces_and_case() -> None:
    assert normalize_credit_code(" １１３３0000 398259791k ") == "11330000398259791K"


def test_the_django_validator_raises_the_same_message() -> None:
    with pytest.raises(ValidationError) as info:
        rules.validate_credit_code("113300003982597910")
    assert info.value.messages == ["校验码错误：第18位应为“K”，实为“0”"]
    rules.validate_credit_code(REAL_CODES[0])


# --- credit codes: properties ----------------------------------------------------------


@given(prefixes)
def test_appending_the_check_char_always_gives_a_consistent_code(first17: str) -> None:
    code = first17 + credit_code_check_char(first17)
    assert code[17] in CREDIT_CODE_CHARSET
    problem = credit_code_problem(code)
    assert problem is None or not problem.startswith("校验码错误")


@given(valid_codes())
def test_generated_valid_codes_pass(code: str) -> None:
    assert credit_code_problem(code) is None


@given(
    st.one_of(st.sampled_from(REAL_CODES), valid_codes()),
    st.integers(min_value=0, max_value=17),
    st.characters(codec="ascii", categories=["L", "N", "P", "S"]),
)
def test_any_single_substitution_of_a_valid_code_is_detected(
    code: str, position: int, char: str
) -> None:
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1 :]
    assert credit_code_problem(changed) is not None


@given(prefixes, st.integers(min_value=0, max_value=16), st.sampled_from(CREDIT_CODE_CHARSET))
def test_the_mod_31_check_alone_detects_every_substitution_in_positions_1_to_17(
    first17: str, position: int, char: str
) -> None:
    # Weights 3**i mod 31 are never 0 and 31 is prime, so a change of value d (0 < |d| < 31)
    # moves the weighted sum by d*w, which is never a multiple of 31.
    if first17[position] == char:
        return
    changed = first17[:position] + char + first17[position + 1 :]
    assert credit_code_check_char(changed) != credit_code_check_char(first17)


@given(prefixes, st.integers(min_value=0, max_value=15))
def test_the_mod_31_check_detects_every_adjacent_transposition_in_positions_1_to_17(
    first17: str, position: int
) -> None:
    # w(i+1) = 3*w(i), so swapping values a, b changes the sum by 2*w(i)*(a-b) ≢ 0 (mod 31).
    a, b = first17[position], first17[position + 1]
    if a == b:
        return
    swapped = first17[:position] + b + a + first17[position + 2 :]
    assert credit_code_check_char(swapped) != credit_code_check_char(first17)


# --- levels ------------------------------------------------------------------------------


def test_levels_carry_chinese_labels() -> None:
    assert [(level.value, level.label) for level in AgencyLevel] == [
        ("province", "省级"),
        ("city", "市级"),
        ("county", "县级"),
        ("township", "乡级"),
    ]
    assert AgencyLevel.choices()[0] == ("province", "省级")
    assert AgencyLevel.CITY == "city"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("省级", "province"),
        ("省", "province"),
        ("省级机关", "province"),
        (" 省直机关 ", "province"),
        ("province", "province"),
        ("市级", "city"),
        ("市", "city"),
        ("市（地、州、盟）级", "city"),
        ("县级", "county"),
        ("县", "county"),
        ("区级", "county"),
        ("县(市、区)级", "county"),
        ("县（市、区）级", "county"),
        ("县级机关", "county"),
        ("乡级", "township"),
        ("乡", "township"),
        ("镇", "township"),
        ("乡镇级", "township"),
        ("街道", "township"),
        ("COUNTY", "county"),
    ],
)
def test_it_reads_levels_as_people_write_them(text: str, level: str) -> None:
    assert parse_level(text) == level


@pytest.mark.parametrize("text", ["", None, "中央", "部级", "村", "省级正职", "机关"])
def test_it_reads_no_level_from_other_text(text: str | None) -> None:
    assert parse_level(text) is None


# --- agency types --------------------------------------------------------------------------


def test_agency_types_are_the_statistics_codes() -> None:
    assert list(AGENCY_TYPES) == ["01", "021", "022", "023", "024", "025", "026", "03"]
    assert AGENCY_TYPES["024"] == "事业单位（卫生）"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("01", "01"),
        ("021", "021"),
        ("国家机关", "01"),
        ("事业单位（教育）", "021"),
        ("事业单位(科技)", "022"),
        (" 社会团体 ", "03"),
        ("1", "01"),
        ("26", "026"),
        ("3", "03"),
    ],
)
def test_it_reads_agency_types_by_code_or_label(text: str, code: str) -> None:
    assert parse_agency_type(text) == code


@pytest.mark.parametrize("text", ["", None, "02", "027", "4", "事业单位", "企业"])
def test_it_reads_no_agency_type_from_other_text(text: str | None) -> None:
    assert parse_agency_type(text) is None


# --- ranks ----------------------------------------------------------------------------------


def test_rank_codes_are_unique_across_levels() -> None:
    codes = [rank.code for ranks in RANKS.values() for rank in ranks]
    assert len(codes) == len(set(codes))


def test_every_level_has_ranks_ordered_from_the_most_senior() -> None:
    assert set(RANKS) == {level.value for level in AgencyLevel}
    for ranks in RANKS.values():
        assert [rank.order for rank in ranks] == list(range(1, len(ranks) + 1))


def test_provincial_ranks_follow_the_2014_standard() -> None:
    assert [rank.label for rank in ranks_for_level("province")] == [
        "省级正职",
        "省级副职",
        "正厅(局)级",
        "副厅(局)级",
        "正处级",
        "副处级",
        "处级以下",
    ]


def test_it_has_no_ranks_for_an_unknown_level() -> None:
    assert ranks_for_level("central") == ()


def test_it_labels_rank_codes() -> None:
    assert rank_label("section_head") == "正科级"
    assert rules.rank_level("section_head") == "county"


def test_it_accepts_a_rank_of_the_agencys_level() -> None:
    assert rank_problem("county", "section_head") is None


def test_it_rejects_a_rank_of_another_level_and_lists_the_choices() -> None:
    assert rank_problem("county", "division_head") == (
        "职级“正处级”不属于县级机关，可选：县级正职、县级副职、正科级、副科级、科级以下"
    )


def test_it_rejects_an_unknown_rank_code() -> None:
    assert rank_problem("township", "nope") == "职级“nope”无效，可选：乡级正职、乡级副职、乡级以下"


def test_it_rejects_an_unknown_level() -> None:
    assert rank_problem("central", "section_head") == "机关级别“central”无效"


@pytest.mark.parametrize(
    ("level", "text", "code"),
    [
        ("province", "正厅(局)级", "bureau_head"),
        ("province", "正厅（局）级", "bureau_head"),
        ("province", "正厅级", "bureau_head"),
        ("province", "正局级", "bureau_head"),
        ("province", "副厅级", "bureau_deputy"),
        ("province", "正处级", "division_head"),
        ("province", "处级以下", "below_division"),
        ("province", "bureau_head", "bureau_head"),
        ("city", "正局级", "bureau_head_city"),
        ("city", "副局（处）级", "bureau_deputy_city"),
        ("city", "局处级以下", "below_bureau_city"),
        ("county", " 正科级 ", "section_head"),
        ("township", "乡级正职", "township_head"),
    ],
)
def test_it_reads_rank_labels_in_their_variants(level: str, text: str, code: str) -> None:
    assert parse_rank(level, text) == code


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("county", "正处级"),
        ("county", "division_head"),
        ("province", "正科级"),
        ("province", ""),
        ("province", None),
        ("central", "正厅级"),
    ],
)
def test_it_reads_no_rank_outside_the_level(level: str, text: str | None) -> None:
    assert parse_rank(level, text) is None


@given(st.sampled_from([rank for ranks in RANKS.values() for rank in ranks]))
def test_every_rank_label_parses_back_to_its_code(rank: rules.Rank) -> None:
    level = rules.rank_level(rank.code)
    assert parse_rank(level, rank.label) == rank.code
    assert parse_rank(level, rank.label.replace("(", "（").replace(")", "）")) == rank.code


# --- headcounts -----------------------------------------------------------------------------


def test_it_rejects_a_negative_headcount() -> None:
    assert headcount_problem(-1, "编制数") == "编制数不能为负数"


@pytest.mark.parametrize("value", [None, 0, 1, 350])
def test_it_accepts_empty_or_non_negative_headcounts(value: int | None) -> None:
    assert headcount_problem(value, "编制数") is None


def test_it_rejects_a_headcount_that_is_not_a_whole_number() -> None:
    assert headcount_problem(True, "实有人数") == "实有人数应为整数"
