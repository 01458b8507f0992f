"""The kinds and subjects of rules: the province's starting lists (it edits them later)."""

from typing import Any

from django.db import migrations

KINDS = [
    ("法律", False), ("行政法规", False), ("党内法规", False), ("部门规章", False),
    ("部门规范性文件", False), ("地方性法规", False), ("政府规章", False),
    ("行政规范性文件", True),
    ("党内规范性文件", False), ("国家标准", False), ("内部管理制度", False),
]
SUBJECTS = ["办公用房", "公务用车", "公务接待", "会议", "办公家具", "差旅/培训/会议费",
            "后勤服务购买", "维修改造与租赁", "国有资产", "土地与房屋使用", "节能", "综合",
            "其他"]


def forwards(apps: Any, schema_editor: Any) -> None:
    kind = apps.get_model("governance", "RuleKind")
    subject = apps.get_model("governance", "RuleSubject")
    for i, (name, validity) in enumerate(KINDS, start=1):
        kind.objects.get_or_create(name=name, defaults={"order": i, "has_validity": validity})
    for i, name in enumerate(SUBJECTS, start=1):
        subject.objects.get_or_create(name=name, defaults={"order": i})


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
