from django.db import migrations

from reviews.database import invalidation


class Migration(migrations.Migration):
    """The one board becomes the first of many publishing bodies."""

    dependencies = [
        ("reviews", "0014_document_family"),
    ]

    operations = [
        migrations.RenameModel("Board", "Body"),
        migrations.RunPython(invalidation.drop_board_triggers, migrations.RunPython.noop),
    ]
