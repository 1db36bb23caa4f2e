"""Proof by a model: random editorial histories, every write path, every surface.

A hypothesis state machine makes random sequences of editorial operations —
admin actions (withdraw, reinstate, extend) and change forms, ``QuerySet.update()``, ``bulk_create``,
``bulk_update``, queryset and instance deletes, raw SQL, the seed loaded again, an export/import
round trip, documents moved and rescheduled, themes and contacts renamed and
deleted, the board's window changed, and time passing across embargoes and
windows. After each step it computes the public state from scratch, from
the rows, with its own plain spelling of the rules (not
``reviews.publication``), and compares every public surface with it: lists,
details, documents, downloads, both feeds, the changes log replayed into a
mirror, and every validator held from earlier steps revalidated (a 304 is
only right if the body is unchanged).

A bounded number of examples runs in the suite on each database; set
``MODEL_EXAMPLES`` (and ``MODEL_STEPS``) for a longer run, e.g. nightly.
"""

import json
import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from lxml import etree, html

from examples.mirror import Mirror
from reviews.changelog import changes, versions
from reviews.models import (
    Announcement,
    Body,
    Change,
    Contact,
    Document,
    Leaflet,
    PendingChange,
    Review,
    Reviewer,
    Theme,
)
from reviews.seed import load_seed_content
from reviews.transfer import content_io, importing
from tests.factories import NOW, WRITE_PATHS, make_pdf, withdraw_by, write_by
from tests.readonly import reads_only

EXAMPLES = int(os.environ.get("MODEL_EXAMPLES", "8"))
STEPS = int(os.environ.get("MODEL_STEPS", "14"))
ATOM = "{http://www.w3.org/2005/Atom}"
TOMBSTONE = "{http://purl.org/atompub/tombstones/1.0}deleted-entry"
OFFSETS = st.sampled_from([-400, -200, -30, -1, 0, 1, 2, 30])  # days from now
STEPS_OF_TIME = st.sampled_from([timedelta(seconds=1), timedelta(hours=1), timedelta(days=1), timedelta(days=40),
                                 timedelta(days=190)])  # fmt: skip
TOMBSTONE_DAYS = 30
LONDON = ZoneInfo("Europe/London")


# The rules, spelled plainly and independently -------------------------------------------


def window_end(published, months):
    """Calendar months on the board's wall clock (the day clamped to a shorter month's end)."""
    local = published.astimezone(LONDON).replace(tzinfo=None) + relativedelta(months=months)
    return local.replace(tzinfo=LONDON)


