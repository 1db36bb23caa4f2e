"""Full-text search: the words of every held PDF, and an index of each review
(``reviews.search``) — FTS5 on SQLite, a weighted tsvector with a GIN index on
PostgreSQL. Existing files are read once here; every review is noted as
written, so the next reconciliation indexes it by the same path as any write."""

from django.core.files.storage import default_storage
from django.db import migrations, models

from reviews.database import invalidation


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS reviews_search USING fts5("
            "title, summary, learning, documents, tokenize = 'porter unicode61')"
        )
    else:
        schema_editor.execute(
            "CREATE TABLE IF NOT EXISTS reviews_search (review_id bigint PRIMARY KEY, title text NOT NULL, "
            "summary text NOT NULL, learning text NOT NULL, documents text NOT NULL, vector tsvector NOT NULL)"
        )
        schema_editor.execute("CREATE INDEX IF NOT EXISTS reviews_search_vector ON reviews_search USING gin (vector)")


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS reviews_search")


def read_held_files_and_note_every_review(apps, schema_editor):
    from reviews.files.extraction import extract_text

    Document = apps.get_model("reviews", "Document")
    for document in Document.objects.exclude(file="").iterator():
        if default_storage.exists(document.file.name):
            with default_storage.open(document.file.name, "rb") as file:
                Document.objects.filter(pk=document.pk).update(extracted_text=extract_text(file))
    PendingChange = apps.get_model("reviews", "PendingChange")
    Review = apps.get_model("reviews", "Review")
    PendingChange.objects.bulk_create(
        (PendingChange(kind="review", object_id=pk) for pk in Review.objects.values_list("pk", flat=True).iterator()),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0017_changes_by_body"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="extracted_text",
            field=models.TextField(blank=True, editable=False),
        ),
        # SQLite rebuilds the table to add a column, dropping its triggers: put them back.
        migrations.RunPython(invalidation.install, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(read_held_files_and_note_every_review, migrations.RunPython.noop),
    ]
