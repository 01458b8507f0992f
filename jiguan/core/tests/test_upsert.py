"""The shared fast path of create-or-update importers (jiguan.core.imports.upsert)."""

from __future__ import annotations

import pytest

from jiguan.core.imports.upsert import BAD, ColumnRows, judge_columns, normalise_name


def test_names_compare_without_width_spaces_or_bracket_style() -> None:
    assert normalise_name("浙江省 财政厅（机关）") == normalise_name("浙江省财政厅(机关)")
    assert normalise_name("【杭州】中心") == normalise_name("(杭州)中心")
    assert normalise_name("ＡＢＣ局") == normalise_name("abc局")
    assert normalise_name("浙江省财政厅") != normalise_name("浙江省财政局")


def test_a_column_store_refuses_repeated_keys_and_names_their_positions() -> None:
    store = ColumnRows(("code", "name"), key=lambda row: row[0])
    assert store.add("A", ("A", "甲"), 2)
    refused = store.extend(["B", "A", "C", "B"], [3, 4, 5, 6],
                           [["B", "A", "C", "B"], ["乙", "甲2", "丙", "乙2"]])
    assert refused == [1, 3]
    assert list(store) == [("A", "甲"), ("B", "乙"), ("C", "丙")]
    assert list(store.row) == [2, 3, 5]
    assert store.first_rows(["A", "B"]) == {"A": 2, "B": 3}
    store.drop({"B"})
    assert list(store) == [("A", "甲"), ("C", "丙")]


def test_a_row_is_good_only_when_no_column_judged_it_bad() -> None:
    judged, good = judge_columns(
        [["1", "x", "3"], ["a", "b", ""]],
        [({}, lambda cell: int(cell) if str(cell).isdigit() else BAD),
         (None, lambda cell: cell or BAD)])
    assert judged == [[1, BAD, 3], ["a", "b", BAD]]
    assert good == [True, False, False]


def test_normalise_names_is_normalise_name_of_each() -> None:
    from jiguan.core.imports.upsert import normalise_names

    texts = ["浙江省 财政厅（机关）", "【杭州】中心", "ＡＢＣ局", "", "e\u0301", "\u0301x",
             "Ａ\tＢ", "İstanbul", "浙江省财政局"]
    assert normalise_names(texts) == [normalise_name(t) for t in texts]
    assert normalise_names(["a\0b", "Ｃ"]) == [normalise_name("a\0b"), "c"]
    assert normalise_names([]) == []
    assert normalise_names(["plain", "名称"]) == ["plain", "名称"]


@pytest.mark.django_db
def test_reserved_ids_are_taken_by_no_other_insert() -> None:
    from django.db import transaction

    from jiguan.core.db.bulk import reserve_ids
    from jiguan.core.models import ImportJob

    before = ImportJob.objects.create(kind="orgs.agency", filename="a.csv")
    with transaction.atomic():
        first = reserve_ids(ImportJob, 3)
        second = reserve_ids(ImportJob, 2)
        assert reserve_ids(ImportJob, 0) == []
        assert len(set(first + second)) == 5 and min(first) > before.pk
        assert min(second) > max(first)
        ImportJob.objects.create(pk=first[1], kind="orgs.agency", filename="b.csv")
        after = ImportJob.objects.create(kind="orgs.agency", filename="c.csv")
    assert after.pk > max(second)
