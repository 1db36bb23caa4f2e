"""PostgreSQL: every change to the content counters is announced on commit
(NOTIFY crp_versions), so that each process reads them again only when they
moved (``reviews.changelog.version_watch``). Nothing on SQLite."""

from django.db import migrations

from reviews.changelog import version_watch


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0025_notes_a_statement_at_a_time"),
    ]

    operations = [migrations.RunPython(version_watch.install, version_watch.uninstall)]
