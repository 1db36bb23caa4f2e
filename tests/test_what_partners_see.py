"""What partners see is defined once, by the serializers; every other list
that must follow them is checked against them here, so a field added to a
serializer and not to the change fingerprints, the list columns, the CSV or
the import/export fails a test instead of silently going untold."""

from api.v1 import exports, representations, serializers
from reviews.changelog import changes
from reviews.models import Document, Review
from reviews.transfer import content_io

# Shown, but not a column of the CSV: links and parts a spreadsheet has no use
# for (each has its own column or its own export), named so that a new field
# must be placed in one or the other.
NOT_IN_CSV = {"nations", "published_label", "match", "documents_url", "feed_url", "on_request", "commissioned",
              "commissioned_precision", "chair_statement", "contact"}  # fmt: skip
BOOKKEEPING = {"updated_at", "id"}  # moved by every write: never itself a change partners are told of


def read_columns(serializer_class, model):
    """The model columns (attnames) a serializer reads directly."""
    columns = {field.name: field.attname for field in model._meta.concrete_fields}
    return {
        columns[field.source.split(".")[0]]
        for field in serializer_class().fields.values()
        if field.source != "*" and field.source.split(".")[0] in columns
    }


def test_every_column_a_serializer_shows_is_in_its_change_fingerprint():
    assert read_columns(serializers.ReviewDetailSerializer, Review) - BOOKKEEPING <= set(changes.REVIEW_FIELDS)
    assert read_columns(serializers.DocumentSerializer, Document) - BOOKKEEPING <= set(changes.DOCUMENT_FIELDS)
    assert set(serializers.BodySummarySerializer.Meta.fields) - {"url"} <= set(changes.BODY_FIELDS)


def test_every_column_a_list_shows_is_loaded_for_it():
    loaded = set(representations.LIST_COLUMNS)
    shown = {column.removesuffix("_id") for column in read_columns(serializers.ReviewSerializer, Review)}
    assert shown - {"body"} <= loaded
    body = {f"body__{name}" for name in serializers.BodySummarySerializer.Meta.fields if name != "url"}
    assert body <= loaded


def test_every_field_of_a_review_is_a_csv_column_or_said_not_to_be():
    fields = set(serializers.ReviewDetailSerializer().fields)
    assert fields - NOT_IN_CSV <= set(exports.CSV_COLUMNS), "a new field: add it to exports.CSV or to NOT_IN_CSV"
    derived = {name for name, cell in exports.CSV.items() if cell is not None}
    plain = set(exports.CSV_COLUMNS) - derived
    assert plain <= fields | set(exports.RESEARCH_COLUMNS), "a plain column must be a field of the detail serializer"


def test_every_editable_column_partners_see_is_imported_and_exported():
    editable = {field.attname for field in Review._meta.concrete_fields if field.editable}
    shown = read_columns(serializers.ReviewDetailSerializer, Review) & editable
    transferred = {Review._meta.get_field(name).attname for name in content_io.REVIEW_FIELDS}
    assert shown - BOOKKEEPING <= transferred
