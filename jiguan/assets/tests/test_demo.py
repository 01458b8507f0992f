"""The demo loads the seed's 62 entities through the actions; the board shows them all
transferred or closed and taken over by 浙勤集团."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from jiguan.assets import demo
from jiguan.assets.entities import queries
from jiguan.assets.entities.models import Entity, EntityStatus, Route
from jiguan.conftest import Cast
from jiguan.space.register.models import Building
from jiguan.todo.models import Task

pytestmark = pytest.mark.django_db


def test_demo_loads_the_seed(cast: Cast) -> None:
    result = demo.load(seed=1)
    assert (result.entities, result.batches) == (62, 3)
    board = queries.board(cast.province_admin)
    assert board.total.total == 62 and board.total.done == 62 and board.overdue == 0
    assert [r.total for r in board.by_batch] == [24, 22, 16]
    assert {r.key: r.total for r in board.by_route} == {"transfer": 40, "dissolve": 12,
                                                        "merge": 6, "handover": 4}
    assert Entity.objects.filter(status=EntityStatus.HOLDING, holder="浙勤集团").count() == 40
    assert Entity.objects.filter(route=Route.DISSOLVE, holder="浙勤集团").count() == 12
    moved = Building.objects.filter(code__startswith="JY-")
    assert moved.count() == result.buildings > 0
    assert set(moved.values_list("owner", flat=True)) <= {"浙勤集团", demo.HANDOVER_TO} | set(
        Entity.objects.filter(route=Route.MERGE).values_list("receiver", flat=True))
    assert not Task.objects.open().filter(kind="assets.transfer_step").exists()
    call_command("assets_demo", "--seed", "1")  # a second run leaves the data alone
    assert Entity.objects.count() == 62


def test_demo_loads_the_supervision(cast: Cast) -> None:
    from jiguan.assets.supervision.models import (
        BoardIssue,
        MajorMatter,
        MatterStatus,
        Statement,
        SupervisoryBoard,
    )

    result = demo.load(seed=1).supervision
    assert result is not None
    assert result.statements == Statement.objects.count() == 40 * 4
    assert Statement.objects.exclude(maintenance_ratio=None).count() == 160
    assert result.warnings > 0 and Task.objects.open().filter(
        kind="assets.statement_warning").exists()
    assert MajorMatter.objects.filter(status=MatterStatus.PENDING).exists()
    assert MajorMatter.objects.filter(status=MatterStatus.ACKNOWLEDGED).count() == 2
    assert SupervisoryBoard.objects.count() == 2
    assert BoardIssue.objects.filter(status="open").exists()


def test_demo_loads_the_units_asset_registers_and_matters(cast: Cast) -> None:
    from jiguan.assets.cards import queries as card_queries
    from jiguan.assets.cards.models import AssetCard, Matter, MatterStatus

    result = demo.load(seed=1)
    assert result.cards == AssetCard.objects.count() > 0
    assert Matter.objects.count() == result.matters > 0
    statuses = set(Matter.objects.values_list("status", flat=True))
    assert {MatterStatus.DONE, MatterStatus.APPROVING} <= statuses
    assert Task.objects.open().filter(kind="assets.matter_approve").exists()
    year = AssetCard.objects.order_by("-acquired_on").first().acquired_on.year
    report = card_queries.yearly_report(cast.province_admin, year)
    assert report.total.count > 0 and report.regions
