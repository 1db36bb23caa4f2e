"""A review's report (``reviews.publication.REPORT_KINDS``) is not public while
the review's report is deferred or will not be published: the document
visibility triggers read the review's publication too, and every document's
stored visibility is computed again."""

from django.db import migrations

from reviews.database import document_visibility, invalidation


def recompute(apps, schema_editor):
    document_visibility.fill(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0031_change_object_id"),
    ]

    operations = [
        migrations.RunPython(invalidation.install, migrations.RunPython.noop),
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
