"""Import and export of content as JSON: round trip, idempotence, refusals."""

import copy
import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.content_io import export_content
from reviews.models import Document, Leaflet, Review
from reviews.seed import SEED_FILE
from tests.factories import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_data():
    return json.loads(SEED_FILE.read_text(encoding="utf-8"))


def write(tmp_path, data, name="content.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_export_import_export_gives_the_same_file(tmp_path, seed_data, django_db_blocker):
    call_command("import_content", write(tmp_path, seed_data))
    first = tmp_path / "first.json"
    call_command("export_content", first)
    # Into an empty database.
    Review.objects.all().delete()
    Leaflet.objects.all().delete()
    from reviews.models import Board, Contact, Theme

    for model in (Board, Contact, Theme):
        model.objects.all().delete()
    call_command("import_content", first)
    second = tmp_path / "second.json"
    call_command("export_content", second)
    assert second.read_text() == first.read_text()
    assert json.loads(first.read_text())["reviews"][2]["documents"][0]["stated_size"] == "1.2 MB"


def test_importing_twice_changes_nothing(tmp_path, seed_data, capsys):
    path = write(tmp_path, seed_data)
    call_command("import_content", path)
    stamps = list(Review.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("import_content", path)
    assert "0 record(s) changed" in capsys.readouterr().err
    assert list(Review.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_an_edited_file_updates_only_what_changed(tmp_path, seed_data):
    call_command("import_content", write(tmp_path, seed_data))
    edited = copy.deepcopy(seed_data)
    edited["reviews"][0]["key_learning"] = ["Head injuries in non-mobile babies need a child protection response."]
    edited["leaflets"][0]["sections"][0]["items"].append("A new point.")
    call_command("import_content", write(tmp_path, edited))
    assert Review.objects.get(slug="child-n").key_learning[0].startswith("Head injuries")
    assert Leaflet.objects.get().sections.first().items.last().text == "A new point."
    assert export_content()["reviews"][0]["key_learning"] == edited["reviews"][0]["key_learning"]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (
            lambda d: d["reviews"][1].update(published_at="2016-07-32T00:00:00+01:00"),
            "reviews[1]: field 'published_at'",
        ),
        (lambda d: d["reviews"][1].update(published_at="2016-07-01T00:00:00"), "needs a UTC offset"),
        (lambda d: d["reviews"][0].update(incident="bad-thing"), "reviews[0]: field 'incident'"),
        (lambda d: d["reviews"][2].update(contact="nobody"), "reviews[2]: field 'contact': no contact"),
        (lambda d: d["reviews"][2].update(themes=["unheard-of"]), "reviews[2] (pip): field 'themes'"),
        (
            lambda d: d["reviews"][2]["documents"][0].update(kind="poster"),
            "reviews[2] (pip) documents[0]: field 'kind'",
        ),
        (lambda d: d["reviews"][2]["documents"][0].update(file="documents/missing.pdf"), "no stored file"),
        (lambda d: d["leaflets"][0]["sections"][1].pop("heading"), "sections[1]: field 'heading' is required"),
        (lambda d: d["contacts"][1].update(email="not an email"), "contacts[1]: field 'email'"),
        (lambda d: d["reviews"][0].pop("slug"), "reviews[0]: field 'slug' is required"),
        (lambda d: d.update(format="something-else"), "field 'format'"),
    ],
)
def test_a_malformed_file_is_refused_naming_record_and_field(tmp_path, seed_data, mutate, message):
    mutate(seed_data)
    with pytest.raises(CommandError) as refused:
        call_command("import_content", write(tmp_path, seed_data))
    assert message in str(refused.value)
    # All or nothing: the records before the bad one were not kept either.
    assert not Review.objects.exists()
    assert not Document.objects.exists()


def test_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_content", path)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_content", tmp_path / "absent.json")


@pytest.fixture
def last_nights_export(tmp_path, seed_data):
    """The seed imported, then exported, as a nightly backup would be; the clock then moves on."""
    with time_machine.travel(NOW, tick=False):
        call_command("import_content", write(tmp_path, seed_data))
        call_command("export_content", tmp_path / "last-night.json")
    with time_machine.travel(NOW + timedelta(hours=9), tick=False):
        yield tmp_path / "last-night.json"


def test_last_nights_export_never_undoes_this_mornings_withdrawal_or_edit(last_nights_export, capsys):
    Review.objects.get(slug="pip").withdraw("Court order this morning")
    jaiden = Review.objects.get(slug="jaiden")
    jaiden.summary = "Corrected this morning."
    jaiden.save()
    call_command("import_content", last_nights_export)
    assert Review.objects.get(slug="pip").withdrawn_at is not None
    assert Review.objects.get(slug="jaiden").summary == "Corrected this morning."
    said = capsys.readouterr().err
    kept = [line for line in said.splitlines() if "kept as it is: it was edited after this file was made" in line]
    assert len(kept) == 2  # Pip (withdrawn this morning) and Jaiden


def test_overwrite_applies_the_file_and_says_what_it_overwrote(last_nights_export, capsys):
    jaiden = Review.objects.get(slug="jaiden")
    jaiden.summary = "Corrected this morning."
    jaiden.save()
    call_command("import_content", last_nights_export, "--overwrite")
    assert Review.objects.get(slug="jaiden").summary != "Corrected this morning."
    assert "overwritten although it was edited after this file was made" in capsys.readouterr().err


def test_a_file_without_dates_never_lifts_a_withdrawal(tmp_path, seed_data, capsys):
    call_command("import_content", write(tmp_path, seed_data))
    Review.objects.get(slug="pip").withdraw("Court order")
    undated = copy.deepcopy(seed_data)
    for record in undated["reviews"]:
        record["withdrawn_at"] = None
    call_command("import_content", write(tmp_path, undated, "undated.json"))
    assert Review.objects.get(slug="pip").withdrawn_at is not None
    assert "kept as it is: it was withdrawn" in capsys.readouterr().err


def test_a_restore_keeps_each_records_last_edit_time(last_nights_export):
    stated = {r["slug"]: r["updated_at"] for r in json.loads(last_nights_export.read_text())["reviews"]}
    Review.objects.all().delete()
    call_command("import_content", last_nights_export)
    for review in Review.objects.all():
        assert review.updated_at == datetime.fromisoformat(stated[review.slug])
