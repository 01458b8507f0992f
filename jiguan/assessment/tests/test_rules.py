"""The scoring rules: pure functions, so the same inputs always give the same score."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jiguan.assessment.schemes import rules


def test_linear_scores_in_proportion_and_within_the_points() -> None:
    assert rules.linear(D(50), D(40), D(0), D(100)).score == D("20.00")
    assert rules.linear(D(-5), D(40), D(0), D(100)).score == D("0.00")
    assert rules.linear(D(130), D(40), D(0), D(100)).score == D("40.00")
    outcome = rules.linear(D(75), D(10), D(50), D(100))
    assert outcome.score == D("5.00") and "(75 − 50) ÷ (100 − 50)" in outcome.formula


def test_linear_where_less_is_better_has_its_target_below_the_floor() -> None:
    # over-standard area: 1,000 m² scores nothing, 0 m² everything
    assert rules.linear(D(250), D(20), D(1000), D(0)).score == D("15.00")
    assert rules.linear(D(1500), D(20), D(1000), D(0)).score == D("0.00")


def test_thresholds_take_the_first_bound_reached() -> None:
    steps = rules.parse_steps("95:100， 80：60")
    assert steps == [(D(95), D(100)), (D(80), D(60))]
    assert rules.threshold(D(96), D(10), steps, True).score == D("10.00")
    assert rules.threshold(D(85), D(10), steps, True).score == D("6.00")
    assert rules.threshold(D(10), D(10), steps, True).score == D("0")
    low = rules.parse_steps("100:100, 500:50")
    assert rules.threshold(D(300), D(10), low, False).score == D("5.00")


@pytest.mark.parametrize(("text", "message"), [
    ("", "至少需要一档"), ("95", "应写作“界值:得分比例”"), ("a:100", "应写作“界值:得分比例”"),
    ("95:120", "得分比例应在 0 至 100 之间")])
def test_bad_steps_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(rules.RuleError, match=message):
        rules.parse_steps(text)


def test_rank_places_share_ties_and_skip_missing() -> None:
    assert rules.rank_places([D(50), D(80), D(50), None], True) == [2, 1, 2, None]
    assert rules.rank_places([D(50), D(80), D(50)], False) == [1, 3, 1]
    assert rules.rank(1, 3, D(60), D(60)).score == D("60.00")
    assert rules.rank(3, 3, D(60), D(60)).score == D("36.00")
    assert rules.rank(2, 3, D(60), D(60)).score == D("48.00")
    assert rules.rank(1, 1, D(60), D(60)).score == D("60.00")
    assert rules.competition_ranks([D(90), D(95), D(90), D(80)]) == [2, 1, 2, 4]


def test_rule_checks_name_the_field() -> None:
    assert rules.check("linear", higher_is_better=True, floor=D(80), target=D(60), steps="",
                       last_share=None) == {"target": "该指标越大越好，目标值须高于起评值（80）"}
    assert rules.check("linear", higher_is_better=False, floor=D(80), target=D(90), steps="",
                       last_share=None) == {"target": "该指标越小越好，目标值须低于起评值（80）"}
    assert "floor" in rules.check("linear", higher_is_better=True, floor=None, target=D(1),
                                  steps="", last_share=None)
    assert rules.check("rank", higher_is_better=True, floor=None, target=None, steps="",
                       last_share=D(120)) == {
        "last_share": "组内排名规则须填末位得分比例（0 至 100）"}
    assert rules.check("", higher_is_better=True, floor=None, target=None, steps="",
                       last_share=None) == {"rule": "数据计算指标须选择计分规则"}
    assert rules.check("threshold", higher_is_better=True, floor=None, target=None,
                       steps="90:100", last_share=None) == {}
