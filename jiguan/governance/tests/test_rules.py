"""The pure rules of the library: document numbers, articles, validity, cycles, snippets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from jiguan.governance.library import policy, rules


@pytest.mark.parametrize(("text", "parts"), [
    ("浙机事发〔2018〕12号", ("浙机事发〔2018〕12号", "浙机事发", 2018, 12)),
    ("浙机事发[2018]12号", ("浙机事发〔2018〕12号", "浙机事发", 2018, 12)),
    ("杭机管发（2022）第8号", ("杭机管发〔2022〕8号", "杭机管发", 2022, 8)),
    ("国务院令第621号", ("国务院令第621号", "国务院令", None, 621)),
    ("GB/T 2589-2020", ("GB/T 2589-2020", "GB/T 2589", 2020, None)),
])
def test_document_numbers_are_parsed(text: str, parts: tuple[object, ...]) -> None:
    parsed = rules.parse_number(text)
    assert parsed is not None
    assert (parsed.number, parsed.issuer_code, parsed.year, parsed.serial) == parts


@pytest.mark.parametrize("text", ["", "12号", "浙机事发〔18〕12号", "浙机事发〔1800〕1号", "随便"])
def test_bad_document_numbers_are_refused(text: str) -> None:
    assert rules.parse_number(text) is None


@pytest.mark.parametrize(("cn", "n"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20),
                                        ("二十三", 23), ("一百零五", 105), ("一百二十", 120)])
def test_chinese_numerals(cn: str, n: int) -> None:
    assert rules.cn_number(cn) == n
    assert rules.cn_label(n) == cn


def test_articles_are_split_with_their_chapters() -> None:
    arts = rules.split_text("某某办法\n第一章 总则\n第一条 目的。\n续行。\n第二条　范围。\n"
                            "第二章 附则\n第三条 施行。")
    assert [(a.seq, a.label, a.chapter) for a in arts] == [
        (1, "第一条", "第一章 总则"), (2, "第二条", "第一章 总则"), (3, "第三条", "第二章 附则")]
    assert arts[0].text == "目的。\n续行。"


def test_articles_out_of_order_or_missing_are_refused() -> None:
    with pytest.raises(rules.ArticleError, match="条号不连续"):
        rules.split_text("第一条 甲。\n第三条 丙。")
    with pytest.raises(rules.ArticleError, match="未识别到条文"):
        rules.split_text("没有条文的一段话")


def test_default_validity_five_years_and_two_for_provisional() -> None:
    assert rules.default_valid_until(dt.date(2020, 3, 1), provisional=False) == \
        dt.date(2025, 2, 28)
    assert rules.default_valid_until(dt.date(2020, 3, 1), provisional=True) == \
        dt.date(2022, 2, 28)
    assert rules.is_provisional("公务用车管理暂行办法")
    assert rules.is_provisional("试行规定")
    assert not rules.is_provisional("管理办法")


@override_settings(JIGUAN_GOVERNANCE_VALIDITY_YEARS=3, JIGUAN_GOVERNANCE_PROVISIONAL_YEARS=1)
def test_validity_is_configurable() -> None:
    assert rules.default_valid_until(dt.date(2020, 1, 1), provisional=False) == \
        dt.date(2022, 12, 31)
    assert rules.default_valid_until(dt.date(2020, 1, 1), provisional=True) == \
        dt.date(2020, 12, 31)


def test_replacement_cycles() -> None:
    edges = {1: [2], 2: [3]}
    assert rules.creates_cycle(edges, 3, 1)
    assert rules.creates_cycle(edges, 4, 4)
    assert not rules.creates_cycle(edges, 1, 3)


def test_snippet_highlights_the_hit() -> None:
    s = rules.snippet("各单位应当在核定面积内使用办公用房，不得出租。", "办公用房", width=4)
    assert s is not None
    assert (s.before, s.hit, s.after) == ("…积内使用", "办公用房", "，不得出…")
    assert rules.snippet("abc", "x") is None


def test_every_policy_use_names_an_importable_module() -> None:
    import importlib

    for use in policy.REGISTRY:
        importlib.import_module(use.module)
        assert use.number and use.article and use.what
