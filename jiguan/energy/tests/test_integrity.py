"""Readings' keys are not database constraints (ADR 0006): the integrity check finds any
orphan, and the command fails loud."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from jiguan.conftest import Cast
from jiguan.energy.models import Reading
from jiguan.energy.readings.integrity import orphans
from jiguan.energy.tests.factories import save


def test_a_healthy_database_has_no_orphans(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 1000, "water_tap": 5},
         actor=cast.xihu)
    assert set(orphans().values()) == {0}
    out = io.StringIO()
    call_command("energy_integrity", stdout=out)
    assert "读数关联完整" in out.getvalue()


def test_an_orphaned_reading_is_found_and_the_command_fails(cast: Cast) -> None:
    save(cast.xihu_agency, "2025-03", {"electricity": 1000}, actor=cast.xihu)
    table = connection.ops.quote_name(Reading._meta.db_table)
    with connection.cursor() as cursor:  # what only hand-written SQL could do
        cursor.execute(f"UPDATE {table} SET agency_id = 987654321, "
                       "updated_by_id = 987654321")
    assert orphans() == {"agency": 1, "stat_region": 0, "coefficient_set": 0,
                         "created_by": 0, "updated_by": 1}
    with pytest.raises(CommandError, match="单位 1 条，最后修改人 1 条"):
        call_command("energy_integrity", stdout=io.StringIO())
