"""The province's starting lists of rule kinds and subjects (it edits them later): seeded by
migration 0002 and again by tests after a live-server flush."""

from __future__ import annotations

from typing import Any

KINDS = [
    ("法律", False), ("行政法规", False), ("党内法规", False), ("部门规章", False),
    ("部门规范性文件", False), ("地方性法规", False), ("政府规章", False),
    ("行政规范性文件", True), ("党内规范性文件", False), ("国家标准", False),
    ("内部管理制度", False),
]
SUBJECTS = ["办公用房", "公务用车", "公务接待", "会议", "办公家具", "差旅/培训/会议费",
            "后勤服务购买", "维修改造与租赁", "国有资产", "土地与房屋使用", "节能", "综合",
            "其他"]


def seed_lists(kind_model: Any, subject_model: Any) -> None:
    """Create the kinds and subjects that are missing (idempotent)."""
    for i, (name, validity) in enumerate(KINDS, start=1):
        kind_model.objects.get_or_create(name=name,
                                         defaults={"order": i, "has_validity": validity})
    for i, name in enumerate(SUBJECTS, start=1):
        subject_model.objects.get_or_create(name=name, defaults={"order": i})