def expected(now):
    """What the public may see at ``now``, from the rows alone."""
    months = dict(Body.objects.values_list("pk", "availability_months"))
    reviews = {
        r["pk"]: {**r, "available_until": r["available_until_override"]
                  or window_end(r["published_at"], months[r["body_id"]])}
        for r in Review.objects.values("pk", "slug", "body_id", "published_at", "available_until_override",
                                       "withdrawn_at", "publication")
    }  # fmt: skip
    leaflets = {leaf["pk"]: leaf for leaf in Leaflet.objects.values("pk", "slug", "published_at", "withdrawn_at")}
    public_reviews = {pk: r for pk, r in reviews.items() if r["withdrawn_at"] is None and r["published_at"] <= now}
    available = {pk for pk, r in public_reviews.items() if r["available_until"] > now}
    public_leaflets = {
        pk for pk, leaf in leaflets.items() if leaf["withdrawn_at"] is None and leaf["published_at"] <= now
    }
    documents, downloadable, added_later = {}, set(), set()
    for d in Document.objects.values("pk", "uid", "review_id", "leaflet_id", "published_at", "file", "kind"):
        if d["published_at"] > now:
            continue
        held_back = d["review_id"] in reviews and reviews[d["review_id"]]["publication"] != "report"
        if d["kind"] in ("full_report", "executive_summary") and held_back:
            continue  # the report of a review whose report is deferred, or will not be published
        if d["review_id"] in public_reviews:
            documents[d["pk"]] = d
            if d["review_id"] in available and d["file"]:
                downloadable.add(d["pk"])
            if d["review_id"] in available and d["published_at"] > reviews[d["review_id"]]["published_at"]:
                added_later.add(d["uid"])
        elif d["leaflet_id"] in public_leaflets:
            documents[d["pk"]] = d
            if d["file"]:
                downloadable.add(d["pk"])
    feed = {f"review/{pk}" for pk in available} | {f"document/{uid}" for uid in added_later}
    feed |= {f"leaflet/{pk}" for pk in public_leaflets}
    # What has a feed entry of its own and is public now: once it is not, it was taken down.
    shown = {f"review/{pk}" for pk in public_reviews} | {f"leaflet/{pk}" for pk in public_leaflets}
    # A public review's lifecycle: archived once its window closes; until then what was published.
    lifecycle = {"report": "available", "deferred": "deferred", "improvements_only": "improvements_only"}
    bodies = dict(Body.objects.values_list("pk", "slug"))
    return {
        "reviews": {r["slug"]: ("available" if pk in available else "archived") for pk, r in public_reviews.items()},
        "lifecycles": {
            r["slug"]: lifecycle[r["publication"]] if pk in available else "archived"
            for pk, r in public_reviews.items()
        },  # fmt: skip
        "bodies": {
            slug: {r["slug"] for r in public_reviews.values() if r["body_id"] == pk} for pk, slug in bodies.items()
        },  # fmt: skip
        "documents": set(documents),
        "downloadable": downloadable,
        "leaflets": {leaflets[pk]["slug"] for pk in public_leaflets},
        "feed": feed,
        "shown": shown,
    }


# The surfaces, read as a partner reads them ---------------------------------------------


def pages(client, path, **params):
    params = {"page_size": 100, **params}
    found = []
    while True:
        response = client.get(path, params, HTTP_CACHE_CONTROL="")
        assert response.status_code == 200, (path, response.content)
        body = response.json()
        found += body["results"]
        if not body["next"]:
            return found
        params["page"] = params.get("page", 1) + 1


def feed_ids(body):
    root = etree.fromstring(body)
    entries = {element.findtext(f"{ATOM}id") for element in root.iter(f"{ATOM}entry")}
    stones = {element.get("ref") for element in root.iter(TOMBSTONE)}
    tail = re.compile(r"^tag:[^:]+:")
    return {tail.sub("", i) for i in entries}, {tail.sub("", i) for i in stones}


def rss_ids(body):
    root = etree.fromstring(body)
    return {re.sub(r"^tag:[^:]+:", "", guid.text) for guid in root.iter("guid")}


def admin_form_data(page, form_id="review_form"):
    """The fields of an admin change form, as a browser would post them."""
    form = html.fromstring(page).get_element_by_id(form_id)
    data = {}
    for field in form.iter("input", "select", "textarea"):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "file", "button"):
            continue
        if field.tag == "select":
            chosen = [option.get("value") for option in field.iter("option") if option.get("selected") is not None]
            if field.get("multiple") is not None:
                data[name] = chosen  # nothing chosen: the field is left out, as a browser does
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.tag == "textarea":
            data[name] = field.text or ""
        elif field.get("type") == "checkbox":
            if field.get("checked") is not None:
                data[name] = field.get("value") or "on"
        else:
            data[name] = field.get("value") or ""
    return data


class ClientMirror(Mirror):
    """The reference mirror client (examples/mirror.py), reading through the test client."""

    def __init__(self, client, directory):
        super().__init__(f"{django_settings.PUBLIC_BASE_URL}/api/v1/", directory)
        self.client = client

    def get(self, url):
        response = self.client.get(url.removeprefix(django_settings.PUBLIC_BASE_URL))
        if response.status_code in (404, 410):
            return None
        assert response.status_code == 200, (url, response.content)
        return response.json()


