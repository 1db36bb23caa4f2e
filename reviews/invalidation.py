"""Invalidation that no write path can skip: database triggers.

Every write to a content table — through the admin, an import, a queryset's
``update()`` or ``delete()``, ``bulk_create``/``bulk_update``, raw SQL or a
cascade — runs these triggers in the writer's own transaction:

- the ``content`` version is bumped (``reviews.versions``), so every cached
  answer keyed on it is unreachable once the write commits;
- the review, document, leaflet, contact, theme or board written is noted in
  ``PendingChange`` — with the old *and* the new parent of a row that moved —
  so that ``reviews.changes.reconcile`` tells partners what changed.

The migrations install them (``install``) on SQLite and PostgreSQL. Signals
would only see ``Model.save()`` and ``Model.delete()``; triggers see every
statement.
"""

# For each content table: which (kind, expression over the row) a write to it
# touches. The expressions are read for the old row and for the new one.
TRACKED = {
    "reviews_review": [("review", "{row}.id")],
    "reviews_reviewer": [("review", "{row}.review_id")],
    "reviews_review_themes": [("review", "{row}.review_id")],
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
    "reviews_board": [("board", "{row}.id")],
}
# Written without touching content, but served: the changes log.
BUMP_ONLY = ["reviews_change"]

BUMP_SQL = (
    "INSERT INTO reviews_contentversion (scope, version) VALUES ('content', 1) "
    "ON CONFLICT (scope) DO UPDATE SET version = reviews_contentversion.version + 1"
)


def _notes(table, row):
    selects = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expression.format(row=row)} AS object_id" for kind, expression in TRACKED[table]
    )
    return (
        "INSERT INTO reviews_pendingchange (kind, object_id) "
        f"SELECT kind, object_id FROM ({selects}) AS touched WHERE object_id IS NOT NULL "
        # Not while reconcile runs: the row below exists only inside its transaction.
        "AND NOT EXISTS (SELECT 1 FROM reviews_contentversion WHERE scope = 'reconciling')"
    )


def _sqlite(table):
    rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}
    for event, names in rows.items():
        name = f"crp_{table}_{event.lower()}"
        body = [_notes(table, row) for row in names if table in TRACKED] + [BUMP_SQL]
        yield f"DROP TRIGGER IF EXISTS {name}"
        yield f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {'; '.join(body)}; END"


def _postgresql(table):
    yield f"DROP TRIGGER IF EXISTS crp_bump ON {table}"
    yield (
        f"CREATE TRIGGER crp_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION crp_bump_content()"
    )
    if table not in TRACKED:
        return
    function = f"crp_note_{table}"
    yield f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {_notes(table, "OLD")}; END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_notes(table, "NEW")}; END IF;
            RETURN NULL;
        END $$"""
    yield f"DROP TRIGGER IF EXISTS crp_note ON {table}"
    yield (
        f"CREATE TRIGGER crp_note AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


def statements(vendor):
    if vendor == "postgresql":
        yield f"""
            CREATE OR REPLACE FUNCTION crp_bump_content() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {BUMP_SQL}; RETURN NULL; END $$"""
        make = _postgresql
    elif vendor == "sqlite":
        make = _sqlite
    else:
        raise NotImplementedError(f"No invalidation triggers for {vendor}: use SQLite or PostgreSQL.")
    for table in [*TRACKED, *BUMP_ONLY]:
        yield from make(table)


def install(apps, schema_editor):
    """Create (or re-create) every trigger; migrations call this."""
    for statement in statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)
