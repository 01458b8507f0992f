"""The kinds and subjects of rules: the province's starting lists (library/data.py)."""

from typing import Any

from django.db import migrations

from jiguan.governance.library.data import seed_lists


def forwards(apps: Any, schema_editor: Any) -> None:
    seed_lists(apps.get_model("governance", "RuleKind"),
               apps.get_model("governance", "RuleSubject"))


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
