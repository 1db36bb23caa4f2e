"""PostgreSQL: a new (or moved) document reads its parent's visibility under a
share lock, so a withdrawal committing at the same moment cannot leave it
public (``reviews.database.document_visibility``). SQLite serialises writers already."""

from django.db import migrations

from reviews.database import invalidation


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0026_versions_announced"),
    ]

    operations = [migrations.RunPython(invalidation.install, migrations.RunPython.noop)]
