"""Deterministic demo data: agencies, people, bureaus and the demo accounts.

`generate()` is pure (no database): from a scale and a seed it builds plain tuples, so the
same seed always gives the same rows and tests can compare two runs without a database.
`load()` writes them with `bulk_create` in batches of 5,000 inside one transaction.

This is demo seeding, not a user's write: it does not go through the actions modules and
writes no audit rows. It refuses to run in production (see the `demo` command).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from jiguan.access.models import Grant, Region, RegionLevel, User
from jiguan.access.regions.load import load_province, province_rows, read_divisions
from jiguan.access.roles import Role
from jiguan.core.deploy.demo_password import DEMO_PASSWORD
from jiguan.orgs import rules
from jiguan.orgs.models import Agency, Bureau, Person, PersonStatus

PROVINCE_CODE = "330000"
HANGZHOU_CODE = "330100"
XIHU_CODE = "330106"
BATCH_SIZE = 5_000


@dataclass(frozen=True)
class ScaleSpec:
    """How much to generate: the regions covered and the default totals."""

    agencies: int
    people: int
    city_codes: tuple[str, ...] | None  # None: every city of the province


SCALES: dict[str, ScaleSpec] = {
    "small": ScaleSpec(agencies=300, people=5_000, city_codes=(HANGZHOU_CODE,)),
    "province": ScaleSpec(agencies=40_000, people=600_000, city_codes=None),
}

# Agencies per region are shared out by these weights (a city's own agencies outnumber a
# county's; the province's outnumber a city's).
LEVEL_WEIGHT = {"province": 4.0, "city": 3.0, "county": 1.0}

# --- names ----------------------------------------------------------------------------------
PROVINCE_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    # (name after "浙江省", sector of the institutions it sponsors)
    ("人民政府办公厅", "other"), ("教育厅", "edu"), ("卫生健康委员会", "health"),
    ("发展和改革委员会", "other"), ("财政厅", "other"), ("机关事务管理局", "other"),
    ("科学技术厅", "sci"), ("文化和旅游厅", "culture"), ("体育局", "sport"),
    ("公安厅", "other"), ("民政厅", "other"), ("司法厅", "other"),
    ("人力资源和社会保障厅", "other"), ("自然资源厅", "other"), ("生态环境厅", "other"),
    ("住房和城乡建设厅", "other"), ("交通运输厅", "other"), ("水利厅", "other"),
    ("农业农村厅", "sci"), ("商务厅", "other"), ("审计厅", "other"), ("统计局", "other"),
    ("经济和信息化厅", "other"), ("民族宗教事务委员会", "other"), ("退役军人事务厅", "other"),
    ("应急管理厅", "other"), ("人民政府外事办公室", "other"),
    ("人民政府国有资产监督管理委员会", "other"), ("市场监督管理局", "other"),
    ("广播电视局", "culture"), ("医疗保障局", "other"), ("林业局", "sci"),
    ("粮食和物资储备局", "other"), ("药品监督管理局", "other"), ("信访局", "other"),
    ("数据局", "other"), ("监狱管理局", "other"),
)
LOCAL_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("人民政府办公室", "other"), ("教育局", "edu"), ("卫生健康局", "health"),
    ("财政局", "other"), ("机关事务管理局", "other"), ("发展和改革局", "other"),
    ("公安局", "other"), ("文化和广电旅游体育局", "culture"), ("民政局", "other"),
    ("科学技术局", "sci"), ("人力资源和社会保障局", "other"), ("司法局", "other"),
    ("自然资源和规划局", "other"), ("住房和城乡建设局", "other"), ("交通运输局", "other"),
    ("农业农村局", "sci"), ("水利局", "other"), ("商务局", "other"), ("审计局", "other"),
    ("统计局", "other"), ("市场监督管理局", "other"), ("应急管理局", "other"),
    ("退役军人事务局", "other"), ("医疗保障局", "other"), ("信访局", "other"),
    ("综合行政执法局", "other"), ("经济和信息化局", "other"), ("数据资源管理局", "other"),
)
# Institutions: a few one-off names per sector, then a numbered series without end.
SECTOR_TYPE = {"edu": "021", "sci": "022", "culture": "023", "health": "024", "sport": "025",
               "other": "026", "social": "03"}
SECTOR_WEIGHT = {"edu": 50, "health": 18, "culture": 7, "sport": 3, "sci": 5, "other": 12,
                 "social": 5}
SECTOR_ONE_OFF: dict[str, tuple[str, ...]] = {
    "edu": ("实验学校", "职业技术学校", "教师发展中心"),
    "health": ("中医院", "妇幼保健院", "疾病预防控制中心"),
    "culture": ("图书馆", "文化馆", "博物馆", "档案馆"),
    "sport": ("体育中心", "体育运动学校"),
    "sci": ("科技信息研究所", "农业科学研究所"),
    "other": ("公共资源交易中心", "机关后勤服务中心", "就业服务中心", "不动产登记服务中心",
              "大数据发展中心"),
    "social": ("科学技术协会", "文学艺术界联合会", "残疾人联合会", "红十字会",
               "工商业联合会"),
}
SECTOR_SERIES: dict[str, tuple[str, ...]] = {
    "edu": ("中学", "小学", "幼儿园"),
    "health": ("人民医院", "社区卫生服务中心"),
    "culture": ("文化站",),
    "sport": ("全民健身中心",),
    "sci": ("科技服务中心",),
    "other": ("便民服务中心",),
    "social": ("志愿者协会",),
}
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
            "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
            "薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建国文志斌宇浩凯健"
         "俊帆帅旭宁琳晨婷雪倩颖欣怡佳嘉子梓涵睿博晓云海波峰林春梅兰雨天成家思鑫蕾瑶")
_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (1 <= n < 10,000)."""
    if not 1 <= n < 10_000:
        raise ValueError(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += ("" if unit == "十" and digit == 1 and not out else _CN_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


# --- rows -----------------------------------------------------------------------------------
class RegionRow(NamedTuple):
    code: str
    name: str  # "西湖区"
    prefix: str  # "杭州市西湖区": the name without the province, "浙江省" for the province
    level: str


class AgencyRow(NamedTuple):
    key: int
    name: str
    region_code: str
    level: str
    type_code: str
    credit_code: str
    parent_key: int | None
    authorized_headcount: int
    actual_headcount: int


class PersonRow(NamedTuple):
    agency_key: int
    name: str
    staff_no: str
    post: str
    rank: str
    status: str
    status_date: dt.date | None


@dataclass
class DemoData:
    regions: list[RegionRow]
    agencies: list[AgencyRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)

    def digest(self) -> str:
        """A SHA-256 over every generated value: equal digests mean identical data."""
        h = hashlib.sha256()
        for agency in self.agencies:
            h.update(repr(tuple(agency)).encode())
        for person in self.people:
            h.update(repr(tuple(person)).encode())
        return h.hexdigest()


def local_prefix(name: str, city_name: str) -> str:
    """How a county-level region's agencies are named: a district (区) carries its city
    ("杭州市西湖区教育局"); a county or county-level city stands alone ("桐庐县教育局")."""
    return city_name + name if name.endswith("区") else name


def demo_regions(scale: str) -> list[RegionRow]:
    """The province, then its cities and counties covered by `scale` (from the bundled CSV)."""
    spec = SCALES[scale]
    rows = province_rows(PROVINCE_CODE, read_divisions())
    names = {r.code: r.name for r in rows}
    out: list[RegionRow] = []
    for row in rows:
        wanted_city = spec.city_codes is None or row.code in spec.city_codes
        if row.level == "province" or (row.level == "city" and wanted_city):
            out.append(RegionRow(row.code, row.name, row.name, row.level))
        elif row.level == "county" and (spec.city_codes is None
                                        or row.parent_code in spec.city_codes):
            out.append(RegionRow(row.code, row.name,
                                 local_prefix(row.name, names[row.parent_code]), row.level))
    return out


def share_out(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties go to the first)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    counts = [int(x) for x in exact]
    short = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[:short]:
        counts[i] += 1
    return counts


class _CodeMaker:
    """Valid, unique unified social credit codes (GB 32100 with a GB 11714 org code)."""

    def __init__(self, rng: random.Random, taken: Iterable[str]) -> None:
        self.rng = rng
        self.used = set(taken)

    def make(self, type_code: str, region_code: str) -> str:
        # 1 机构编制: 1 机关, 2 事业单位; 5 民政: 1 社会团体.
        head = "11" if type_code == "01" else "51" if type_code == "03" else "12"
        while True:
            body = f"{self.rng.randrange(10**8):08d}"
            first17 = head + region_code + body + rules.org_code_check_char(body)
            code = first17 + rules.credit_code_check_char(first17)
            if code not in self.used:
                self.used.add(code)
                return code


def _head_post(name: str) -> str:
    for suffix, post in (("厅", "厅长"), ("局", "局长"), ("委员会", "主任"), ("办公室", "主任"),
                         ("幼儿园", "园长"), ("学校", "校长"), ("中学", "校长"),
                         ("小学", "校长"), ("院", "院长"), ("馆", "馆长"), ("所", "所长"),
                         ("会", "理事长")):
        if name.endswith(suffix):
            return post
    return "主任"


def _staff_post(sector: str, rank_order: int, level: str, rng: random.Random) -> str:
    if sector == "edu":
        return "教师"
    if sector == "health":
        return rng.choice(("医师", "主治医师", "护士", "药师"))
    if sector != "gov":
        return rng.choice(("专业技术人员", "工作人员", "管理人员"))
    if level == "province":
        return {5: "处长", 6: "副处长"}.get(rank_order, rng.choice(("一级主任科员", "科员")))
    if level == "city":
        return rng.choice(("科长", "副科长", "一级主任科员", "科员"))
    return rng.choice(("股长", "科员", "办事员"))


_LOWER_WEIGHTS = {"province": (1, 2, 7), "city": (1,), "county": (1,), "township": (1,)}


def _people_for(agency: AgencyRow, count: int, sector: str, top_office: bool,
                rng: random.Random) -> list[PersonRow]:
    ranks = rules.RANKS[agency.level]
    lower = ranks[4:]
    head_post = _head_post(agency.name)
    people: list[PersonRow] = []
    for i in range(count):
        if top_office and i == 0:
            rank, post = ranks[0], "主要领导"
        elif top_office and i in (1, 2):
            rank, post = ranks[1], "领导"
        elif i == 0:
            rank, post = ranks[2], head_post
        elif i <= 2 and count > 5:
            rank, post = ranks[3], "副" + head_post
        else:
            rank = rng.choices(lower, weights=_LOWER_WEIGHTS[agency.level])[0]
            post = _staff_post(sector, rank.order, agency.level, rng)
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
        status, status_date = PersonStatus.SERVING.value, None
        roll = rng.random()
        if i > 0 and roll < 0.05:
            status = (PersonStatus.TRANSFERRED if roll < 0.03 else PersonStatus.RETIRED).value
            status_date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1_200))
        people.append(PersonRow(agency.key, name, f"P{i + 1:05d}", post, rank.code, status,
                                status_date))
    return people


