"""The Atom and RSS feeds of new publications."""

import re
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from lxml import etree

from reviews import services
from reviews.changelog import changes
from reviews.models import Change, Document, Review
from tests.factories import NOW, make_document, make_leaflet, make_review, pdf_bytes, write_by
from tests.helpers import invalid_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ATOM = "{http://www.w3.org/2005/Atom}"
TOMBSTONE = "{http://purl.org/atompub/tombstones/1.0}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TAG_URI = re.compile(r"^tag:[^,]+,\d{4}:(review|document|leaflet)/[-0-9a-f]+$")


@pytest.fixture
def content(board):
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        pip = make_review(slug="pip", title="Pip", published_at=NOW - timedelta(days=20), themes=["eating disorders"])
        make_document(pip, title="Report for Pip", file=ContentFile(pdf_bytes("Pip"), name="pip.pdf"))
        make_document(
            pip, title="Summary for staff", kind=Document.Kind.STAFF_SUMMARY, with_file=False, stated_size="214 KB"
        )  # no file held: no enclosure
        make_leaflet(
            slug="parents",
            title="Serious Case Review",
            subtitle="Information for parents and carers",
            published_at=NOW - timedelta(days=15),
        )
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        jaiden = make_review(slug="jaiden", title="Jaiden", published_at=NOW - timedelta(days=10), themes=["neglect"])
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        make_document(
            jaiden,
            title="7 minute briefing for Jaiden",
            kind=Document.Kind.SEVEN_MINUTE_BRIEFING,
            published_at=NOW - timedelta(days=5),
        )
    make_review(slug="embargoed", title="Child Q", published_at=NOW + timedelta(days=1))
    make_review(slug="archived", title="Child N", published_at=NOW - timedelta(days=400))
    return pip, jaiden


def atom(client, query=""):
    response = client.get(f"/feeds/publications.atom{query}")
    assert response.status_code == 200, response.content
    return response


def rss(client, query=""):
    response = client.get(f"/feeds/publications.rss{query}")
    assert response.status_code == 200, response.content
    return response


def entry_titles(response):
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return [entry.title for entry in parsed.entries]


def test_atom_meets_rfc_4287(client, content):
    response = atom(client)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Stockport Safeguarding Children Board"
    links = {link.get("rel"): link for link in root.findall(f"{ATOM}link")}
    assert links["self"].get("href") == "http://testserver/feeds/publications.atom"
    assert links["self"].get("type") == "application/atom+xml"
    assert "alternate" in links
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    for entry in entries:
        assert TAG_URI.match(entry.find(f"{ATOM}id").text)
        assert entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}summary").text
        assert RFC3339.match(entry.find(f"{ATOM}updated").text)
        assert RFC3339.match(entry.find(f"{ATOM}published").text)
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") in (None, "alternate")]
        assert len(alternates) == 1
    # Feed updated is the newest entry's, never the request time.
    newest = max(entry.find(f"{ATOM}updated").text for entry in entries)
    assert root.find(f"{ATOM}updated").text == newest


def test_rss_meets_the_rss_2_spec(client, content):
    response = rss(client)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.find(name) is not None and channel.find(name).text, name
    assert channel.find("language").text == "en-GB"
    assert channel.find("link").text == "http://www.example.org" or channel.find("link").text.startswith("http")
    parsedate_to_datetime(channel.find("lastBuildDate").text)
    for item in channel.findall("item"):
        assert item.find("title").text and item.find("link").text and item.find("description").text
        assert item.find("guid").get("isPermaLink") == "false"
        assert TAG_URI.match(item.find("guid").text)
        parsedate_to_datetime(item.find("pubDate").text)
        assert len(item.findall("enclosure")) <= 1


