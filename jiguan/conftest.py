"""The standing cast every test can use, and the region tree loaded once per test database.

The cast: a province admin (浙江省), the Hangzhou city bureau, the Xihu district bureau, a
reporter of one Ningbo agency, a province-wide auditor, an outsider with no grant, and the
three administrators (三员). Agencies: one provincial, one Hangzhou city, one Xihu district,
one Ningbo (Haishu district) agency, each with a person.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from jiguan.access.models import Grant, Region, User
from jiguan.access.regions.load import load_province
from jiguan.access.roles import Role
from jiguan.orgs.models import Agency, Person
from jiguan.orgs.rules import credit_code_check_char, org_code_check_char
from jiguan.testdb_template import migrate_or_clone

PASSWORD = "Cast#Passw0rd"


def make_credit_code(region_code: str, serial: int, category: str = "11") -> str:
    """A valid unified social credit code (GB 32100 + GB 11714 check characters)."""
    org8 = f"{serial:08d}"
    org9 = org8 + org_code_check_char(org8)
    first17 = f"{category}{region_code}{org9}"
    return first17 + credit_code_check_char(first17)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None,
                                 request: pytest.FixtureRequest) -> Iterator[None]:
    """Runs just before pytest-django creates the test database: its `migrate` copies a
    template migrated once for this code (jiguan/testdb_template.py) until the database is
    set up (django_db_setup below puts call_command back)."""
    from django.core import management

    original = management.call_command
    workerinput = getattr(request.config, "workerinput", {})
    run_id = workerinput.get("testrunuid") or uuid.uuid4().hex
    management.call_command = migrate_or_clone(original, run_id)
    try:
        yield
    finally:
        management.call_command = original


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from django.core import management

    management.call_command = getattr(management.call_command, "__wrapped__",
                                      management.call_command)
    with django_db_blocker.unblock():
        load_province("330000")


@dataclass
class Cast:
    province_admin: User
    hangzhou: User
    xihu: User
    ningbo_reporter: User
    auditor: User
    outsider: User
    sysadmin: User
    secadmin: User
    auditadmin: User
    province_agency: Agency
    hangzhou_agency: Agency
    xihu_agency: Agency
    ningbo_agency: Agency
    xihu_person: Person
    ningbo_person: Person

    def client(self, who: str) -> Client:
        c = Client()
        c.force_login(getattr(self, who))
        return c


def _user(username: str) -> User:
    user = User(username=username, full_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _grant(user: User, role: str, region: str | None = None, agency: Agency | None = None) -> None:
    Grant.objects.create(user=user, role=role,
                         region=Region.objects.get(code=region) if region else None,
                         agency=agency)


def _agency(name: str, region: str, level: str, serial: int) -> Agency:
    return Agency.objects.create(name=name, region=Region.objects.get(code=region), level=level,
                                 credit_code=make_credit_code(region, serial),
                                 authorized_headcount=50, actual_headcount=45)


def build_cast() -> Cast:
    """Create the standing cast in the current database (the region tree must be loaded)."""
    province = _agency("浙江省测试厅", "330000", "province", 1)
    hangzhou = _agency("杭州市测试局", "330100", "city", 2)
    xihu = _agency("杭州市西湖区测试局", "330106", "county", 3)
    ningbo = _agency("宁波市海曙区测试局", "330203", "county", 4)
    xihu_person = Person.objects.create(name="张三", agency=xihu, rank="section_head", post="局长")
    ningbo_person = Person.objects.create(name="李四", agency=ningbo, rank="below_section")
    users = {name: _user(name) for name in (
        "province_admin", "hangzhou", "xihu", "ningbo_reporter", "auditor", "outsider",
        "sysadmin", "secadmin", "auditadmin")}
    _grant(users["province_admin"], Role.PROVINCE_ADMIN, "330000")
    _grant(users["hangzhou"], Role.BUREAU_STAFF, "330100")
    _grant(users["xihu"], Role.BUREAU_STAFF, "330106")
    _grant(users["ningbo_reporter"], Role.AGENCY_REPORTER, agency=ningbo)
    _grant(users["auditor"], Role.AUDITOR, "330000")
    _grant(users["sysadmin"], Role.SYSTEM_ADMIN, "330000")
    _grant(users["secadmin"], Role.SECURITY_ADMIN, "330000")
    _grant(users["auditadmin"], Role.AUDIT_ADMIN, "330000")
    return Cast(province_agency=province, hangzhou_agency=hangzhou, xihu_agency=xihu,
                ningbo_agency=ningbo, xihu_person=xihu_person, ningbo_person=ningbo_person,
                **users)


@pytest.fixture
def cast(db: Any) -> Cast:
    return build_cast()
