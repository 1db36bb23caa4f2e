"""Each pending change keeps the database's clock at its write (``written_at``),
so the changes log dates a write made by any path when it was made, not when the
worker next looked. SQLite cannot add a column with a clock for default in
place: the table is rebuilt with the triggers that write to it set aside, and
they are made again after."""

import django.db.models.functions.datetime
from django.db import migrations, models

from reviews.database import invalidation


def set_triggers_aside(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'crp_%'")
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0037_search_review_types"),
    ]

    operations = [
        migrations.RunPython(set_triggers_aside, migrations.RunPython.noop),
        migrations.AddField(
            model_name="pendingchange",
            name="written_at",
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now()),
        ),
        migrations.RunPython(invalidation.install, invalidation.install),
    ]
