"""Each figure equals what its module's own page or summary shows for the same region and
child regions (a wrong fold of a grandchild, a lost 本级 row or a swapped sum fails)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiguan.assessment.measures import energy as energy_measures
from jiguan.assessment.tests.fixtures import finding, region, staged
from jiguan.conftest import Cast
from jiguan.energy.indicators.queries import rollup as energy_rollup
from jiguan.energy.models import RegionYear, WaterSavingStatus, WaterSavingUnit
from jiguan.orgs.models import Agency
from jiguan.overview import queries
from jiguan.overview.figures import Source, child_key
from jiguan.space.compliance.models import FindingKind, FindingStatus
from jiguan.space.compliance.queries import rollup as space_rollup

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 2025


def values(code: str, year: int = YEAR) -> dict:
    return queries.compute(region(code), year, dt.date(2026, 6, 1))


def test_child_key_folds_a_grandchild_into_its_child() -> None:
    assert child_key("/330000/330100/330106/", 1) == "330100"
    assert child_key("/330000/", 1) == ""


def test_space_figures_equal_the_compliance_rollup(cast: Cast) -> None:
    finding("330106", measure="12.5")                       # Xihu: folds into Hangzhou
    finding("330100", measure="7")                          # Hangzhou 本级
    finding("330200", measure="3")                          # Ningbo
    finding("330200", kind=FindingKind.VACANT, measure="40")  # not an over-standard area
    finding("330200", status=FindingStatus.VERIFIED, measure="99")  # rectified: not open
    finding("330000", measure="5")                          # the province's own
    got = values("330000")
    page = space_rollup(cast.province_admin, region("330000"))
    by_code = {r.region_code: r for r in page.rows if r.region_code}
    for code in ("330100", "330200"):
        assert got["space.over_standard_area"].children[code] == by_code[code].over_area
        assert got["space.open_findings"].children[code] == by_code[code].active
    assert got["space.over_standard_area"].children["330100"] == D("19.5")
    assert got["space.over_standard_area"].total == page.total.over_area == D("27.5")
    assert got["space.open_findings"].total == page.total.active == 5
    # A city over its counties: Xihu is its own child there.
    city = values("330100")
    assert city["space.open_findings"].children == {"330106": 1}


def _ry(code: str, year: int, headcount: int, kgce: str, water: str) -> None:
    RegionYear.objects.create(stat_region=region(code), year=year, institutions=2,
                              reporting=2, energy_headcount=headcount, kgce=D(kgce),
                              water=D(water), building_area=D(1000))


def test_energy_figures_equal_the_energy_rollup_and_the_target_progress(cast: Cast) -> None:
    for year, k in ((2020, 1), (YEAR, 0)):
        _ry("330106", year, 100, str(60000 + 10000 * k), "3000")
        _ry("330100", year, 50, str(40000 + 5000 * k), "1500")
        _ry("330200", year, 80, str(50000 + 8000 * k), "4000")
        _ry("330000", year, 20, "9000", "700")
    got = values("330000")
    page = energy_rollup(cast.province_admin, region("330000"), YEAR)
    by_code = {r.region_code: r for r in page.rows if r.region_code}
    for code in ("330100", "330200"):
        assert got["energy.per_capita"].children[code] == by_code[code].per_capita
        assert got["energy.water_per_capita"].children[code] == by_code[code].water_per_capita
        assert got["energy.per_capita_reduction"].children[code] == \
            energy_measures.per_capita_reduction(region(code), YEAR).value
    assert got["energy.per_capita"].children["330100"] == D("666.67")  # (60000+40000)/150
    assert got["energy.per_capita"].total == page.total.per_capita
    assert got["energy.per_capita_reduction"].total == \
        energy_measures.per_capita_reduction(region("330000"), YEAR).value
    assert "330300" not in got["energy.per_capita"].children  # Wenzhou: no data


def test_agencies_people_and_water_saving_share_equal_their_modules(cast: Cast) -> None:
    WaterSavingUnit.objects.create(agency=cast.xihu_agency, status=WaterSavingStatus.ACCEPTED)
    WaterSavingUnit.objects.create(agency=cast.ningbo_agency, status=WaterSavingStatus.PLANNED)
    got = values("330000")
    for code in ("330100", "330200"):
        r = region(code)
        agencies = Agency.objects.filter(region__path__startswith=r.path).active()
        assert got["orgs.agencies"].children[code] == agencies.count()
        assert got["orgs.people"].children[code] == sum(a.actual_headcount for a in agencies)
        assert got["energy.water_saving_share"].children[code] == \
            energy_measures.water_saving_share(r, YEAR).value
    assert got["energy.water_saving_share"].children["330100"] == D(50)  # Xihu of 2
    assert got["orgs.agencies"].total == Agency.objects.active().count()
    assert got["energy.water_saving_share"].total == \
        energy_measures.water_saving_share(region("330000"), YEAR).value


def test_the_last_published_ranking(cast: Cast) -> None:
    scheme = staged(cast, 2033, "results")
    got = values("330000", 2033)["assessment.rank"]
    assert got.children == {"330100": D(scheme.assessments.get().rank)}
    assert "2033" in got.note
    assert values("330000", 2032)["assessment.rank"].children == {}


def test_one_grouped_query_a_figure(cast: Cast, django_assert_max_num_queries) -> None:
    source = Source(region("330000"), YEAR)
    with django_assert_max_num_queries(30):
        for f in queries.FIGURES:
            f.compute(source)