def test_entries_are_the_expected_publications_in_order(client, content):
    titles = entry_titles(atom(client))
    assert titles == [
        "Jaiden: 7-minute briefing added: 7 minute briefing for Jaiden",
        "Jaiden: serious case review",
        "Serious Case Review: Information for parents and carers",
        "Pip: serious case review",
    ]
    assert entry_titles(rss(client)) == titles


def test_atom_enclosures_carry_rel_type_and_length(client, content):
    root = etree.fromstring(atom(client).content)
    pip = next(e for e in root.findall(f"{ATOM}entry") if e.find(f"{ATOM}title").text.startswith("Pip"))
    [enclosure] = [link for link in pip.findall(f"{ATOM}link") if link.get("rel") == "enclosure"]
    document = Document.objects.get(title="Report for Pip")
    assert enclosure.get("href") == f"http://testserver/api/v1/documents/{document.pk}/download"
    assert enclosure.get("type") == "application/pdf"
    assert enclosure.get("length") == str(len(pdf_bytes("Pip")))
    parsed = feedparser.parse(atom(client).content)
    pip_entry = next(e for e in parsed.entries if e.title.startswith("Pip"))
    assert [(e.href, e.type, e.length) for e in pip_entry.enclosures] == [
        (enclosure.get("href"), "application/pdf", str(len(pdf_bytes("Pip"))))
    ]


def test_rss_has_one_enclosure_per_item_and_links_the_rest(client, board):
    review = make_review(slug="two", title="Two documents")
    first = make_document(review, title="Full report")
    second = make_document(review, title="Action plan", kind=Document.Kind.ACTION_PLAN)
    item = etree.fromstring(rss(client).content).find("channel/item")
    [enclosure] = item.findall("enclosure")
    assert enclosure.get("url").endswith(f"/documents/{first.pk}/download")
    assert enclosure.get("length") == str(first.size_bytes) and enclosure.get("type") == "application/pdf"
    assert f"/documents/{second.pk}/download" in item.find("description").text


def test_categories_name_type_and_themes(client, content):
    parsed = feedparser.parse(atom(client).content)
    pip = next(e for e in parsed.entries if e.title.startswith("Pip"))
    terms = {tag.term: tag.label for tag in pip.tags}
    assert terms == {"serious_case_review": "Serious case review", "eating-disorders": "eating disorders"}


@pytest.mark.parametrize(
    "query, titles",
    [
        ("?theme=eating-disorders", ["Pip: serious case review"]),
        ("?publication=review", ["Jaiden: serious case review", "Pip: serious case review"]),
        ("?publication=leaflet", ["Serious Case Review: Information for parents and carers"]),
        (
            "?publication=document&kind=seven_minute_briefing",
            ["Jaiden: 7-minute briefing added: 7 minute briefing for Jaiden"],
        ),
        ("?kind=seven_minute_briefing", ["Jaiden: 7-minute briefing added: 7 minute briefing for Jaiden"]),
        (
            "?review=jaiden",
            ["Jaiden: 7-minute briefing added: 7 minute briefing for Jaiden", "Jaiden: serious case review"],
        ),
        ("?type=rapid_review", []),
        (
            "?published_from=2026-11-12&published_to=2026-11-18",
            ["Jaiden: 7-minute briefing added: 7 minute briefing for Jaiden", "Jaiden: serious case review"],
        ),
    ],
)
def test_filters_are_the_apis(client, content, query, titles):
    assert entry_titles(atom(client, query)) == titles


def test_title_says_the_filters_in_words(client, content):
    parsed = feedparser.parse(
        atom(client, "?kind=seven_minute_briefing&theme=neglect&published_from=2026-01-01").content
    )
    assert parsed.feed.title == "SSCB: New 7-minute briefings about neglect published from 1 January 2026"
    parsed = feedparser.parse(atom(client, "?review=embargoed").content)
    assert "Child Q" not in parsed.feed.title


