"""The demo command loads through the actions and refuses a second run."""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command

from jiguan.audit.models import AuditEvent
from jiguan.services.catalogue.models import (
    Catalogue,
    CatalogueStatus,
    PriceRange,
    ServiceItem,
    Supplier,
)
from jiguan.services.purchases.models import Contract, Purchase
from jiguan.services.standards.models import ServiceStandard


def test_demo_loads_once(cast: Any) -> None:
    # the standing cast gives the demo regions an agency each (the buyers)
    out = StringIO()
    call_command("services_demo", "--seed", "1", stdout=out)
    assert "后勤服务演示数据已生成" in out.getvalue()
    assert Catalogue.objects.filter(status=CatalogueStatus.PUBLISHED).count() == 2
    draft = Catalogue.objects.get(status=CatalogueStatus.DRAFT)
    assert draft.parent is not None and draft.parent.region.code == "330100"
    assert not draft.items.filter(code="0702").exists()
    assert PriceRange.objects.count() == ServiceItem.objects.count() + 1  # + Hangzhou cleaning
    assert Supplier.objects.count() == 5
    assert ServiceStandard.objects.count() == 3
    assert AuditEvent.objects.filter(event_type="services.supplier.registered").count() == 5
    assert Purchase.objects.count() == 7
    assert set(Purchase.objects.values_list("status", flat=True)) == {
        "planned", "procured", "contracted", "in_service", "evaluated", "closed"}
    assert Contract.objects.exclude(long_term_reason="").count() == 1
    out = StringIO()
    call_command("services_demo", stdout=out)
    assert "未生成" in out.getvalue()
    assert Supplier.objects.count() == 5


def test_demo_scores_inspections_surveys_and_evaluations(cast: Any) -> None:
    from jiguan.services.inspections.models import Evaluation, Inspection, SurveyResponse

    out = StringIO()
    call_command("services_demo", "--seed", "1", stdout=out)
    assert Inspection.objects.filter(status="submitted").count() == 6
    assert SurveyResponse.objects.count() == 12
    assert Evaluation.objects.count() == 6
    assert "检查 6 次" in out.getvalue()
