"""The national office-space standards as versioned data (no logic, no Django).

Each :class:`Standard` is one edition of 《党政机关办公用房建设标准》 with its per-person
limits of office usable area (办公室使用面积, m² per person), keyed by organ level
(``jiguan.orgs.rules.AgencyLevel``) and then rank code (``jiguan.orgs.rules.RANKS``).

Sources and confidence marks follow /work/shared/docs/domain-rules.md §1:

* 2014 table (发改投资〔2014〕2674号): [V-S ×4] for the province, city and county rows.
* 1999 table (计投资〔1999〕2250号): [V-S ×5]; kept to answer "which figure was in force
  on that date" (the standards page and ``standard_for``) and to detect stale data (many
  websites still print the 1999 figures). It does NOT judge rooms: domain-rules.md §1.3
  keeps it "for detecting stale data only", and the 2014 standard applies to every office
  in use, 配备 included ("配备、租用办公用房参照执行", §1.1), whenever the room was
  allocated. The findings use the edition in force on the day they are computed.
* The 副省级城市 note (表注1) is a note of the 2014 table ([V-S]); no source shows such a
  note in the 1999 table, and applying the 2014 mapping to the 1999 figures makes a 市级副职
  (省级副职 42 m²) exceed the 市级正职 (32 m²), which no edition allows. So the note applies
  only to editions that carry it (``sub_provincial_note``).
* Township (乡级) limits are set by each province ("原则上不得超过县级副职"), so they are
  not part of either national table: see ``DEFAULT_TOWNSHIP_LIMITS``. The cap is the 县级副职
  figure OF THE SAME EDITION (24 m² in 2014, 12 m² in 1999).
* Service-room area per person (B in the 2014 formula) and its defaults: [R], unverified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType


def _table(rows: Mapping[str, Mapping[str, int]]) -> Mapping[str, Mapping[str, Decimal]]:
    """Freeze a nested ``{level: {rank: m²}}`` table into read-only Decimal mappings."""
    return MappingProxyType(
        {
            level: MappingProxyType({rank: Decimal(area) for rank, area in ranks.items()})
            for level, ranks in rows.items()
        }
    )


@dataclass(frozen=True)
class Standard:
    """One edition of the office-space standard.

    ``effective_to`` is the last day the edition applies (inclusive); ``None`` means it is
    still in force. ``limits`` holds m² of usable office area per person.
    """

    code: str
    title: str
    document: str
    effective_from: date
    effective_to: date | None
    limits: Mapping[str, Mapping[str, Decimal]] = field(hash=False, compare=False, repr=False)
    confidence: str = ""
    #: Whether the edition carries 表注1 (副省级城市 ranks use the provincial figures).
    sub_provincial_note: bool = False

    @property
    def label(self) -> str:
        """Short Chinese name used in messages, e.g. "2014年标准（发改投资〔2014〕2674号）"."""
        return f"{self.code}年标准（{self.document}）"

    def covers(self, on: date) -> bool:
        """Whether this edition is the one in force on ``on``."""
        if on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to


TITLE = "《党政机关办公用房建设标准》"


STANDARD_2014 = Standard(
    code="2014",
    title=TITLE,
    document="发改投资〔2014〕2674号",
    # Issue date (国家发展改革委、住房城乡建设部, 2014-11-24), [V-O]; treated as the
    # effective date because the notice applies from issue.
    effective_from=date(2014, 11, 24),
    effective_to=None,
    limits=_table(
        {
            "province": {
                "provincial_head": 54,  # 省级正职
                "provincial_deputy": 42,  # 省级副职
                "bureau_head": 30,  # 正厅(局)级
                "bureau_deputy": 24,  # 副厅(局)级
                "division_head": 18,  # 正处级
                "division_deputy": 12,  # 副处级
                "below_division": 9,  # 处级以下
            },
            "city": {
                "city_head": 42,  # 市级正职
                "city_deputy": 30,  # 市级副职
                "bureau_head_city": 24,  # 正局(处)级
                "bureau_deputy_city": 18,  # 副局(处)级
                "below_bureau_city": 9,  # 局(处)级以下
            },
            "county": {
                "county_head": 30,  # 县级正职
                "county_deputy": 24,  # 县级副职
                "section_head": 18,  # 正科级
                "section_deputy": 12,  # 副科级
                "below_section": 9,  # 科级以下
            },
        }
    ),
    confidence=(
        "省、市、县级机关各职级面积：[V-S ×4]（多个转载来源一致，尚未核对官方PDF）；"
        "表注1（副省级城市）、表注2（派出机构、事业单位）：[V-S]；"
        "乡级机关由各省规定，原则上不得超过县级副职。"
    ),
    sub_provincial_note=True,
)


STANDARD_1999 = Standard(
    code="1999",
    title=TITLE,
    document="计投资〔1999〕2250号",
    # APPROXIMATE: the exact effective date of the 1999 edition was not verified; we use
    # 1 January 1999 so that every date in 1999 resolves to it.
    effective_from=date(1999, 1, 1),
    effective_to=date(2014, 11, 23),
    limits=_table(
        {
            "province": {
                "provincial_head": 54,
                "provincial_deputy": 42,
                "bureau_head": 24,  # 正厅
                "bureau_deputy": 18,  # 副厅
                "division_head": 12,  # 处级 (one figure for 正处 and 副处)
                "division_deputy": 12,
                "below_division": 6,  # 处级以下
            },
            "city": {
                "city_head": 32,
                "city_deputy": 18,
                "bureau_head_city": 12,  # 局(处)级 (one figure for 正 and 副)
                "bureau_deputy_city": 12,
                "below_bureau_city": 6,
            },
            "county": {
                "county_head": 20,
                "county_deputy": 12,
                "section_head": 9,  # 科级 (one figure for 正科 and 副科)
                "section_deputy": 9,
                "below_section": 6,
            },
        }
    ),
    confidence=(
        "各职级面积：[V-S ×5]；生效日期为近似值（按1999年1月1日计）；"
        "副省级城市：未见1999年标准有表注，不套用2014年标准的表注1（否则市级副职42 m²"
        "高于市级正职32 m²），按市级机关标准。"
    ),
)


#: Every edition, oldest first. Editions must be contiguous (checked by the tests).
STANDARDS: tuple[Standard, ...] = (STANDARD_1999, STANDARD_2014)


#: Township (乡级) limits, m² per person. The province sets them ("按照中央规定和精神自行
#: 做出规定，原则上不得超过县级副职", i.e. at most 24). These defaults are OUR ASSUMPTION
#: [R], pending confirmation by the province; deployments override them with the Django
#: setting ``JIGUAN_TOWNSHIP_OFFICE_LIMITS``.
DEFAULT_TOWNSHIP_LIMITS: Mapping[str, Decimal] = MappingProxyType(
    {
        "township_head": Decimal(24),
        "township_deputy": Decimal(18),
        "below_township": Decimal(9),
    }
)


#: Service-room usable area per person (服务用房, B in the 2014 formula), m². [R]
#: UNVERIFIED recollection of the 2014 table "服务用房使用面积指标" (the official PDF was not
#: obtained); deployments override it with ``JIGUAN_SERVICE_AREA_PER_PERSON``.
SERVICE_AREA_PER_PERSON: Mapping[str, Decimal] = MappingProxyType(
    {
        "province": Decimal(9),
        "city": Decimal(8),
        "county": Decimal(7),
        "township": Decimal(6),
    }
)


#: 基本办公用房建筑总使用面积系数 K (2014, [V-S ×3]): multi-storey ≥ 65 %, high-rise ≥ 60 %.
#: The formula uses the minimum coefficient, which gives the largest approved area.
USAGE_COEFFICIENT: Mapping[str, Decimal] = MappingProxyType(
    {"multi": Decimal("0.65"), "high": Decimal("0.60")}
)


#: Equipment rooms (设备用房) as a share of A + B (2014 formula, [V-S ×2]).
EQUIPMENT_SHARE = Decimal("0.09")
