"""Invalidation that no write path can skip: database triggers.

Every write to a content table — through the admin, an import, a queryset's
``update()`` or ``delete()``, ``bulk_create``/``bulk_update``, raw SQL or a
cascade — runs these triggers in the writer's own transaction:

- the ``content`` version is bumped (``reviews.changelog.versions``), so every cached
  answer keyed on it is unreachable once the write commits;
- the review, document, leaflet, contact, theme, agency or body written is noted in
  ``PendingChange`` — with the old *and* the new parent of a row that moved —
  so that ``reviews.changelog.changes.reconcile`` tells partners what changed;
- an editorial row updated without moving its ``version`` on (``update()``,
  ``bulk_update``, raw SQL) has it moved on, so a change form opened before
  cannot overwrite that write either (``reviews.database.concurrency``). Reconcile's own
  writes of derived columns do not count as edits.

The migrations install them (``install``) on SQLite and PostgreSQL. Signals
would only see ``Model.save()`` and ``Model.delete()``; triggers see every
statement.
"""

from reviews.database import document_visibility

# touches. The expressions are read for the old row and for the new one.
TRACKED = {
    "reviews_review": [("review", "{row}.id")],
    "reviews_reviewer": [("review", "{row}.review_id")],
    "reviews_review_themes": [("review", "{row}.review_id")],
    "reviews_review_agencies": [("review", "{row}.review_id")],
    "reviews_relatedreview": [("review", "{row}.review_id"), ("review", "{row}.related_id")],
    "reviews_document": [
        ("document", "{row}.id"),
        ("review", "{row}.review_id"),
        ("leaflet", "{row}.leaflet_id"),
    ],
    "reviews_leaflet": [("leaflet", "{row}.id")],
    "reviews_leafletsection": [("leaflet", "{row}.leaflet_id")],
    "reviews_leafletitem": [
        ("leaflet", "(SELECT leaflet_id FROM reviews_leafletsection WHERE id = {row}.section_id)"),
    ],
    "reviews_leaflet_contacts": [("leaflet", "{row}.leaflet_id")],
    # Shared parts: reconcile finds the reviews and leaflets that show them.
    "reviews_contact": [("contact", "{row}.id")],
    "reviews_theme": [("theme", "{row}.id")],
    "reviews_agency": [("agency", "{row}.id")],
    "reviews_body": [("body", "{row}.id")],
    "reviews_body_contacts": [("body", "{row}.body_id")],
}
# Written without touching content, but served: the changes log.
BUMP_ONLY = ["reviews_change"]

BUMP_SQL = (
    "INSERT INTO reviews_contentversion (scope, version) VALUES ('content', 1) "
    "ON CONFLICT (scope) DO UPDATE SET version = reviews_contentversion.version + 1"
)


def _notes(table, row, rows=None):
    """The INSERT noting what a write to ``table`` touched: of the trigger's
    ``row`` (OLD or NEW), or of every row of the transition table ``rows``."""
    source = f" FROM {rows} AS {row}" if rows else ""
    selects = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expression.format(row=row)} AS object_id{source}"
        for kind, expression in TRACKED[table]
    )
    return (
        "INSERT INTO reviews_pendingchange (kind, object_id) "
        f"SELECT kind, object_id FROM ({selects}) AS touched WHERE object_id IS NOT NULL "
        # Not while reconcile runs: the row below exists only inside its transaction.
        "AND NOT EXISTS (SELECT 1 FROM reviews_contentversion WHERE scope = 'reconciling')"
    )


def _sqlite(table, columns):
    rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}
    for event, names in rows.items():
        name = f"crp_{table}_{event.lower()}"
        body = [_notes(table, row) for row in names if table in TRACKED] + [BUMP_SQL]
        # A write of only what the database derives follows a write to the parent, noted itself.
        on = _updated(table, columns, document_visibility.DERIVED) if event == "UPDATE" else event
        yield f"DROP TRIGGER IF EXISTS {name}"
        yield f"CREATE TRIGGER {name} AFTER {on} ON {table} FOR EACH ROW BEGIN {'; '.join(body)}; END"