def mirrored(directory):
    return {
        str(path.relative_to(directory)): json.loads(path.read_text()) for path in sorted(directory.rglob("*.json"))
    }


def public_state(mirror):
    """What the API shows, in the mirror's layout."""
    state = {}
    for review in mirror.pages(f"{mirror.api}reviews/?status=all&page_size=100"):
        state[f"reviews/{review['slug']}.json"] = mirror.get(review["url"])
    for document in mirror.pages(f"{mirror.api}documents/?status=all&page_size=100"):
        state[f"documents/{document['id']}.json"] = document
    for leaflet in mirror.pages(f"{mirror.api}leaflets/?page_size=100"):
        state[f"leaflets/{leaflet['slug']}.json"] = mirror.get(leaflet["url"])
    return state


# The machine ------------------------------------------------------------------------------


class EditorialHistory(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.clock = time_machine.travel(NOW, tick=False)
        self.traveller = self.clock.start()
        for model in (Document, Review, Leaflet, Theme, Contact, Body, Change, Announcement, PendingChange):
            model.objects.all().delete()
        cache.clear()
        versions.forget()
        self.unit = Contact.objects.create(slug="unit", name="Safeguarding Unit")
        Body.objects.create(slug="the-board", name="The Board", availability_months=6, archive_contact=self.unit)
        # A library of two: the second body's window and nation differ.
        Body.objects.create(slug="the-other", name="The Other Board", nation="wales", availability_months=12)
        self.public = Client(HTTP_ACCEPT="application/json")
        user = get_user_model().objects.filter(username="model-editor").first()
        user = user or get_user_model().objects.create_superuser("model-editor", password="x-long-password-1")
        self.user = user
        self.numbers = iter(range(1, 10_000))
        self.former_slugs = {}  # old slug -> the review renamed from it
        self.held = {}  # path -> (ETag, Last-Modified, body) from an earlier step
        self.directory = tempfile.TemporaryDirectory()
        self.mirror = ClientMirror(self.public, Path(self.directory.name))
        self.mirror.sync()
        # The model's own memory of what partners saw: each review or leaflet
        # shown at some step, and when one that was shown stopped being public.
        self.ever_shown, self.taken_down = set(), {}

    @property
    def editor(self):
        """A signed-in editor (signed in again: time passing ends sessions)."""
        client = Client()
        client.force_login(self.user)
        return client

    def teardown(self):
        self.clock.stop()
        self.directory.cleanup()

    @property
    def now(self):
        from django.utils import timezone

        return timezone.now()

    def days(self, offset):
        return self.now + timedelta(days=offset)

    def pick(self, model, data):
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        return model.objects.get(pk=data.draw(st.sampled_from(pks))) if pks else None

    # Writes: the ORM ------------------------------------------------------------------

    @initialize()
    def some_content(self):
        self.add_review(offset=-1, themed=True)
        self.add_review(offset=-200, themed=False)

    @rule(offset=OFFSETS, themed=st.booleans(), other_body=st.booleans(), kind=st.sampled_from(Review.Type.values))
    def add_review(self, offset, themed, other_body=False, kind=Review.Type.SERIOUS_CASE_REVIEW):
        number = next(self.numbers)
        body = Body.objects.get(slug="the-other") if other_body else Body.default()
        review = Review.objects.create(slug=f"r{number}", title=f"Child {number}", incident="death", body=body,
                                       review_type=kind, summary="Words.", published_at=self.days(offset))  # fmt: skip
        if themed:
            theme, _ = Theme.objects.get_or_create(slug="neglect", defaults={"name": "neglect"})
            review.themes.add(theme)
        Document.objects.create(review=review, kind="full_report", title="Report", published_at=review.published_at,
                                file=ContentFile(make_pdf([f"Report {number}"]), name="report.pdf"))  # fmt: skip

    @rule(data=st.data(), offset=OFFSETS, with_file=st.booleans())
    def add_document(self, data, offset, with_file):
        review = self.pick(Review, data)
        if review is None:
            return
        file = ContentFile(make_pdf(["Briefing"]), name="briefing.pdf") if with_file else ""
        Document.objects.create(review=review, kind="seven_minute_briefing", title="Briefing",
                                published_at=max(self.days(offset), review.published_at), file=file)  # fmt: skip

    @rule(offset=OFFSETS)
    def bulk_create_review(self, offset):
        number = next(self.numbers)
        published = self.days(offset)
        until = published + timedelta(days=183)
        Review.objects.bulk_create(
            [Review(body=Body.default(), slug=f"b{number}", title=f"Bulk {number}", incident="death", summary="B.",
                    published_at=published, available_until=until)]
        )  # fmt: skip

    @rule(data=st.data(), how=st.sampled_from(WRITE_PATHS))
    def withdraw_by_any_path(self, data, how):
        review = self.pick(Review, data)
        if review is None:
            return
        withdraw_by(how, review, self.now - timedelta(days=data.draw(st.sampled_from([0, 0, 60]))))

    @rule(data=st.data())
    def reinstate(self, data):
        review = self.pick(Review, data)
        if review is not None:
            Review.objects.filter(pk=review.pk).update(withdrawn_at=None)

    @rule(data=st.data(), offset=OFFSETS, how=st.sampled_from(["save", "update"]))
    def reschedule_review(self, data, offset, how):
        review = self.pick(Review, data)
        if review is None:
            return
        if how == "save":
            review.published_at = self.days(offset)
            review.save()
        else:  # a script: the window's end is left for the system to follow
            Review.objects.filter(pk=review.pk).update(published_at=self.days(offset))

    @rule(data=st.data(), how=st.sampled_from(["save", "update"]))
    def rename_review(self, data, how):
        review = self.pick(Review, data)
        if review is None:
            return
        old, new = review.slug, f"renamed-{next(self.numbers)}"
        if how == "save":
            review.slug = new
            review.save()
        else:  # a script
            Review.objects.filter(pk=review.pk).update(slug=new)
        self.former_slugs[old] = review.pk

    @invariant()
    def a_former_slug_leads_only_to_a_public_review(self):
        """An old address answers 301 to the renamed review while it is public;
        a review that holds the slug now owns it (200 if public, else 404)."""
        public = Review.objects.public(self.now)
        for slug, pk in getattr(self, "former_slugs", {}).items():
            response = self.public.get(f"/api/v1/reviews/{slug}/")
            if Review.objects.filter(slug=slug).exists():
                assert response.status_code == (200 if public.filter(slug=slug).exists() else 404), slug
            elif public.filter(pk=pk).exists():
                current = public.get(pk=pk).slug
                assert response.status_code == 301 and response["Location"].endswith(f"/reviews/{current}/"), slug
            else:
                assert response.status_code == 404, slug

    @rule(data=st.data(), offset=OFFSETS)
    def reschedule_document(self, data, offset):
        document = self.pick(Document, data)
        if document is not None:
            Document.objects.filter(pk=document.pk).update(published_at=self.days(offset))

    @rule(data=st.data())
    def move_document(self, data):
        document, review = self.pick(Document, data), self.pick(Review, data)
        if document is not None and review is not None:
            Document.objects.filter(pk=document.pk).update(review=review, leaflet=None)

    @rule(data=st.data(), queryset=st.booleans())
    def delete_review(self, data, queryset):
        review = self.pick(Review, data)
        if review is not None:
            Review.objects.filter(pk=review.pk).delete() if queryset else review.delete()

    @rule(data=st.data())
    def delete_document(self, data):
        document = self.pick(Document, data)
        if document is not None:
            document.delete()

    @rule(data=st.data())
    def edit_by_update(self, data):
        review = self.pick(Review, data)
        if review is not None:
            Review.objects.filter(pk=review.pk).update(summary=f"Edited {next(self.numbers)}.")

    @rule(how=st.sampled_from(["rename", "update", "delete"]))
    def change_theme(self, how):
        theme = Theme.objects.first()
        if theme is None:
            return
        if how == "rename":
            theme.name = f"theme {next(self.numbers)}"
            theme.save()
        elif how == "update":
            Theme.objects.filter(pk=theme.pk).update(name=f"theme {next(self.numbers)}")
        else:
            theme.delete()

    @rule(how=st.sampled_from(["rename", "delete"]), data=st.data())
    def change_contact(self, how, data):
        review = self.pick(Review, data)
        if how == "rename":
            Contact.objects.filter(pk=self.unit.pk).update(name=f"Unit {next(self.numbers)}")
        elif review is not None:
            contact = Contact.objects.create(slug=f"c{next(self.numbers)}", name="Temporary")
            Review.objects.filter(pk=review.pk).update(contact=contact)
            contact.delete()

    @rule(months=st.sampled_from([3, 6, 12]), how=st.sampled_from(["save", "update"]), data=st.data())
    def change_window(self, months, how, data):
        body = self.pick(Body, data)
        if how == "save":
            body.availability_months = months
            body.save()
        else:
            Body.objects.filter(pk=body.pk).update(availability_months=months)

    @rule(data=st.data(), how=st.sampled_from(WRITE_PATHS))
    def move_review_to_another_body(self, data, how):
        review, body = self.pick(Review, data), self.pick(Body, data)
        if review is not None:
            write_by(how, review, "body_id", body.pk)

    @rule(data=st.data(), publication=st.sampled_from(["report", "deferred", "improvements_only"]),
          how=st.sampled_from(["save", "update"]))  # fmt: skip
    def change_publication(self, data, publication, how):
        review = self.pick(Review, data)
        if review is None:
            return
        reason = {"report": "", "deferred": "parallel_proceedings", "improvements_only": "identification"}
        fields = {"publication": publication, "publication_reason": reason[publication], "expected_publication": None}
        if how == "save":
            for name, value in fields.items():
                setattr(review, name, value)
            review.save()
        else:
            Review.objects.filter(pk=review.pk).update(**fields)

    @rule(offset=OFFSETS, withdrawn=st.booleans())
    def leaflet(self, offset, withdrawn):
        leaflet = Leaflet.objects.filter(slug="parents").first()
        if leaflet is None:
            leaflet = Leaflet.objects.create(slug="parents", title="For parents", published_at=self.days(offset))
            Document.objects.create(leaflet=leaflet, kind="leaflet", title="Leaflet", published_at=leaflet.published_at)
        else:
            Leaflet.objects.filter(pk=leaflet.pk).update(withdrawn_at=self.now if withdrawn else None)

    # Writes: the admin and the import --------------------------------------------------

    @rule(data=st.data())
    def admin_withdraw(self, data):
        review = self.pick(Review, data)
        if review is not None:
            chosen = {"action": "withdraw", "_selected_action": [review.pk], "reason": "Court order"}
            response = self.editor.post("/admin/reviews/review/", chosen)
            assert response.status_code == 302

    @rule(data=st.data())
    def admin_reinstate(self, data):
        review = self.pick(Review, data)
        if review is not None:
            chosen = {"action": "reinstate", "_selected_action": [review.pk], "reason": "Order lifted"}
            assert self.editor.post("/admin/reviews/review/", chosen).status_code == 302

    @rule(data=st.data())
    def admin_extend(self, data):
        review = self.pick(Review, data)
        if review is not None:
            self.editor.post(
                "/admin/reviews/review/", {"action": "extend_availability", "_selected_action": [review.pk]}
            )

    @rule(data=st.data())
    def admin_edit(self, data):
        review = self.pick(Review, data)
        if review is None:
            return
        url, editor = f"/admin/reviews/review/{review.pk}/change/", self.editor
        form = admin_form_data(editor.get(url).content)
        form["summary"] = f"Edited in the admin {next(self.numbers)}."
        response = editor.post(url, form)
        assert response.status_code == 302, response.content[:2000]

    @rule(data=st.data())
    def open_a_change_form(self, data):
        """An editor opens a review and leaves the form open while other steps happen."""
        review = self.pick(Review, data)
        if review is not None:
            url = f"/admin/reviews/review/{review.pk}/change/"
            self.opened = (review.pk, url, admin_form_data(self.editor.get(url).content))

    @rule()
    def save_the_open_form(self):
        """No lost edits: a save from a form opened before the review was written
        is refused and changes nothing; one opened on what is still current lands."""
        if getattr(self, "opened", None) is None:
            return
        pk, url, form = self.opened
        self.opened = None
        current = Review.objects.filter(pk=pk).first()
        if current is None:
            return
        review_stale = current.version != int(form["based_on_version"])
        rows = {"documents": Document, "reviewers": Reviewer}
        rows_stale = any(
            not rows[name.split("-")[0]].objects.filter(pk=form[name.replace("based_on_version", "id")],
                                                        version=int(value)).exists()
            for name, value in form.items() if name.endswith("-based_on_version") and value  # not the empty row
        )  # fmt: skip
        summary = f"Saved from an open form {next(self.numbers)}."
        response = self.editor.post(url, {**form, "summary": summary})
        current.refresh_from_db()
        if review_stale:
            assert response.status_code == 200 and b"Not saved" in response.content
        elif not rows_stale:
            assert response.status_code == 302, response.content[:2000]
        assert (current.summary == summary) == (response.status_code == 302)

    @rule(data=st.data())
    def import_round_trip(self, data):
        exported = content_io.export_content()
        if exported["reviews"]:
            record = data.draw(st.sampled_from(exported["reviews"]))
            record["summary"] = f"Imported {next(self.numbers)}."
        importing.import_content(exported)

    @rule()
    def import_an_older_export(self):
        """Last night's export, imported this morning: it must not undo anything since."""
        if getattr(self, "saved_export", None) is None:
            self.saved_export = content_io.export_content()
            return
        withdrawn = set(Review.objects.withdrawn().values_list("slug", flat=True))
        try:
            importing.import_content(self.saved_export)
        except content_io.ContentError:
            pass  # e.g. a file it names was deleted since: refused whole, nothing changed
        assert withdrawn <= set(Review.objects.withdrawn().values_list("slug", flat=True))

    @rule(with_sample=st.booleans())
    def seed_again(self, with_sample):
        """As ``dev.py run`` does on every start: creates only what is missing."""
        load_seed_content(with_sample=with_sample)

    # Time ----------------------------------------------------------------------------------

    @rule(step=STEPS_OF_TIME)
    def time_passes(self, step):
        self.traveller.shift(step)

    # The comparison ------------------------------------------------------------------------

    @invariant()
    def every_surface_shows_the_public_state(self):
        # The worker's pass between the steps and the partner's reads: the
        # admin's and the services' writes were recorded when they committed,
        # the others (ORM, update(), raw SQL, bulk) are caught up here.
        changes.catch_up()
        truth = expected(self.now)
        for ref in truth["shown"]:
            self.taken_down.pop(ref, None)
        for ref in self.ever_shown - truth["shown"]:
            self.taken_down.setdefault(ref, self.now)
        self.ever_shown |= truth["shown"]
        # A tombstone for each take-down of the last days, and none for what was never public.
        window = self.now - timedelta(days=TOMBSTONE_DAYS)
        truth["tombstones"] = {ref for ref, moment in self.taken_down.items() if moment >= window}
        with reads_only():  # and no read writes
            self.every_surface_shows(truth)

    def every_surface_shows(self, truth):
        everything = pages(self.public, "/api/v1/reviews/", status="all")
        listed = {r["slug"]: r["status"] for r in everything}
        assert listed == truth["reviews"]
        assert {r["slug"]: r["lifecycle"] for r in everything} == truth["lifecycles"]
        for body, slugs in truth["bodies"].items():
            assert {r["slug"] for r in pages(self.public, "/api/v1/reviews/", status="all", body=body)} == slugs
        welsh = {slug for body, slugs in truth["bodies"].items() if body == "the-other" for slug in slugs}
        welsh |= truth["bodies"].get("sample-regional-safeguarding-board", set())
        assert {r["slug"] for r in pages(self.public, "/api/v1/reviews/", status="all", nation="wales")} == welsh
        assert len(pages(self.public, "/api/v1/reviews/")) == sum(s == "available" for s in truth["reviews"].values())
        for slug in Review.objects.values_list("slug", flat=True):
            detail = self.public.get(f"/api/v1/reviews/{slug}/")
            assert detail.status_code == (200 if slug in truth["reviews"] else 404), slug
        documents = {d["id"] for d in pages(self.public, "/api/v1/documents/", status="all")}
        assert documents == truth["documents"]
        for document in Document.objects.exclude(file=""):
            status = self.public.get(f"/api/v1/documents/{document.pk}/download").status_code
            wanted = 200 if document.pk in truth["downloadable"] else 410 if document.pk in truth["documents"] else 404
            assert status == wanted, (document.pk, status, wanted)
        assert {leaf["slug"] for leaf in pages(self.public, "/api/v1/leaflets/")} == truth["leaflets"]
        entries, stones = feed_ids(self.public.get("/feeds/publications.atom").content)
        assert entries == truth["feed"]
        assert {stone for stone in stones if not stone.startswith("document/")} == truth["tombstones"]
        assert rss_ids(self.public.get("/feeds/publications.rss").content) == truth["feed"]
        self.changes_replay_to_the_public_state(truth)
        self.held_validators_are_honest()

    def changes_replay_to_the_public_state(self, truth):
        """The reference mirror, following the changes log, holds exactly what the API shows."""
        self.mirror.sync()
        held = mirrored(self.mirror.root)
        shown = public_state(self.mirror)
        assert held == shown
        assert {name.split("/")[1].removesuffix(".json") for name in held if name.startswith("reviews/")} == set(
            truth["reviews"]
        )

    def held_validators_are_honest(self):
        paths = ["/api/v1/reviews/?status=all", "/api/v1/documents/?status=all", "/api/v1/leaflets/",
                 "/feeds/publications.atom", "/feeds/publications.rss", "/api/v1/changes/"]  # fmt: skip
        paths += [f"/api/v1/reviews/{slug}/" for slug in Review.objects.values_list("slug", flat=True)]
        for path, (etag, modified, body) in self.held.items():
            again = self.public.get(path, HTTP_IF_NONE_MATCH=etag)
            fresh = self.public.get(path, HTTP_CACHE_CONTROL="no-cache")
            if again.status_code == 304:
                assert fresh.content == body, f"{path} answered 304 to a validator of different content"
            if modified:
                since = self.public.get(path, HTTP_IF_MODIFIED_SINCE=modified)
                if since.status_code == 304:
                    assert fresh.content == body, f"{path} answered 304 to If-Modified-Since of different content"
        self.held = {}
        for path in paths:
            response = self.public.get(path)
            if response.status_code == 200:
                self.held[path] = (response["ETag"], response.get("Last-Modified"), response.content)


@pytest.mark.django_db
def test_every_surface_follows_any_editorial_history(settings_fast_passwords):
    run_state_machine_as_test(
        EditorialHistory,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            derandomize=os.environ.get("MODEL_RANDOM") is None,
        ),
    )


@pytest.fixture
def settings_fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_ANON_RATE = "1000000/minute"
