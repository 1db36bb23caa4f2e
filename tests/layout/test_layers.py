"""The layout the code promises: one rules module, layers that import one
way, and a response cache that only takes views that ask for it."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import get_resolver

from api.http.response_cache import opted_in

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "reviews" / "publication.py"
# A query on a publication column, or an ordering comparison or None-test of one in memory:
# what only the rules module may do.
RULE_SPELLINGS = re.compile(
    r"(published_at|available_until|withdrawn_at)__(?!\w*=\s*$)[a-z]"
    r"|F\(\"[a-z_]*(published_at|available_until|withdrawn_at)\"\)"
    r"|\.(published_at|available_until|withdrawn_at)\s*(<=|>=|<|>)"
    r"|(<=|>=|<|>)\s*[A-Za-z_.()]*\.(published_at|available_until|withdrawn_at)\b"
    r"|(published_at|available_until|withdrawn_at) is (not )?None"
)


def sources():
    for package in ("api", "feeds", "reviews"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path != RULES and "migrations" not in path.parts:
                yield path


def test_no_surface_spells_a_publication_rule_itself():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RULE_SPELLINGS.search(line)
    ]
    assert found == [], "publication rules belong in reviews/publication.py:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "reviews.filter(published_at__lte=now)",
        'documents.filter(published_at__gt=F("review__published_at"))',
        "if review.withdrawn_at is not None:",
        "return document.published_at <= now",
        "Q(review__available_until__gt=now)",
    ],
)
def test_the_rule_scan_catches_each_spelling(line):
    assert RULE_SPELLINGS.search(line)


@pytest.mark.system  # lint-imports in its own process
def test_imports_run_one_way_between_the_layers():
    """import-linter's contracts in pyproject.toml: project → api.v1 | feeds → api.http → reviews."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def _views():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.callback

    return dict(walk(get_resolver().url_patterns))


def test_only_public_content_views_opt_in_to_the_response_cache():
    cached = sorted(route for route, view in _views().items() if opted_in(view))
    assert cached == sorted(
        [
            "api/v1/",
            "api/v1/changes/",
            "api/v1/^reviews/$",
            "api/v1/^reviews/(?P<slug>[-a-z0-9_]+)/$",
            "api/v1/^reviews/(?P<slug>[-a-z0-9_]+)/history/$",
            "api/v1/^documents/$",
            "api/v1/^documents/(?P<pk>[^/.]+)/$",
            "api/v1/^leaflets/$",
            "api/v1/^leaflets/(?P<slug>[-a-z0-9_]+)/$",
            "api/v1/^contacts/$",
            "api/v1/^themes/$",
            "api/v1/^bodies/$",
            "api/v1/^bodies/(?P<slug>[-a-z0-9_]+)/$",
            "api/v1/^agencies/$",
            "api/v1/leaflets/<slug:slug>/fragment/",
            "api/v1/embed/reviews/",
            "api/v1/facets/reviews/",
            "api/v1/oembed/",
            "",
            "feeds/publications.atom",
            "feeds/publications.rss",
            "feeds/publications.json",
        ]
    )


@pytest.mark.django_db
@pytest.mark.urls("tests.layout.staff_urls")
def test_a_view_that_did_not_opt_in_is_never_answered_from_the_cache(api, board):
    first, second = (api.get("/api/v1/staff/").json()["call"] for _ in range(2))
    assert second == first + 1
    listed = [api.get("/api/v1/reviews/") for _ in range(2)]
    assert listed[0].content == listed[1].content  # the opted-in list beside it is unaffected


# Bookkeeping tables: what triggers write, or what is never served.
# Representations are derived, not content: reconcile writes them from what the
# triggers saw, so watching them would only make every reconcile an edit.
NOT_CONTENT = {"reviews_contentversion", "reviews_pendingchange", "reviews_announcement", "reviews_auditentry",
               "reviews_formerslug", "reviews_body_editors", "reviews_representation"}  # fmt: skip


def test_every_content_table_is_watched_by_the_invalidation_triggers():
    """A content model added later without triggers would let its writes go
    unseen by caches and the changes log: this fails until it is listed."""
    from django.apps import apps

    from reviews.database import invalidation

    tables = set()
    for model in apps.get_app_config("reviews").get_models():
        tables.add(model._meta.db_table)
        tables |= {field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many}
    assert tables - NOT_CONTENT == set(invalidation.TRACKED) | set(invalidation.BUMP_ONLY) - NOT_CONTENT


@pytest.mark.django_db
def test_the_triggers_are_installed_on_this_database():
    from django.db import connection

    from reviews.database import invalidation

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'crp_%'")
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE 'crp_%'")
        watched = {row[0] for row in cursor.fetchall()}
    expected = set(invalidation.TRACKED) | set(invalidation.BUMP_ONLY)
    if connection.vendor == "postgresql":
        expected.add("reviews_contentversion")  # its counters announce that they moved (version_watch)
    assert watched == expected


@pytest.mark.django_db
def test_every_versioned_table_moves_its_version_on_any_update():
    """A write by update() or raw SQL moves the version on too, so a change
    form opened before it is refused rather than writing the old values back."""
    from django.apps import apps
    from django.db import connection

    from reviews.database.concurrency import Versioned

    versioned = {model._meta.db_table for model in apps.get_app_config("reviews").get_models()
                 if issubclass(model, Versioned)}  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'crp_%_version'")
        else:
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = 'crp_version'"
            )
        assert {row[0] for row in cursor.fetchall()} == versioned


@pytest.mark.django_db
def test_inserts_and_deletes_are_noted_once_a_statement_on_postgresql():
    """A row trigger ran once for each of an import's 100,000 rows; a statement
    trigger reads them all from its transition table. Updates stay per row, as
    only a row trigger can name the columns that are edits."""
    from django.db import connection

    from reviews.database import invalidation

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has row triggers only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table, event_manipulation, action_orientation FROM information_schema.triggers "
            "WHERE trigger_name LIKE 'crp_note%'"
        )
        found = set(cursor.fetchall())
    orientations = (("INSERT", "STATEMENT"), ("DELETE", "STATEMENT"), ("UPDATE", "ROW"))
    expected = {(table, event, orientation) for table in invalidation.TRACKED for event, orientation in orientations}
    assert found == expected
