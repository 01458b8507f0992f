# Written by hand (jiguan.core.search.RefreshSearchIndex; ADR 0013).
#
# The search triggers of Agency and Person are re-created in the form that a bulk write can
# defer (core.search.deferred_index), and the FTS5 tables are refilled from the rows. The
# refill also heals a database that applied 0003_search_and_list_indexes before
# 0003_user_columns_without_constraints: that AlterField rebuilt both tables on SQLite, which
# dropped their search triggers and left the search index stale. Nothing on PostgreSQL.

from django.db import migrations

from jiguan.core.search import RefreshSearchIndex


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0005_user_columns_without_indexes'),
    ]

    operations = [
        RefreshSearchIndex("agency", ("name",)),
        RefreshSearchIndex("person", ("name", "post")),
    ]