def _postgresql(table, columns):
    yield f"DROP TRIGGER IF EXISTS crp_bump ON {table}"
    yield (
        f"CREATE TRIGGER crp_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION crp_bump_content()"
    )
    if table not in TRACKED:
        return
    # Inserts and deletes are noted once a statement, from its transition table:
    # a row at a time, an import's 100,000 rows ran the trigger 100,000 times.
    # Updates stay a row at a time, as only they can name the columns that are
    # edits (PostgreSQL takes no column list with a transition table).
    for event, transition in (("INSERT", "NEW"), ("DELETE", "OLD")):
        function = f"crp_note_{table}_{event.lower()}"
        yield f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {_notes(table, "written", f"{transition.lower()}_rows")}; RETURN NULL; END $$"""
        yield f"DROP TRIGGER IF EXISTS crp_note_{event.lower()} ON {table}"
        yield (
            f"CREATE TRIGGER crp_note_{event.lower()} AFTER {event} ON {table} "
            f"REFERENCING {transition} TABLE AS {transition.lower()}_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )
    function = f"crp_note_{table}"
    yield f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_notes(table, "OLD")}; {_notes(table, "NEW")}; RETURN NULL; END $$"""
    yield f"DROP TRIGGER IF EXISTS crp_note ON {table}"
    yield (
        f"CREATE TRIGGER crp_note AFTER {_updated(table, columns, document_visibility.DERIVED)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


# Not while reconcile runs: what it writes (derived columns, updated_at) is no edit.
NOT_RECONCILING = "NOT EXISTS (SELECT 1 FROM reviews_contentversion WHERE scope = 'reconciling')"


# What the system writes of a row, not its editors: the visibility the database derives
# (``reviews.database.document_visibility``) and the words the worker reads from a file
# (``reviews.files.extraction``). A write of only these moves no row's version.
NOT_EDITED = {document_visibility.DOCUMENT: (*document_visibility.DERIVED[document_visibility.DOCUMENT],
                                             "extracted_text", "text_pending")}  # fmt: skip


def _updated(table, columns, ignored):
    """``UPDATE``, or ``UPDATE OF`` the columns of ``table`` that ``ignored`` does not name."""
    skipped = ignored.get(table)
    if not skipped or not columns:
        return "UPDATE"
    return f"UPDATE OF {', '.join(column for column in columns if column not in skipped)}"


def _version_sqlite(table, columns):
    name = f"crp_{table}_version"
    yield f"DROP TRIGGER IF EXISTS {name}"
    yield (
        f"CREATE TRIGGER {name} AFTER {_updated(table, columns, NOT_EDITED)} ON {table} FOR EACH ROW "
        f"WHEN NEW.version = OLD.version AND {NOT_RECONCILING} "
        f"BEGIN UPDATE {table} SET version = OLD.version + 1 WHERE id = NEW.id; END"
    )


def _version_postgresql(table, columns):
    yield f"DROP TRIGGER IF EXISTS crp_version ON {table}"
    yield (
        f"CREATE TRIGGER crp_version BEFORE {_updated(table, columns, NOT_EDITED)} ON {table} FOR EACH ROW "
        "WHEN (NEW.version = OLD.version) EXECUTE FUNCTION crp_move_version()"
    )


# A renamed review or leaflet leaves its old slug behind, so that its old address
# answers 301 to the new one (``reviews.models.FormerSlug``); a slug taken back
# is no longer a former one.
SLUGGED = {"reviews_review": "review", "reviews_leaflet": "leaflet"}


def _remember_slug(table):
    resource = SLUGGED[table]
    return (
        f"INSERT INTO reviews_formerslug (resource, slug, object_id) VALUES ('{resource}', OLD.slug, NEW.id) "
        "ON CONFLICT (resource, slug) DO UPDATE SET object_id = excluded.object_id; "
        f"DELETE FROM reviews_formerslug WHERE resource = '{resource}' AND slug = NEW.slug"
    )


def _slug_sqlite(table):
    name = f"crp_{table}_slug"
    yield f"DROP TRIGGER IF EXISTS {name}"
    yield (
        f"CREATE TRIGGER {name} AFTER UPDATE OF slug ON {table} FOR EACH ROW WHEN OLD.slug <> NEW.slug "
        f"BEGIN {_remember_slug(table)}; END"
    )


def _slug_postgresql(table):
    function = f"crp_slug_{table}"
    yield f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {_remember_slug(table)}; RETURN NULL; END $$"""
    yield f"DROP TRIGGER IF EXISTS crp_slug ON {table}"
    yield (
        f"CREATE TRIGGER crp_slug AFTER UPDATE OF slug ON {table} FOR EACH ROW "
        f"WHEN (OLD.slug IS DISTINCT FROM NEW.slug) EXECUTE FUNCTION {function}()"
    )


def statements(vendor, versioned=None, slugged=(), tables=None, visibility=False):
    """Every trigger's SQL; ``versioned``: the tables that have a version column, with their columns;
    ``slugged``: those whose renames are remembered (once the table for it exists);
    ``tables``: the tables that exist (as migrations run, later ones do not yet);
    ``visibility``: whether documents store their visibility yet."""
    if vendor == "postgresql":
        yield f"""
            CREATE OR REPLACE FUNCTION crp_bump_content() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {BUMP_SQL}; RETURN NULL; END $$"""
        yield f"""
            CREATE OR REPLACE FUNCTION crp_move_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {NOT_RECONCILING} THEN NEW.version := OLD.version + 1; END IF;
                RETURN NEW;
            END $$"""
        make, version, slug = _postgresql, _version_postgresql, _slug_postgresql
    elif vendor == "sqlite":
        make, version, slug = _sqlite, _version_sqlite, _slug_sqlite
    else:
        raise NotImplementedError(f"No invalidation triggers for {vendor}: use SQLite or PostgreSQL.")
    for table in [*TRACKED, *BUMP_ONLY]:
        if tables is None or table in tables:
            yield from make(table, (versioned or {}).get(table))
    for table, columns in (versioned or {}).items():
        yield from version(table, columns)
    for table in slugged:
        yield from slug(table)
    if visibility:
        yield from document_visibility.statements(vendor)


def versioned_tables(connection):
    """The content tables that have a version column now, with their columns (as
    migrations run, some may not have one yet)."""
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
        columns = {
            table: [column.name for column in connection.introspection.get_table_description(cursor, table)]
            for table in TRACKED
            if table in existing
        }
    return {table: names for table, names in columns.items() if "version" in names}


def drop_board_triggers(apps, schema_editor):
    """The triggers of the table publishing bodies had when there was one board
    (``reviews_board``, renamed ``reviews_body``): ``install`` puts new ones."""
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for name in ("insert", "update", "delete", "version"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS crp_reviews_board_{name}")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS crp_note ON reviews_body")
        schema_editor.execute("DROP FUNCTION IF EXISTS crp_note_reviews_board()")


def install(apps, schema_editor):
    """Create (or re-create) every trigger; migrations call this."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    slugged = list(SLUGGED) if "reviews_formerslug" in tables else []
    versioned = versioned_tables(connection)
    # Once the document stores its visibility (a later migration adds the columns).
    visibility = "public_from" in versioned.get(document_visibility.DOCUMENT, ())
    for statement in statements(connection.vendor, versioned, slugged, tables, visibility):
        schema_editor.execute(statement)