def generate(scale: str, seed: int, *, agencies: int | None = None, people: int | None = None,
             taken_codes: Iterable[str] = ()) -> DemoData:
    """Build the demo rows for `scale` ("small" or "province"); pure and deterministic.

    `agencies` and `people` override the scale's totals (tests ask for a few dozen).
    `taken_codes` are credit codes already in the database, which the new ones avoid.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    spec = SCALES[scale]
    n_agencies = spec.agencies if agencies is None else agencies
    n_people = spec.people if people is None else people
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    codes = _CodeMaker(rng, taken_codes)
    data = DemoData(regions=demo_regions(scale))
    per_region = share_out(n_agencies, [LEVEL_WEIGHT[r.level] for r in data.regions])

    sectors: list[str] = []  # per agency: its sector ("gov" for departments)
    top_offices: set[int] = set()
    for region, count in zip(data.regions, per_region, strict=True):
        depts = PROVINCE_DEPARTMENTS if region.level == "province" else LOCAL_DEPARTMENTS
        n_depts = min(len(depts), max(1, round(count * 0.45))) if count else 0
        short = region.name if region.level == "county" else region.prefix
        sponsor: dict[str, int] = {}
        for i, (suffix, sector) in enumerate(depts[:n_depts]):
            key = len(data.agencies)
            sponsor.setdefault(sector, key)
            if i == 0:
                top_offices.add(key)
            data.agencies.append(AgencyRow(key, region.prefix + suffix, region.code,
                                           region.level, "01", codes.make("01", region.code),
                                           None, 0, 0))
            sectors.append("gov")
        one_offs = {s: list(names) for s, names in SECTOR_ONE_OFF.items()}
        series_no: dict[str, int] = {}
        sector_names = list(SECTOR_WEIGHT)
        sector_weights = list(SECTOR_WEIGHT.values())
        for _ in range(count - n_depts):
            sector = rng.choices(sector_names, weights=sector_weights)[0]
            if one_offs[sector]:
                suffix = one_offs[sector].pop(0)
            else:
                n = series_no[sector] = series_no.get(sector, 0) + 1
                series = SECTOR_SERIES[sector]
                kind = series[(n - 1) % len(series)]
                suffix = f"第{chinese_number((n - 1) // len(series) + 1)}{kind}"
            key = len(data.agencies)
            type_code = SECTOR_TYPE[sector]
            data.agencies.append(AgencyRow(key, short + suffix, region.code, region.level,
                                           type_code, codes.make(type_code, region.code),
                                           sponsor.get(sector), 0, 0))
            sectors.append(sector)

    # People: larger agencies at higher levels, hospitals and schools larger still.
    size = {"gov": 1.0, "edu": 1.4, "health": 2.5, "social": 0.3}
    level_size = {"province": 2.0, "city": 1.4, "county": 1.0, "township": 0.6}
    weights = [size.get(s, 0.7) * level_size[a.level] * rng.uniform(0.5, 1.5)
               for a, s in zip(data.agencies, sectors, strict=True)]
    base = 1 if n_people >= len(data.agencies) else 0
    heads = [base + extra for extra in
             share_out(n_people - base * len(data.agencies), weights)]
    for index, (agency, sector, count) in enumerate(
            zip(data.agencies, sectors, heads, strict=True)):
        rows = _people_for(agency, count, sector, agency.key in top_offices, rng)
        data.people.extend(rows)
        serving = sum(1 for p in rows if p.status == PersonStatus.SERVING)
        spare = rng.randrange(0, serving // 5 + 2)
        data.agencies[index] = agency._replace(actual_headcount=serving,
                                               authorized_headcount=serving + spare)
    return data


# --- writing --------------------------------------------------------------------------------
def _batches(items: Iterable[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


@dataclass
class LoadResult:
    agencies: int = 0
    people: int = 0
    bureaus: int = 0
    users: list[str] = field(default_factory=list)


def ensure_regions(regions: Sequence[RegionRow]) -> None:
    """Load the province's division tree when any region the demo needs is missing."""
    codes = {r.code for r in regions}
    if Region.objects.filter(code__in=codes).count() < len(codes):
        load_province(PROVINCE_CODE)


