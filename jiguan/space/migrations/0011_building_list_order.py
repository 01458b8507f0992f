# The building list is read in its order (region, then code) from a (region, code) index:
# bench/README.md, session 9. Building.region loses its single-column index, which the new
# index's leading column replaces (as space 0009 did for the rooms): with both, the planner
# may read the buildings of a region through the narrower one and sort them. The drop is
# written by hand (Django's AlterField would rebuild the table on SQLite).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('space', '0010_finding_list_order_index'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='building',
            index=models.Index(fields=['region', 'code'], name='building_list_order'),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='building',
                    name='region',
                    field=models.ForeignKey(db_index=False,
                                            on_delete=django.db.models.deletion.PROTECT,
                                            related_name='buildings', to='access.region',
                                            verbose_name='所在区划'),
                ),
            ],
            database_operations=[
                migrations.RunSQL('DROP INDEX IF EXISTS "space_building_region_id_e687e494"',
                                  'CREATE INDEX "space_building_region_id_e687e494" '
                                  'ON "space_building" ("region_id")'),
            ],
        ),
    ]
