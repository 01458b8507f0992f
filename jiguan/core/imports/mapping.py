"""Saved column mappings: what a user said each column of a file is, kept per user and kind
of import, applied again when a file with the same header set comes (and shown), chosen by
name from the command line, or given there as ``--map 机构名称=name``.

Saving announces :data:`mapping_saved` inside its transaction; the audit app records it
(core imports neither access nor audit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal

from jiguan.core.excel.columns import Column
from jiguan.core.excel.headers import normalize_header
from jiguan.core.excel.layout import IGNORE
from jiguan.core.models import ImportMapping

#: Sent inside the saving transaction: ``sender`` = ImportMapping, kwargs ``mapping``,
#: ``actor``, ``created``.
mapping_saved = Signal()

IGNORE_WORDS = frozenset({"忽略", "ignore", "-", ""})


def saved_for(user: Any, kind: str, headers_key: str) -> ImportMapping | None:
    """The user's latest mapping of this kind saved for this header set."""
    return (ImportMapping.objects.filter(user=user, kind=kind, headers_key=headers_key)
            .order_by("-updated_at").first())


def named(user: Any, kind: str, name: str) -> ImportMapping | None:
    return ImportMapping.objects.filter(user=user, kind=kind, name=name).first()


@transaction.atomic
def mapping_save(*, user: Any, kind: str, name: str, headers_key: str,
                 mapping: Mapping[str, str], actor: Any) -> ImportMapping:
    """Save (or replace, by name) the user's mapping for this kind of import."""
    name = name.strip()[:100] or "未命名"
    found, created = ImportMapping.objects.update_or_create(
        user=user, kind=kind, name=name,
        defaults={"headers_key": headers_key, "mapping": dict(mapping), "updated_by": actor},
        create_defaults={"headers_key": headers_key, "mapping": dict(mapping),
                         "created_by": actor, "updated_by": actor})
    mapping_saved.send(sender=ImportMapping, mapping=found, actor=actor, created=created)
    return found


def field_of(text: str, columns: Sequence[Column]) -> str | None:
    """The field a user means by ``text``: a field name, a column label or alias, or
    忽略 (``""``); ``None`` when it names none."""
    text = text.strip()
    if text.casefold() in IGNORE_WORDS:
        return IGNORE
    key = normalize_header(text)
    for column in columns:
        if text == column.field or key in {normalize_header(n) for n in column.names}:
            return column.field
    return None


def parse_pairs(pairs: Iterable[str], columns: Sequence[Column]) -> dict[str, str]:
    """``["机构名称=name", "备注=忽略"]`` -> {normalised header: field}; ValidationError (in
    Chinese, naming the pair) for a pair without ``=`` or naming no field."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise ValidationError(f"列对应“{pair}”格式不对，应为“文件中的列名=字段”，"
                                  "如 机构名称=name 或 机构名称=单位名称")
        found = field_of(target, columns)
        if found is None:
            choices = "、".join(f"{c.field}（{c.label}）" for c in columns if c.claim is None)
            raise ValidationError(f"列对应“{pair}”中的“{target}”不是可导入的字段，"
                                  f"可选：{choices}，或“忽略”")
        mapping[normalize_header(header)] = found
    return mapping