def _bulk_agencies(rows: Sequence[AgencyRow], region_ids: dict[str, int],
                   key_to_pk: dict[int, int], bar: Any) -> None:
    for batch in _batches(rows):
        Agency.objects.bulk_create([
            Agency(name=r.name, region_id=region_ids[r.region_code], level=r.level,
                   type_code=r.type_code, credit_code=r.credit_code,
                   parent_id=None if r.parent_key is None else key_to_pk[r.parent_key],
                   authorized_headcount=r.authorized_headcount,
                   actual_headcount=r.actual_headcount)
            for r in batch])
        bar.update(len(batch))
    by_code = dict(Agency.objects.filter(region_id__in=set(region_ids.values()))
                   .values_list("credit_code", "pk"))
    key_to_pk.update((r.key, by_code[r.credit_code]) for r in rows)


@transaction.atomic
def load(data: DemoData, *, progress: bool = False) -> LoadResult:
    """Write the generated rows, the bureaus and the demo accounts (no audit rows)."""
    ensure_regions(data.regions)
    region_ids = dict(Region.objects.filter(code__in=[r.code for r in data.regions])
                      .values_list("code", "pk"))
    key_to_pk: dict[int, int] = {}
    with tqdm(total=len(data.agencies), desc="单位", unit="个", disable=not progress,
              file=sys.stderr) as bar:
        # Parents first, so that children can point at their primary keys.
        _bulk_agencies([a for a in data.agencies if a.parent_key is None], region_ids,
                       key_to_pk, bar)
        _bulk_agencies([a for a in data.agencies if a.parent_key is not None], region_ids,
                       key_to_pk, bar)
    with tqdm(total=len(data.people), desc="人员", unit="人", disable=not progress,
              file=sys.stderr) as bar:
        for batch in _batches(data.people):
            Person.objects.bulk_create([
                Person(agency_id=key_to_pk[p.agency_key], name=p.name, staff_no=p.staff_no,
                       post=p.post, rank=p.rank, status=p.status, status_date=p.status_date)
                for p in batch])
            bar.update(len(batch))
    result = LoadResult(agencies=len(data.agencies), people=len(data.people))
    result.bureaus = ensure_bureaus()
    result.users = ensure_demo_accounts()
    return result


