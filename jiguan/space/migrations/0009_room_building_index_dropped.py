# The database side written by hand, as orgs 0005: Django's AlterField would rebuild the room
# table on SQLite; a plain DROP INDEX (Django's index name, the same on SQLite and
# PostgreSQL) is enough and reversible.
#
# Room.building loses its single-column index: the (building, number) unique constraint's
# index serves every lookup by building, and with the redundant index gone the databases
# read a page of a room list from the unique index in order (space.register.queries.rooms_for,
# bench/README.md).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('space', '0008_merge_session5'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='room',
                    name='building',
                    field=models.ForeignKey(db_index=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name='rooms', to='space.building',
                                            verbose_name='房产'),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "space_room_building_id_7b586989"',
                                  'CREATE INDEX "space_room_building_id_7b586989" '
                                  'ON "space_room" ("building_id")'),
            ],
        ),
    ]
