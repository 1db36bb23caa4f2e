"""What a document's visibility needs, stored on the document by the database.

A document is public from its own ``published_at`` while its review or
leaflet is public, and its file is served while its review is available
(``reviews.publication``). Asked through a join to the parent, the document
list grows with the library; so each document stores the two moments that
decide it:

- ``public_from``: the later of its own and its parent's ``published_at``;
  null while the parent is withdrawn, or while it is a report
  (``REPORT_KINDS``) of a review whose report is not published (deferred, or
  improvements only) — never public;
- ``served_until``: its review's ``available_until``; null for a leaflet's
  document (served while the leaflet is public).

Triggers keep them in step in the writer's own transaction, whatever writes
— a document saved, moved or bulk-created, a review or leaflet published,
withdrawn or given a new window by ``save()``, ``update()`` or raw SQL — so no
reader can see them stale. They are not edits: the version trigger
(``reviews.database.invalidation``) does not fire for them, so an editor's open change
form does not conflict with a withdrawal of the document's review.
"""

from reviews.publication import REPORT, REPORT_KINDS

DOCUMENT = "reviews_document"
# The columns the database writes itself, never an edit.
DERIVED = {DOCUMENT: ("public_from", "served_until")}


def _later(vendor, a, b):
    return f"GREATEST({a}, {b})" if vendor == "postgresql" else f"max({a}, {b})"


def public_of(row, vendor="postgresql", parent="review"):
    """SQL for a document row's ``public_from`` given its parent ``p``."""
    shown = "p.withdrawn_at IS NULL"
    if parent == "review":
        kinds = ", ".join(f"'{kind}'" for kind in REPORT_KINDS)
        shown += f" AND ({row}.kind NOT IN ({kinds}) OR p.publication = '{REPORT}')"
    return f"CASE WHEN {shown} THEN {_later(vendor, f'{row}.published_at', 'p.published_at')} END"


def public_from(vendor, row):
    """SQL for a document row's ``public_from``, read from its parent."""
    of = {
        parent: f"(SELECT {public_of(row, vendor, parent)} FROM reviews_{parent} p WHERE p.id = {row}.{parent}_id)"
        for parent in ("review", "leaflet")
    }
    return f"CASE WHEN {row}.review_id IS NOT NULL THEN {of['review']} ELSE {of['leaflet']} END"


def served_until(row):
    return f"(SELECT r.available_until FROM reviews_review r WHERE r.id = {row}.review_id)"


def _recompute(vendor, where):
    """An UPDATE of the documents ``where`` selects, from their parents (one
    spelling of the rule, for a document written and for a parent written)."""
    return (
        f"UPDATE {DOCUMENT} SET public_from = {public_from(vendor, DOCUMENT)}, "
        f"served_until = {served_until(DOCUMENT)} WHERE {where}"
    )


PARENT_COLUMNS = {"review": ("published_at", "withdrawn_at", "available_until", "publication"),
                  "leaflet": ("published_at", "withdrawn_at")}  # fmt: skip


def _changed(columns):
    return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)


def _sqlite():
    stale = f"NEW.public_from IS NOT {public_from('sqlite', 'NEW')} OR NEW.served_until IS NOT {served_until('NEW')}"
    # SQLite cannot assign NEW: the row is written again, once (then it is no longer stale).
    fix = _recompute("sqlite", "id = NEW.id")
    for event in ("INSERT", "UPDATE"):
        name = f"crp_{DOCUMENT}_visibility_{event.lower()}"
        yield f"DROP TRIGGER IF EXISTS {name}"
        yield f"CREATE TRIGGER {name} AFTER {event} ON {DOCUMENT} FOR EACH ROW WHEN {stale} BEGIN {fix}; END"
    for parent, columns in PARENT_COLUMNS.items():
        name = f"crp_reviews_{parent}_document_visibility"
        changed = _changed(columns).replace("IS DISTINCT FROM", "IS NOT")
        yield f"DROP TRIGGER IF EXISTS {name}"
        yield (
            f"CREATE TRIGGER {name} AFTER UPDATE OF {', '.join(columns)} ON reviews_{parent} FOR EACH ROW "
            f"WHEN {changed} BEGIN {_recompute('sqlite', f'{parent}_id = NEW.id')}; END"
        )


def _postgresql():
    yield f"""
        CREATE OR REPLACE FUNCTION crp_document_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- The rule of public_from and served_until, read from the parent in one
            -- query (as two subqueries, each a query of its own, it cost an import
            -- twice the insert of its 30,000 documents).
            -- A new document, or one given a new parent, waits for any write in
            -- flight to that parent (a withdrawal, say) and reads it as committed:
            -- read without the lock, it could be computed from the parent as it
            -- was before a concurrent withdrawal, whose own recalculation cannot
            -- see this uncommitted row, and stay public for good. (Only then:
            -- an edited document already holds its row, and locking its parent
            -- too could deadlock with that withdrawal's recalculation.)
            IF TG_OP = 'INSERT' OR NEW.review_id IS DISTINCT FROM OLD.review_id
                    OR NEW.leaflet_id IS DISTINCT FROM OLD.leaflet_id THEN
                PERFORM 1 FROM reviews_review WHERE id = NEW.review_id FOR SHARE;
                PERFORM 1 FROM reviews_leaflet WHERE id = NEW.leaflet_id FOR SHARE;
            END IF;
            IF NEW.review_id IS NOT NULL THEN
                SELECT {public_of("NEW")}, p.available_until INTO NEW.public_from, NEW.served_until
                    FROM reviews_review p WHERE p.id = NEW.review_id;
            ELSE
                SELECT {public_of("NEW", parent="leaflet")}, NULL INTO NEW.public_from, NEW.served_until
                    FROM reviews_leaflet p WHERE p.id = NEW.leaflet_id;
            END IF;
            RETURN NEW;
        END $$"""
    yield f"DROP TRIGGER IF EXISTS crp_visibility ON {DOCUMENT}"
    yield (
        f"CREATE TRIGGER crp_visibility BEFORE INSERT OR UPDATE ON {DOCUMENT} "
        "FOR EACH ROW EXECUTE FUNCTION crp_document_visibility()"
    )
    for parent, columns in PARENT_COLUMNS.items():
        function = f"crp_{parent}_document_visibility"
        yield f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {_recompute("postgresql", f"{parent}_id = NEW.id")}; RETURN NULL; END $$"""
        yield f"DROP TRIGGER IF EXISTS crp_document_visibility ON reviews_{parent}"
        yield (
            f"CREATE TRIGGER crp_document_visibility AFTER UPDATE OF {', '.join(columns)} ON reviews_{parent} "
            f"FOR EACH ROW WHEN ({_changed(columns)}) EXECUTE FUNCTION {function}()"
        )


def statements(vendor):
    """The triggers' SQL (``reviews.database.invalidation.install`` runs them)."""
    return _postgresql() if vendor == "postgresql" else _sqlite()


def fill(connection):
    """Compute both columns for every document (when they are added)."""
    with connection.cursor() as cursor:
        cursor.execute(_recompute(connection.vendor, "TRUE"))
