"""Verdicts by cell value (jiguan.core.excel.column_checks): each distinct keyable value is
decided once, across chunks; values that could be confused (True == 1) are never cached."""

from __future__ import annotations

from jiguan.core.excel.column_checks import all_blank, keyable, verdicts


def test_each_distinct_value_is_decided_once_across_calls() -> None:
    decided: list[object] = []
    known: dict[object, object] = {}

    def decide(cell: object) -> object:
        decided.append(cell)
        return f"<{cell}>"

    assert verdicts(["a", "b", "a", None], known, decide) == ["<a>", "<b>", "<a>", "<None>"]
    assert verdicts(["b", "c"], known, decide) == ["<b>", "<c>"]
    assert decided == ["a", "b", None, "c"]


def test_a_boolean_is_never_taken_for_one() -> None:
    known: dict[object, object] = {}
    assert verdicts([1, True, 1.0, True], known, repr) == ["1", "True", "1", "True"]
    assert all(type(k) is not bool for k in known) and len(known) == 1


def test_pairs_of_cells_are_decided_once_and_a_pair_with_a_boolean_is_not_cached() -> None:
    decided: list[object] = []
    known: dict[object, object] = {}

    def decide(pair: object) -> object:
        decided.append(pair)
        return pair

    pairs: list[object] = [("电", "kWh"), ("电", "kWh"), ("电", True), ("电", True)]
    assert verdicts(pairs, known, decide, all_keyable=False) == pairs
    assert decided == [("电", "kWh"), ("电", True), ("电", True)]
    assert keyable(("电", None)) and not keyable(("电", True)) and not keyable([1])
    assert all_blank([None, "", None]) and not all_blank([None, " "])
