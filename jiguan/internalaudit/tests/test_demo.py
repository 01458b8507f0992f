"""The demo loads through the actions: plans, projects at every step, one retired leader
whose audit is due."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jiguan.conftest import Cast
from jiguan.internalaudit import demo
from jiguan.internalaudit.leaders.queries import departures_due
from jiguan.internalaudit.projects.models import AuditProject

pytestmark = pytest.mark.django_db


def test_demo_loads(cast: Cast) -> None:
    from jiguan.orgs.models import Person

    for agency in (cast.province_agency, cast.hangzhou_agency, cast.ningbo_agency):
        Person.objects.create(name=f"{agency.name}负责人", agency=agency, rank="section_head",
                              post="局长")
    result = demo.load(seed=1)
    assert result.plans == 3 and result.terms >= 2 and result.retired
    assert [t.person.name for t in departures_due(cast.province_admin)] == [result.retired]
    assert AuditProject.objects.filter(stage="closed", kind="economic").count() == 1
    assert result.projects == AuditProject.objects.count()
    call_command("internalaudit_demo", "--seed", "1")  # a second run leaves the data alone
    assert AuditProject.objects.count() == result.projects
