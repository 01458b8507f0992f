"""The person page (orgs) shows the office the person occupies (space, through core.web.panels)."""

from __future__ import annotations

from jiguan.conftest import Cast
from jiguan.space.tests.test_compliance import building, room, seat


def test_the_person_page_shows_the_office_the_person_occupies(cast: Cast) -> None:
    office = room(building(), 18, agency=cast.xihu_agency)
    seat(office, cast.xihu_person)
    page = cast.client("xihu").get(f"/orgs/people/{cast.xihu_person.pk}/").content.decode()
    assert 'data-testid="person-offices"' in page
    assert f'href="/space/rooms/{office.pk}/"' in page
    assert "18.00" in page


def test_a_person_without_an_office_says_so(cast: Cast) -> None:
    page = cast.client("xihu").get(f"/orgs/people/{cast.xihu_person.pk}/").content.decode()
    assert "未登记办公室" in page


def test_users_without_office_space_rights_see_no_panel(cast: Cast) -> None:
    from jiguan.core.web.panels import panels_for

    assert panels_for("orgs.person", cast.sysadmin, cast.xihu_person) == []
    assert panels_for("orgs.person", cast.xihu, cast.xihu_person) != []