def bureau_name(region: Region, city_names: dict[str, str]) -> str:
    """"浙江省机关事务管理局", "杭州市机关事务管理局", "杭州市西湖区机关事务管理局",
    "桐庐县机关事务管理局"."""
    prefix = region.name
    if region.level == RegionLevel.COUNTY:
        city_code = region.path.strip("/").split("/")[1]
        prefix = local_prefix(region.name, city_names.get(city_code, ""))
    return f"{prefix}机关事务管理局"


def ensure_bureaus() -> int:
    """A bureau for every province, city and county region that has none; returns how many."""
    regions = list(Region.objects.filter(
        level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY],
        bureau__isnull=True))
    city_names = dict(Region.objects.filter(level=RegionLevel.CITY).values_list("code", "name"))
    Bureau.objects.bulk_create([Bureau(region=r, name=bureau_name(r, city_names))
                                for r in regions])
    return len(regions)


# username -> (full name, role, region code or None for the reporter's agency)
DEMO_ACCOUNTS: dict[str, tuple[str, Role, str | None]] = {
    "demo_admin": ("演示·省局管理员", Role.PROVINCE_ADMIN, PROVINCE_CODE),
    "demo_hangzhou": ("演示·杭州市局", Role.BUREAU_STAFF, HANGZHOU_CODE),
    "demo_xihu": ("演示·西湖区局", Role.BUREAU_STAFF, XIHU_CODE),
    "demo_reporter": ("演示·单位填报员", Role.AGENCY_REPORTER, None),
    "demo_auditor": ("演示·审计查阅", Role.AUDITOR, PROVINCE_CODE),
    "demo_sysadmin": ("演示·系统管理员", Role.SYSTEM_ADMIN, PROVINCE_CODE),
    "demo_secadmin": ("演示·安全管理员", Role.SECURITY_ADMIN, PROVINCE_CODE),
    "demo_auditadmin": ("演示·审计管理员", Role.AUDIT_ADMIN, PROVINCE_CODE),
    "demo_finance": ("演示·西湖区局财务", Role.FINANCE_STAFF, XIHU_CODE),
}


