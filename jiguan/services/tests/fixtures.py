"""The services cast on top of the standing cast: the province's published catalogue of
the year, a draft catalogue of Xihu narrowed from it, and a supplier."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from jiguan.access.models import Region
from jiguan.conftest import Cast, make_credit_code
from jiguan.services.catalogue import actions
from jiguan.services.catalogue.data import seed_catalogue
from jiguan.services.catalogue.models import (
    Catalogue,
    NegativeEntry,
    ServiceCategory,
    ServiceItem,
    Supplier,
)
from jiguan.services.standards.data import seed_standards
from jiguan.services.standards.models import ServiceStandard, StandardItem

YEAR = 2026


def seed() -> None:
    """The data of the migrations again (a transactional test's flush empties them)."""
    seed_catalogue(ServiceCategory, ServiceItem, NegativeEntry)
    seed_standards(ServiceCategory, ServiceStandard, StandardItem)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


@dataclass
class Services:
    cast: Cast
    province: Catalogue      # published, every item
    xihu: Catalogue          # draft, narrowed from the province's
    supplier: Supplier       # registered at Xihu


def build(cast: Cast) -> Services:
    seed()
    province = actions.catalogue_create(region=region("330000"), year=YEAR,
                                        title=f"浙江省{YEAR}年度政府购买后勤服务指导性目录",
                                        actor=cast.province_admin)
    province = actions.catalogue_publish(catalogue=province, doc_no="浙机管〔2026〕1号",
                              actor=cast.province_admin)
    xihu = actions.catalogue_create(region=region("330106"), year=YEAR,
                                    title=f"西湖区{YEAR}年度目录", actor=cast.xihu)
    supplier = actions.supplier_register(
        data={"name": "杭州某物业服务有限公司",
              "credit_code": make_credit_code("330106", 901, "91"), "kind": "enterprise",
              "contact": "王经理"},
        region=region("330106"), actor=cast.xihu)
    return Services(cast=cast, province=province, xihu=xihu, supplier=supplier)


@pytest.fixture
def services(cast: Cast) -> Services:
    return build(cast)


def item(code: str) -> ServiceItem:
    return ServiceItem.objects.get(code=code)


def items_except(*codes: str) -> list[Any]:
    return list(ServiceItem.objects.exclude(code__in=codes))
