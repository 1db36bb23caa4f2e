"""PostgreSQL: inserts and deletes of content are noted for reconcile once a
statement, from its transition table, not once a row; a document's visibility
is read from its parent in one query. An import of 10,000 reviews writes about
100,000 rows, and the row triggers were a large part of its time. The triggers
are installed again (``reviews.database.invalidation.install``); on SQLite they are the
same as before."""

from django.db import migrations

from reviews.database import invalidation


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0024_search_vectors_kept_in_their_rows"),
    ]

    operations = [migrations.RunPython(invalidation.install, migrations.RunPython.noop)]
