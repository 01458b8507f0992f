"""The cache table of Django's database cache (settings.CACHES, JIGUAN_CACHE=database), made
by `migrate` so that no deployment step can forget `createcachetable`."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    # Creates the table of every database-cache alias in CACHES; a no-op for other backends
    # and when the table exists.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