@pytest.mark.parametrize("path", ["/feeds/publications.atom", "/feeds/publications.rss"])
def test_invalid_filters_are_400_problems(client, board, path):
    response = client.get(path, {"published_from": "2017-02-30", "publication": "podcast", "colour": "blue"})
    assert set(invalid_names(response)) == {"published_from", "publication", "colour"}


def test_embargo_lifts_at_the_second_and_archived_leave(client, board):
    lift = NOW + timedelta(hours=1)
    make_review(slug="later", title="Later", published_at=lift)
    with time_machine.travel(lift - timedelta(seconds=1), tick=False):
        assert entry_titles(atom(client)) == []
    with time_machine.travel(lift, tick=False):
        assert entry_titles(atom(client)) == ["Later: serious case review"]
    review = Review.objects.get(slug="later")
    with time_machine.travel(review.available_until, tick=False):
        assert entry_titles(atom(client)) == []


def test_withdrawal_leaves_at_once_with_a_tombstone(client, content):
    pip, jaiden = content
    before = atom(client)
    briefing = Document.objects.get(kind=Document.Kind.SEVEN_MINUTE_BRIEFING)
    services.withdraw(jaiden, "Court order")
    after = client.get("/feeds/publications.atom", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert entry_titles(after) == [
        "Serious Case Review: Information for parents and carers",
        "Pip: serious case review",
    ]
    root = etree.fromstring(after.content)
    stones = {stone.get("ref"): stone.get("when") for stone in root.findall(f"{TOMBSTONE}deleted-entry")}
    assert set(stones) == {
        f"tag:testserver,2026:review/{jaiden.pk}",
        f"tag:testserver,2026:document/{briefing.uid}",
    }
    assert all(RFC3339.match(when) for when in stones.values())
    assert "Court order" not in after.content.decode()
    assert "Jaiden" not in after.content.decode()
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        later = etree.fromstring(atom(client).content)
        assert later.findall(f"{TOMBSTONE}deleted-entry") == []


def test_review_withdrawn_while_embargoed_gets_no_tombstone(client, board):
    hidden = make_review(slug="hidden", published_at=NOW + timedelta(days=2))
    services.withdraw(hidden, "Court order")
    assert etree.fromstring(atom(client).content).findall(f"{TOMBSTONE}deleted-entry") == []


def test_entry_ids_survive_edits(client, content):
    pip, _ = content
    before = {e.title: e.id for e in feedparser.parse(atom(client).content).entries}
    pip.title, pip.slug = "Pip (renamed)", "pip-renamed"
    pip.save()
    after = {e.title: e.id for e in feedparser.parse(atom(client).content).entries}
    assert after["Pip (renamed): serious case review"] == before["Pip: serious case review"]


def test_entry_cap(client, board, settings):
    settings.FEED_MAX_ENTRIES = 3
    for index in range(5):
        make_review(slug=f"r{index}", published_at=NOW - timedelta(hours=index + 1))
    parsed = feedparser.parse(atom(client).content)
    assert len(parsed.entries) == 3


@pytest.mark.parametrize("path", ["/feeds/publications.atom", "/feeds/publications.rss"])
def test_conditional_requests_and_stable_bodies(client, content, path):
    first, second = client.get(path), client.get(path)
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code == 200


def test_lifetime_ends_at_the_next_embargo(client, board):
    make_review(slug="soon", published_at=NOW + timedelta(seconds=25))
    assert atom(client)["Cache-Control"] == "public, max-age=25"


def test_feed_and_api_agree_on_what_is_public(client, content):
    api_reviews = {item["title"] for item in client.get("/api/v1/reviews/").json()["results"]}
    feed_reviews = {
        e.title.split(":")[0] for e in feedparser.parse(atom(client, "?publication=review").content).entries
    }
    assert api_reviews == feed_reviews == {"Pip", "Jaiden"}


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
FEED_READERS = ["application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.8", "*/*", ""]


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_a_person_in_a_browser_gets_a_page_and_a_feed_reader_the_feed(client, content, kind):
    """Browsers show feeds as raw text or download them: a browser gets a page
    saying how to subscribe, with the latest entries, under a CSP that allows
    its own style; feed readers get the XML, with no XSLT instruction."""
    page = client.get(f"/feeds/publications.{kind}", HTTP_ACCEPT=BROWSER)
    assert page.status_code == 200 and page["Content-Type"] == "text/html; charset=utf-8"
    body = page.content.decode()
    assert body.startswith("<!DOCTYPE html>") and "feed reader" in body and "Pip: serious case review" in body
    assert f"http://testserver/feeds/publications.{kind}" in body
    assert "style-src 'unsafe-inline'" in page["Content-Security-Policy"] and "Accept" in page["Vary"]
    for accept in FEED_READERS:
        feed = client.get(f"/feeds/publications.{kind}", HTTP_ACCEPT=accept)
        assert feed["Content-Type"].startswith(f"application/{kind}+xml") and b"xml-stylesheet" not in feed.content
        assert feed["ETag"] != page["ETag"]


def test_feed_readers_accept_headers_never_get_406(client, content):
    response = client.get("/feeds/publications.rss", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")


def test_tombstones_are_bounded_like_the_entries(client, board, settings):
    settings.FEED_MAX_ENTRIES = 2
    made = [make_review(slug=f"gone-{index}", published_at=NOW - timedelta(days=3)) for index in range(4)]
    changes.catch_up()  # the worker told partners of them
    for review in made:
        services.withdraw(review, "Court order")
    stones = etree.fromstring(atom(client).content).findall(f"{TOMBSTONE}deleted-entry")
    assert len(stones) == 2


def test_feeds_take_the_lists_words_and_a_list_links_to_exactly_its_feed(client, board):
    """GIVEN a list searched with q THEN its alternate link keeps q, and that feed
    has the matching reviews only (leaflets are about no review's words)."""
    make_review(slug="pip", title="Pip", key_learning=["Anorexia needs joint care plans"])
    make_review(slug="jaiden", title="Jaiden")
    make_leaflet(slug="parents")
    listed = client.get("/api/v1/reviews/?q=anorexia&status=all")
    link = re.search(r'<([^>]+)>; rel="alternate"', listed["Link"]).group(1)
    assert link == "http://testserver/feeds/publications.atom?q=anorexia"
    assert entry_titles(client.get(link.removeprefix("http://testserver"))) == ["Pip: serious case review"]
    assert (
        "mentioning “anorexia”" in feedparser.parse(client.get("/feeds/publications.rss?q=anorexia").content).feed.title
    )


@pytest.mark.parametrize("how", ["update", "raw_sql"])
def test_a_character_xml_forbids_never_breaks_a_feed(client, board, how):
    """A vertical tab (a Word line break, pasted) written by a script straight
    to the table once made every XML feed holding that review answer 500."""
    from tests.factories import write_by

    review = make_review(slug="pasted", title="Child \x0bP", published_at=NOW - timedelta(days=1))
    write_by(how, review, "summary", "First line\x0bsecond line\x0c\x1f.")  # (PostgreSQL refuses NUL itself)
    filtered = f"/feeds/publications.atom?type={review.review_type}"
    for path in ("/feeds/publications.atom", "/feeds/publications.rss", filtered):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"First line\nsecond line\n." in etree.tostring(etree.fromstring(response.content)), path


def stone_refs(api):
    atom_refs = {stone.get("ref").rsplit(":", 1)[1] for stone in
                 etree.fromstring(atom(api).content).findall(f"{TOMBSTONE}deleted-entry")}  # fmt: skip
    json_refs = {stone["id"].rsplit(":", 1)[1] for stone in
                 api.get("/feeds/publications.json").json().get("_tombstones", {}).get("deleted", [])}  # fmt: skip
    assert atom_refs == json_refs
    return atom_refs


@pytest.mark.parametrize("how", ["orm delete", "raw sql delete", "raw sql re-embargo", "update withdrawal"])
def test_every_take_down_the_log_records_is_a_tombstone(api, board, how):
    """A mirror that follows only a feed must hear of every take-down: a
    deletion or a publication date moved back into the future (by a script,
    past the services) once logged `deleted` or `withdrawn` with no tombstone."""
    from django.db import connection

    review = make_review(slug="pip", published_at=NOW - timedelta(days=3))
    api.get("/api/v1/reviews/")  # told of it
    if how == "orm delete":
        Review.objects.filter(pk=review.pk).delete()
    elif how == "raw sql delete":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM reviews_review_themes WHERE review_id = %s", [review.pk])
            cursor.execute("DELETE FROM reviews_review WHERE id = %s", [review.pk])
    elif how == "raw sql re-embargo":
        write_by("raw_sql", review, "published_at", NOW + timedelta(days=30))
    else:
        write_by("update", review, "withdrawn_at", NOW)
    assert stone_refs(api) == {f"review/{review.pk}"}
    logged = Change.objects.filter(resource="review", resource_id="pip").values_list("event", flat=True)
    assert list(logged)[-1] in ("withdrawn", "deleted")


@pytest.mark.parametrize("how", ["then given a past date", "imported withdrawn with a future date"])
def test_what_was_never_public_leaves_no_tombstone_and_no_cache_cut(api, board, how, tmp_path, frozen_clock):
    """A review withdrawn while still embargoed, then given a past publication
    date (or imported withdrawn with a future one), once got a tombstone with
    its internal id, and its 30-day mark cut every public answer's max-age."""
    withdrawn = NOW.astimezone(UTC) - timedelta(days=30, seconds=-20)  # its 30-day mark 20 s from now
    if how == "then given a past date":
        review = make_review(slug="never", published_at=NOW + timedelta(days=2))
        api.get("/api/v1/reviews/")
        services.withdraw(review, "Court order", now=withdrawn)
        write_by("update", review, "published_at", NOW - timedelta(days=40))
    else:
        import json

        from django.core.management import call_command

        from reviews.seed import SEED_FILE

        data = json.loads(SEED_FILE.read_text(encoding="utf-8"))
        never = {"slug": "never", "published_at": (NOW + timedelta(days=2)).isoformat(),
                 "withdrawn_at": withdrawn.isoformat(), "withdrawal_reason": "Court order"}  # fmt: skip
        data["reviews"], data["leaflets"] = [{**data["reviews"][0], **never}], []
        path = tmp_path / "content.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        call_command("import_content", path)
    assert stone_refs(api) == set()
    lifetime = f"public, max-age={django_settings.API_CACHE_MAX_AGE}"
    assert api.get("/api/v1/reviews/")["Cache-Control"] == lifetime


def test_a_feed_read_before_the_log_caught_up_is_not_kept_past_it(board):
    """A deletion by a script, the feed read before the worker's pass (no
    tombstone yet: the log has not recorded it), then the pass: the stored
    answer is not served again, so the tombstone is there at once."""
    from django.test import Client

    client = Client()  # a reader that does not wait for the worker
    review = make_review(slug="pip", published_at=NOW - timedelta(days=3))
    changes.catch_up()
    Review.objects.filter(pk=review.pk).delete()
    assert b"deleted-entry" not in atom(client).content
    changes.catch_up()
    assert b"deleted-entry" in atom(client).content


def test_filtered_feeds_leave_no_memory_behind(client, content):
    """Each address given a Last-Modified is remembered for 30 days: a crawl of
    junk filters must not grow the cache without bound. The feeds themselves
    have one; a filtered feed is revalidated by its ETag."""
    import hashlib

    from django.core.cache import cache

    def remembered(address):  # as api.http.conditional.first_served keys it
        return cache.get("first-served:" + hashlib.sha256(address.encode()).hexdigest()) is not None

    assert client.get("/feeds/publications.atom").has_header("Last-Modified")
    assert remembered("/feeds/publications.atom")
    for number in range(50):
        response = client.get("/feeds/publications.atom", {"q": f"junk{number}"})
        assert response.status_code == 200 and not response.has_header("Last-Modified")
        assert client.get("/feeds/publications.atom", {"q": f"junk{number}"},
                          HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304  # fmt: skip
        assert not remembered(f"/feeds/publications.atom?q=junk{number}")


@pytest.mark.parametrize("bodies", [1, 2])
def test_a_feed_with_nothing_to_show_is_the_same_bytes_from_one_second_to_the_next(client, board, bodies):
    """Its date comes from the content, never the clock: a library's feed (two
    bodies, no row for the feed's body) with no entry once carried the time of
    day, so a stored answer was replayed after the feed had changed."""
    from tests.factories import make_body

    if bodies == 2:
        make_body("sample-regional-safeguarding-board")
    with time_machine.travel(NOW, tick=False) as clock:
        first = client.get("/feeds/publications.atom", HTTP_CACHE_CONTROL="no-cache")
        clock.shift(timedelta(seconds=1))
        again = client.get("/feeds/publications.atom", HTTP_CACHE_CONTROL="no-cache")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first["ETag"] == again["ETag"]


@pytest.mark.parametrize("path", ["/feeds/publications.atom", "/feeds/publications.rss", "/feeds/publications.json"])
def test_a_feed_by_theme_keeps_answering_when_its_last_review_is_withdrawn_and_carries_the_tombstone(
    client, content, path
):
    _, jaiden = content  # the only review about neglect
    assert client.get(path, {"theme": "neglect"}).status_code == 200
    services.withdraw(jaiden, "Court order")
    response = client.get(path, {"theme": "neglect"})
    assert response.status_code == 200, response.content
    if path.endswith(".atom"):
        tree = etree.fromstring(response.content)
        refs = [tombstone.get("ref") for tombstone in tree.iter(f"{TOMBSTONE}deleted-entry")]
        assert any(":review/" in ref for ref in refs) and any(":document/" in ref for ref in refs)  # and its briefing
    if path.endswith(".json"):
        titles = [item.get("title", "") for item in response.json()["items"]]
    else:
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        titles = [entry.get("title", "") for entry in parsed.entries]
    assert all("Jaiden" not in title for title in titles)


def test_a_theme_in_the_public_vocabulary_can_be_subscribed_to_before_any_review_has_it(client, content):
    from reviews.models import Theme

    Theme.objects.create(slug="self-neglect", name="self-neglect", listed=True)
    Theme.objects.create(slug="unlisted", name="unlisted")
    make_review(slug="later", published_at=NOW + timedelta(days=3)).themes.add(Theme.objects.get(slug="unlisted"))
    parsed = feedparser.parse(atom(client, "?theme=self-neglect").content)
    assert not parsed.bozo and parsed.entries == []
    assert client.get("/feeds/publications.atom", {"theme": "unlisted"}).status_code == 400  # says nothing of "later"


def test_feeds_lead_people_to_pages_and_rss_items_name_their_body(client, content, board):
    rss = etree.fromstring(client.get("/feeds/publications.rss", {"theme": "neglect"}).content)
    assert rss.findtext("channel/link") == "http://testserver/api/v1/reviews/?theme=neglect"
    creators = [item.findtext("{http://purl.org/dc/elements/1.1/}creator") for item in rss.iter("item")]
    assert creators and set(creators) == {board.name}
    parsed = feedparser.parse(client.get("/feeds/publications.rss").content)
    assert not parsed.bozo and parsed.entries[0].author == board.name
    tree = etree.fromstring(atom(client, "?review=pip").content)
    assert tree.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/api/v1/reviews/pip/"
    assert client.get("/feeds/publications.json").json()["home_page_url"] == "http://testserver/api/v1/reviews/"
