"""Search indexes each review's type with its title (``reviews.search.parts_of``):
every review is noted as written, so the worker's next pass indexes it again."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0036_body_licence"),
    ]

    operations = [
        migrations.RunSQL(
            "INSERT INTO reviews_pendingchange (kind, object_id) SELECT 'review', id FROM reviews_review",
            migrations.RunSQL.noop,
        ),
    ]
