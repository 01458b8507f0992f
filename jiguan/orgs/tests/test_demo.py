"""The demo data generator and the `demo` command."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from jiguan.access.models import Grant, Region, User
from jiguan.audit.models import AuditEvent
from jiguan.core.deploy.demo_password import DEMO_PASSWORD, DEMO_USERNAMES
from jiguan.orgs import demo, rules
from jiguan.orgs.models import Agency, Bureau, Person, PersonStatus


@pytest.fixture(scope="module")
def small() -> demo.DemoData:
    return demo.generate("small", 7, agencies=50, people=300)


def test_same_seed_gives_identical_data(small: demo.DemoData) -> None:
    again = demo.generate("small", 7, agencies=50, people=300)
    assert again.digest() == small.digest()
    assert again.agencies == small.agencies
    assert again.people == small.people


def test_another_seed_gives_other_data(small: demo.DemoData) -> None:
    assert demo.generate("small", 8, agencies=50, people=300).digest() != small.digest()


def test_it_generates_the_counts_asked_for(small: demo.DemoData) -> None:
    assert len(small.agencies) == 50
    assert len(small.people) == 300
    assert all(count > 0 for count in Counter(p.agency_key for p in small.people).values())
    assert {p.agency_key for p in small.people} == {a.key for a in small.agencies}


def test_default_small_scale_is_one_city() -> None:
    data = demo.generate("small", 1)
    assert (len(data.agencies), len(data.people)) == (300, 5_000)
    assert {a.region_code[:4] for a in data.agencies} == {"3300", "3301"}


def test_province_scale_covers_every_city_and_county() -> None:
    levels = Counter(r.level for r in demo.demo_regions("province"))
    assert levels == {"province": 1, "city": 11, "county": 90}


def test_credit_codes_are_valid_and_unique(small: demo.DemoData) -> None:
    codes = [a.credit_code for a in small.agencies]
    assert len(set(codes)) == len(codes)
    for agency in small.agencies:
        assert rules.credit_code_problem(agency.credit_code) is None, agency
        assert rules.credit_code_region(agency.credit_code) == agency.region_code


def test_it_avoids_credit_codes_already_taken(small: demo.DemoData) -> None:
    taken = {a.credit_code for a in small.agencies}
    again = demo.generate("small", 7, agencies=50, people=300, taken_codes=taken)
    assert not taken & {a.credit_code for a in again.agencies}


def test_ranks_are_valid_for_the_agency_level(small: demo.DemoData) -> None:
    level = {a.key: a.level for a in small.agencies}
    for person in small.people:
        assert rules.rank_problem(level[person.agency_key], person.rank) is None, person
    # Mostly junior: the lowest ranks of each level outnumber the rest.
    lowest = {ranks[-1].code for ranks in rules.RANKS.values()}
    assert sum(p.rank in lowest for p in small.people) > len(small.people) / 2


def test_people_who_left_have_a_date_and_headcounts_count_who_serves() -> None:
    data = demo.generate("small", 3, agencies=60, people=2_000)
    left = [p for p in data.people if p.status != PersonStatus.SERVING]
    assert left
    assert all(p.status_date is not None for p in left)
    serving = Counter(p.agency_key for p in data.people if p.status == PersonStatus.SERVING)
    for agency in data.agencies:
        assert agency.actual_headcount == serving[agency.key]
        assert agency.authorized_headcount >= agency.actual_headcount


def test_names_follow_the_local_pattern(small: demo.DemoData) -> None:
    names = {a.name for a in small.agencies}
    assert "浙江省人民政府办公厅" in names
    assert "杭州市西湖区人民政府办公室" in names
    regions = {r.code: r for r in small.regions}
    for agency in small.agencies:
        region = regions[agency.region_code]
        assert agency.name.startswith((region.prefix, region.name)), agency


def test_chinese_numbers() -> None:
    assert [demo.chinese_number(n) for n in (1, 10, 12, 20, 101, 110, 1005)] == [
        "一", "十", "十二", "二十", "一百零一", "一百一十", "一千零五"]


@pytest.mark.django_db
def test_load_writes_agencies_people_bureaus_and_demo_accounts(small: demo.DemoData) -> None:
    result = demo.load(small)
    assert (result.agencies, result.people) == (50, 300)
    assert Agency.objects.count() == 50
    assert Person.objects.count() == 300
    assert Agency.objects.filter(parent__isnull=False).exists()
    assert Bureau.objects.count() == Region.objects.exclude(level="township").count() == 102
    assert Bureau.objects.get(region__code="330000").name == "浙江省机关事务管理局"
    assert Bureau.objects.get(region__code="330100").name == "杭州市机关事务管理局"
    assert Bureau.objects.get(region__code="330106").name == "杭州市西湖区机关事务管理局"
    assert sorted(result.users) == sorted(DEMO_USERNAMES)
    reporter = Grant.objects.get(user__username="demo_reporter")
    assert reporter.agency is not None
    assert reporter.agency.region.code == "330106"
    assert Grant.objects.get(user__username="demo_admin").region.code == "330000"


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_demo_accounts_log_in_at_once(small: demo.DemoData, username: str) -> None:
    demo.load(small)
    client = Client()
    response = client.post(reverse("access:login"),
                           {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    # No forced password change: the next page is not the change form.
    assert reverse("access:password_change") not in response["Location"]


@pytest.mark.django_db
def test_the_command_seeds_once_and_then_declines() -> None:
    out = StringIO()
    call_command("demo", "--scale", "small", "--seed", "1", "--agencies", "30",
                 "--people", "100", "-v", "0", stdout=out)
    assert "演示账号 demo_admin" in out.getvalue()
    assert Agency.objects.count() == 30
    out = StringIO()
    call_command("demo", "--agencies", "30", "--people", "100", stdout=out)
    assert "数据库中已有单位数据，未生成演示数据" in out.getvalue()
    assert Agency.objects.count() == 30
    out = StringIO()
    call_command("demo", "--agencies", "30", "--people", "100", "--force", "-v", "0",
                 stdout=out)
    assert Agency.objects.count() == 60
    assert "演示账号" not in out.getvalue()  # the accounts existed already


@pytest.mark.django_db
def test_the_command_refuses_in_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="生产环境"):
        call_command("demo", stdout=StringIO())
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_a_second_start_prints_the_demo_login_again_in_development(settings: object) -> None:
    call_command("demo", "--agencies", "30", "--people", "100", "-v", "0", stdout=StringIO())
    settings.JIGUAN_ENV = "development"  # type: ignore[attr-defined]
    out = StringIO()
    call_command("demo", "--agencies", "30", "--people", "100", stdout=out)
    assert "数据库中已有单位数据" in out.getvalue()
    assert "演示账号 demo_admin / Jiguan@2026demo" in out.getvalue()
    settings.JIGUAN_ENV = "production"  # type: ignore[attr-defined]
    out = StringIO()
    call_command("demo", "--agencies", "30", "--people", "100", stdout=out)
    assert "Jiguan@2026demo" not in out.getvalue()


@pytest.mark.django_db
def test_the_demo_grants_are_made_by_the_demo_security_admin(small: demo.DemoData) -> None:
    """三员分立: granting is the 安全管理员's duty, in the demo too (docs/adr/0008)."""
    demo.load(small)
    secadmin = User.objects.get(username="demo_secadmin")
    events = AuditEvent.objects.filter(event_type="access.grant.created")
    assert events.count() == len(DEMO_USERNAMES) - 1  # all but the 安全管理员's own
    assert set(events.values_list("actor", flat=True)) == {secadmin.pk}
