"""The pure rules of the catalogue and the standards."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jiguan.services.catalogue import rules
from jiguan.services.catalogue.data import CATEGORIES, NEGATIVE_LIST
from jiguan.services.standards import rules as srules
from jiguan.services.standards.data import STANDARDS


class Entry:
    def __init__(self, clause: str, text: str, words: tuple[str, ...]) -> None:
        self.clause, self.text, self.keyword_list = clause, text, words


ENTRIES = [Entry(n.clause, n.text, n.keywords) for n in NEGATIVE_LIST]


@pytest.mark.parametrize(("text", "clause"), [
    ("食堂服务人员劳务派遣", "⑤"), ("办公楼装修改造及保洁", "③"), ("会议室融资租赁", "④"),
    ("办公区域保洁", None), ("绿地养护", None)])
def test_negative_list_finds_the_clause(text: str, clause: str | None) -> None:
    hit = rules.negative_hit(text, ENTRIES)
    assert (hit.clause if hit else None) == clause


def test_negative_refusal_cites_article_ten() -> None:
    hit = rules.negative_hit("劳务派遣", ENTRIES)
    assert hit is not None
    message = rules.negative_refusal("劳务派遣", hit)
    assert "第十条⑤" in message and "财政部令第102号" in message


def test_no_seeded_catalogue_item_falls_on_the_negative_list() -> None:
    for cat in CATEGORIES:
        for item in cat.items:
            assert rules.negative_hit(item.name, ENTRIES) is None, item.name


def test_narrowing_only_removes() -> None:
    assert rules.narrowing_refusal(["0101", "0301"], ["0301"]) is None
    refusal = rules.narrowing_refusal(["0101"], ["0101", "0999"])
    assert refusal is not None and "0999" in refusal and "第十一条" in refusal


@pytest.mark.parametrize(("kind", "refused"), [
    ("enterprise", False), ("institution_2", False), ("institution_1", True),
    ("funded_mass_org", True), ("individual", False)])
def test_supplier_eligibility(kind: str, refused: bool) -> None:
    refusal = rules.supplier_refusal(kind)
    assert (refusal is not None) == refused
    if refused:
        assert refusal is not None and "第八条" in refusal


@pytest.mark.parametrize(("cls", "refused"), [
    ("organ", False), ("admin_institution", False), ("institution_1", True),
    ("other_institution", True)])
def test_buyer_eligibility(cls: str, refused: bool) -> None:
    refusal = rules.buyer_refusal(cls)
    assert (refusal is not None) == refused
    if refused:
        assert refusal is not None and "第102号" in refusal
    assert rules.default_buyer_class("01") == "organ"
    assert rules.default_buyer_class("021") == ""


def test_price_position_and_ancestors() -> None:
    low, high = Decimal("3"), Decimal("6")
    assert [rules.price_position(Decimal(p), low, high) for p in ("2.99", "3", "6", "6.01")] \
        == ["below", "within", "within", "above"]
    assert rules.ancestor_paths("/330000/330100/330106/") == [
        "/330000/330100/330106/", "/330000/330100/", "/330000/"]


@pytest.mark.parametrize("standard", STANDARDS, ids=[s.code for s in STANDARDS])
def test_each_shipped_standard_adds_to_100_and_marks_its_sources(standard: object) -> None:
    items = standard.items  # type: ignore[attr-defined]
    assert srules.weight_problem(Decimal(i.weight) for i in items) is None
    for i in items:
        assert srules.deduction_problem(Decimal(i.weight), Decimal(i.deduction)) is None
        assert i.source
        if i.ours:
            assert i.source == "本平台拟定"
        else:
            assert "〔待核实〕" in i.source  # a public source, summarised, to be checked
    assert any(i.ours for i in items) and any(not i.ours for i in items)


def test_item_scores() -> None:
    assert srules.item_score(Decimal(10), Decimal(4), 2) == Decimal(2)
    assert srules.item_score(Decimal(10), Decimal(4), 3) == Decimal(0)
    assert srules.score_problem(Decimal(10), Decimal("10.5")) is not None
    assert srules.score_problem(Decimal(10), Decimal(10)) is None
    assert srules.weight_problem([Decimal(50), Decimal(49)]) == (
        "各条款分值合计应为 100 分，当前为 99 分")