def reporter_agency() -> Agency | None:
    """The demo reporter's agency: a Xihu government agency, else any Hangzhou one."""
    base = Agency.objects.order_by("pk")
    return (base.filter(region__code=XIHU_CODE, type_code="01").first()
            or base.filter(region__code=XIHU_CODE).first()
            or base.filter(region__path__startswith=f"/{PROVINCE_CODE}/{HANGZHOU_CODE}/").first())


def ensure_demo_accounts() -> list[str]:
    """Create the missing demo accounts and grants; returns the usernames created.

    They log in at once with DEMO_PASSWORD (no forced change): they exist to be tried.
    Granting roles is the 安全管理员's duty (三员分立): the demo 安全管理员's own grant is
    the installation's (made directly, as an operator would at the console), and every
    other demo grant is made by that 安全管理员 through access.accounts.actions.grant_create.
    """
    from jiguan.access.accounts.actions import grant_create

    now = timezone.now()
    created: list[str] = []
    regions = {r.code: r for r in Region.objects.filter(
        code__in=[c for _, _, c in DEMO_ACCOUNTS.values() if c])}
    agency = reporter_agency()
    users: dict[str, User] = {}
    for username, (full_name, _role, _region) in DEMO_ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name, must_change_password=False,
                        password_changed_at=now)
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        users[username] = user
    granter: User | None = None
    for username in sorted(DEMO_ACCOUNTS, key=lambda u: DEMO_ACCOUNTS[u][1]
                           != Role.SECURITY_ADMIN):
        _full_name, role, region_code = DEMO_ACCOUNTS[username]
        user = users[username]
        region = regions.get(region_code) if region_code else None
        scope: dict[str, Any] = {"agency": agency} if region_code is None else {"region": region}
        if None in scope.values():
            continue  # e.g. no agency to report for when only the province has agencies
        if not Grant.objects.active().filter(user=user, role=role, **scope).exists():
            if role == Role.SECURITY_ADMIN:
                Grant.objects.create(user=user, role=role, **scope)
            else:
                granter = granter or User.objects.get(username=SECURITY_ADMIN_DEMO)
                grant_create(user=user, role=role, actor=granter, **scope)
    return created


SECURITY_ADMIN_DEMO = "demo_secadmin"
