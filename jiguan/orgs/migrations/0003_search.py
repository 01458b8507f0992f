"""Indexed substring search on agency and person names (jiguan.core.search)."""

from django.db import migrations

from jiguan.core.search import AddSearchIndex


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0002_import_job'),
    ]

    operations = [
        AddSearchIndex("agency", ("name",)),
        AddSearchIndex("person", ("name", "post")),
    ]
