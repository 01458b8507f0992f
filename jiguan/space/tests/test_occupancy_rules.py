"""The occupancy rules hold in the actions, whatever the path (page, API, import,
inventory): no room for an archived agency; a person is seated only in a room of their
agency, or of the agency of their concurrent post."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jiguan.conftest import Cast
from jiguan.orgs.actions import agency_set_status, concurrent_post_create
from jiguan.space.register import actions
from jiguan.space.register.models import Occupant
from jiguan.space.tests.test_compliance import building, room

TODAY = dt.date(2026, 3, 1)


def test_no_room_is_allocated_to_an_archived_agency(cast: Cast) -> None:
    agency_set_status(agency=cast.xihu_agency, status="abolished", date=dt.date(2026, 1, 1),
                      actor=cast.province_admin)
    with pytest.raises(ValidationError) as info:
        actions.occupancy_start(room=room(building()), agency=cast.xihu_agency,
                                start_date=TODAY, actor=cast.xihu)
    assert info.value.message_dict["agency"] == ["杭州市西湖区测试局已撤销，不能分配用房"]


def test_a_person_is_seated_only_in_a_room_of_their_agency(cast: Cast) -> None:
    other = room(building(), agency=cast.hangzhou_agency)
    with pytest.raises(ValidationError) as info:
        actions.occupant_start(room=other, person=cast.xihu_person, start_date=TODAY,
                               actor=cast.province_admin)
    assert info.value.message_dict["person"] == [
        f"{cast.xihu_person.name}不属于本房间的使用单位（{cast.hangzhou_agency.name}）"]
    unallocated = room(building())
    with pytest.raises(ValidationError, match="尚未登记使用单位"):
        actions.occupant_start(room=unallocated, person=cast.xihu_person, start_date=TODAY,
                               actor=cast.province_admin)
    assert not Occupant.objects.exists()
    own = room(building(), agency=cast.xihu_agency)
    actions.occupant_start(room=own, person=cast.xihu_person, start_date=TODAY,
                           actor=cast.province_admin)
    assert Occupant.objects.filter(room=own, person=cast.xihu_person).exists()


def test_a_concurrent_post_seats_the_person_in_the_posts_agency(cast: Cast) -> None:
    post = concurrent_post_create(person=cast.xihu_person, agency=cast.hangzhou_agency,
                                  post="兼任副主任", start_date=dt.date(2025, 1, 1),
                                  approved=True, approval_doc="杭机事〔2025〕1号",
                                  actor=cast.province_admin)
    office = room(building(), agency=cast.hangzhou_agency)
    actions.occupant_start(room=office, person=cast.xihu_person, start_date=TODAY,
                           actor=cast.province_admin, concurrent_post=post)
    assert Occupant.objects.filter(room=office, concurrent_post=post).exists()
