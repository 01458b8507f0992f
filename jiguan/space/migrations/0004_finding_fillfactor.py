"""PostgreSQL: leave half of each page of the findings table free.

The day's first compliance recompute stamps ``last_seen_at`` of every active finding (one
UPDATE of ~190,000 rows at province scale). PostgreSQL writes a new version of each row;
with full pages the new version goes to another page and all 16 indexes of the table get
an entry for it (measured: 8.8 s). With room on the page the update is HOT (heap-only: no
index is touched; last_seen_at is in no index) and the space is pruned and reused the next
day: 0.6–1.0 s. New pages follow the setting at once; existing rows follow as they are
rewritten (``VACUUM FULL space_finding`` applies it to all of them). SQLite: nothing.
"""

from django.db import migrations


def _set(fillfactor: int):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE space_finding SET (fillfactor = {fillfactor:d})")
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("space", "0003_findings"),
    ]

    operations = [
        migrations.RunPython(_set(50), _set(100)),
    ]
