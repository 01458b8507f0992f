"""Accounts, the region tree, role grants and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jiguan.access.roles import AGENCY_ROLES, Perm, role_choices
from jiguan.core import scoping
from jiguan.core.models import BaseModel
from jiguan.core.scoping import ScopedModel, ScopedQuerySet

if TYPE_CHECKING:
    from jiguan.access.scope import Scope


class User(AbstractUser):
    """A platform account. People in agencies (orgs.Person) are records, not accounts."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def password_expired(self) -> bool:
        if self.password_changed_at is None:
            return False
        max_age = timedelta(days=settings.JIGUAN_PASSWORD_MAX_AGE_DAYS)
        return timezone.now() - self.password_changed_at > max_age

    @property
    def scope(self) -> Scope:
        """The user's grants, read once per request object (see jiguan.access.scope)."""
        cached: Scope | None = getattr(self, "_scope_cache", None)
        if cached is None:
            from jiguan.access.scope import Scope

            cached = Scope.for_user(self)
            self._scope_cache = cached
        return cached


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡级"


class RegionQuerySet(ScopedQuerySet["Region"]):
    """A bureau sees its region's subtree; an agency grant sees its agency's region."""

    scope_perm = Perm.VIEW_ORGS
    region_path_field = "path"
    agency_region_field = "pk"

    def under_region_grants(self, user: Any, perm: str) -> RegionQuerySet:
        """Regions under the user's region grants with `perm`; unlike visible_to, not the
        region of an agency the user is granted at."""
        q = Q(pk__in=[])
        for path in scoping.region_paths(user, perm):
            q |= Q(path__startswith=path)
        return self.filter(q)

    def granted_roots(self, user: Any, perm: str) -> RegionQuerySet:
        """The regions the user's region grants with `perm` are on (the top of each)."""
        return self.filter(path__in=scoping.region_paths(user, perm)).order_by("code")

    def subtree(self, region: Region) -> RegionQuerySet:
        return self.filter(path__startswith=region.path)


class Region(ScopedModel):
    """A node of the administrative division tree (统计用区划代码). As an object for
    `scope.require`/`can` it is the region itself: covered by a grant on it or above it."""

    scope_region_path_attr = "path"

    code = models.CharField("区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级区划", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/330000/330100/330106/": a subtree is one indexed prefix query.
    path = models.CharField("路径", max_length=120, unique=True, editable=False)
    sub_provincial = models.BooleanField("副省级城市", default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The names from the province down ("浙江省杭州市西湖区"): one query for the
        ancestors, unless `prime_ancestors` read them for a whole page at once."""
        names = [r.name for r in self.ancestors()] + [self.name]
        return "".join(names)

    def ancestors(self) -> list[Region]:
        primed: list[Region] | None = getattr(self, "_ancestors", None)
        if primed is not None:
            return list(primed)
        codes = self._ancestor_codes()
        by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]

    def _ancestor_codes(self) -> list[str]:
        return [c for c in self.path.strip("/").split("/")[:-1] if c]

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.code}/"

    @property
    def in_sub_provincial_city(self) -> bool:
        """The region is a sub-provincial city (副省级城市) or one of its districts: the
        office-area rules give such organs provincial figures (表注1)."""
        return self.sub_provincial or bool(self.parent_id and self.parent
                                           and self.parent.sub_provincial)

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)


_AGENCY_ROLE_VALUES = sorted((r.value for r in AGENCY_ROLES), reverse=True)


def prime_ancestors(regions: Iterable[Region | None]) -> None:
    """Read the ancestors of many regions in one query, so that `full_name` and
    `ancestors()` of each ask nothing more: a list page showing each row's region by its
    full name (the building list) otherwise ran one query a row (bench/README.md,
    session 9)."""
    rows = [r for r in regions if r is not None]
    codes = {c for r in rows for c in r._ancestor_codes()}
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)} if codes else {}
    for region in rows:
        region._ancestors = [  # type: ignore[attr-defined]
            by_code[c] for c in region._ancestor_codes() if c in by_code]


class GrantQuerySet(models.QuerySet["Grant"]):
    def active(self) -> GrantQuerySet:
        return self.filter(revoked_at__isnull=True)


class Grant(BaseModel):
    """One role for one user at one scope: a region (and its subtree) or one agency."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.PROTECT,
                             related_name="grants")
    role = models.CharField("角色", max_length=30, choices=role_choices)
    region = models.ForeignKey(Region, verbose_name="区划范围", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="grants")
    agency = models.ForeignKey("orgs.Agency", verbose_name="单位范围", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="grants")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        ordering = ["user_id", "role"]
        constraints = [
            models.CheckConstraint(
                name="grant_scope_is_region_xor_agency",
                violation_error_message="授权范围须为一个区划或一个单位",
                condition=(Q(region__isnull=False, agency__isnull=True)
                           | Q(region__isnull=True, agency__isnull=False)),
            ),
            models.CheckConstraint(
                name="grant_agency_roles_at_agency",
                violation_error_message="单位填报员须授权到单位，其他角色须授权到区划",
                # A fixed order (a frozenset's changes with the hash seed, and makemigrations
                # then saw a change at random): the order migration 0005 recorded.
                condition=(Q(role__in=_AGENCY_ROLE_VALUES, agency__isnull=False)
                           | (~Q(role__in=_AGENCY_ROLE_VALUES)
                              & Q(region__isnull=False))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.agency_id:
            return str(self.agency)
        return self.region.full_name if self.region else ""


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def authenticate(self, raw: str) -> ApiToken | None:
        if not raw.startswith("jg_") or len(raw) > 100:
            return None
        return (self.active().select_related("user")
                .filter(token_hash=_hash_token(raw)).first())


class ApiToken(BaseModel):
    """A per-user API token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.PROTECT,
                             related_name="api_tokens")
    name = models.CharField("用途", max_length=60)
    prefix = models.CharField("前缀", max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def new_raw_token() -> str:
        return f"jg_{secrets.token_urlsafe(32)}"

    def set_token(self, raw: str) -> None:
        self.prefix = raw[:10]
        self.token_hash = _hash_token(raw)


# The records of the separated duties and old passwords live in their own module.
from jiguan.access.accounts.models import (  # noqa: E402, F401
    Approval,
    ApprovalKind,
    PasswordHistory,
    PasswordIssue,
)
