"""What the API index (``/api/v1/``) answers: where everything is, and who publishes."""

from rest_framework import serializers

from api.v1.serializers import ContactSerializer


class BoardSerializer(serializers.Serializer):
    name = serializers.CharField()
    short_name = serializers.CharField()
    independent_chair = serializers.CharField()
    website = serializers.CharField()
    availability_months = serializers.IntegerField(help_text="Months a review's documents stay available.")
    archive_contact = ContactSerializer(allow_null=True, help_text="Whom to ask about past reviews.")


class FeedLinksSerializer(serializers.Serializer):
    atom = serializers.URLField(help_text="Atom 1.0.")
    rss = serializers.URLField(help_text="RSS 2.0.")
    json = serializers.URLField(help_text="JSON Feed 1.1.")


class ExportLinksSerializer(serializers.Serializer):
    jsonl = serializers.URLField(help_text="Every public review, as JSON Lines.")
    csv = serializers.URLField(help_text="Every public review, as CSV.")


class IndexSerializer(serializers.Serializer):
    board = BoardSerializer(help_text="The installation's first publishing body (all of them: bodies).")
    bodies = serializers.URLField(help_text="The publishing bodies.")
    reviews = serializers.URLField(help_text="The list of public reviews.")
    documents = serializers.URLField(help_text="The list of public documents.")
    leaflets = serializers.URLField(help_text="The list of leaflets.")
    contacts = serializers.URLField(help_text="The list of contacts.")
    themes = serializers.URLField(help_text="The themes of public reviews.")
    agencies = serializers.URLField(help_text="The controlled list of agencies involved.")
    changes = serializers.URLField(help_text="The changes log, for partners that mirror the content.")
    feeds = FeedLinksSerializer()
    exports = ExportLinksSerializer()
    schema = serializers.URLField(help_text="This OpenAPI description.")
    docs = serializers.URLField(help_text="Its documentation, with Try it out.")

    class Meta:
        ref_name = "ApiIndex"  # "Index" clashes with generators' own names
