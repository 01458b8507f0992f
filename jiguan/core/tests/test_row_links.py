"""RowLink gives what reverse gives."""

from __future__ import annotations

from django.urls import reverse

from jiguan.core.web.links import RowLink


def test_row_link_matches_reverse() -> None:
    room = RowLink("space:room_detail")
    floor = RowLink("space:floor", 2)
    for pk in (1, 42, 987654321):
        assert room(pk) == reverse("space:room_detail", args=[pk])
        for number in (-2, 0, 3, 12):
            assert floor(pk, number) == reverse("space:floor", args=[pk, number])
