"""Full-text search over reviews and the text of their documents, on both databases.

One interface (``index``, ``matching``), two engines: PostgreSQL's full-text
search (English stemming) and SQLite's FTS5 (the Porter stemmer), given the
same query parsed once here: quoted phrases, ``OR``, ``-word``, ``word*`` for a
prefix; possessives and English stop words are dropped alike. Each review is
indexed in four weighted parts: its title, type and themes (A) above its
summary (B) above its key learning and recommendations (C) above the text of
its public documents (D).

The index is written by ``reviews.changelog.changes.reconcile`` for every review it
looks at — the reviews written, those whose documents, themes or schedule
changed — so no write path can leave it stale (the same construction that
keeps the changes log). It is read only through a queryset that the
publication rules have already narrowed, so an embargoed or withdrawn review
is never a hit; the text of an archived review's documents still finds the
review, but no snippet ever shows it.
"""

import html
import logging
import re

from django.db import DatabaseError, connection, transaction

from reviews.publication import is_available, is_public

log = logging.getLogger("reviews.search")
TABLE = "reviews_search"
PARTS = ("title", "summary", "learning", "documents")
WEIGHTS = {"title": "A", "summary": "B", "learning": "C", "documents": "D"}
# On SQLite, a review scores each part's weight when the words are found in
# that part (PostgreSQL's ts_rank, unnormalised, weighs its A-D parts alike),
# with FTS5's bm25 only to break ties: bm25 divides by the length of the whole
# review, which would rank a bare title above a title and a summary that match.
PART_SCORES = {"title": 8, "summary": 4, "learning": 2, "documents": 1}
MARK, UNMARK, ELLIPSIS = "<mark>", "</mark>", "…"
# What the engines mark matches with: characters no review's text is made of
# (Unicode private use), so that the text can be escaped and only the marks
# become markup — a snippet never carries a tag from the text it quotes.
FOUND, END = "\ue000", "\ue001"


NO_WORDS = (
    "has no word to find: give at least one word of letters or digits that is not excluded with - "
    "(punctuation alone, or only -words, cannot be searched for)."
)


class BadQuery(ValueError):
    """A query with nothing to find (only negations, or no words at all)."""


# Keeping the index -------------------------------------------------------------------


# How much of a review's document text is indexed. PostgreSQL refuses a
# tsvector over 1 MB: two 540 KB PDFs of a data annex (50,000 distinct
# tokens) made 1.3 MB and refused every write of that review. 250,000
# characters stay well under it however distinct the words; the same cap on
# SQLite keeps both databases' hits alike. (Reports run to ~100,000 characters.)
DOCUMENT_TEXT_LIMIT = 250_000

# The columns ``parts_of`` reads of a review, and of its documents.
REVIEW_PARTS = ("title", "review_type", "summary", "key_learning", "recommendations")
DOCUMENT_PARTS = ("title", "text", "extracted_text")


def parts_of(review, documents):
    """The four weighted parts of one review; ``documents``: its public ones."""
    themes = [theme.name for theme in review.themes.all()]
    synonyms = [word for theme in review.themes.all() for word in theme.synonyms or []]
    return {
        # Its type too, so "domestic homicide" finds a domestic homicide review.
        "title": "\n".join([review.title, review.get_review_type_display(), *themes, *synonyms]),
        "summary": review.summary,
        "learning": "\n".join([*review.key_learning, *review.recommendations]),
        "documents": "\n".join(part for d in documents for part in (d.title, d.text, d.extracted_text) if part)[
            :DOCUMENT_TEXT_LIMIT
        ],
    }


def index(rows, gone=()):
    """Write the index entries of ``rows`` ([(review pk, parts)]) and remove those of ``gone``."""
    pks = [pk for pk, _ in rows] + list(gone)
    if not pks:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(pks), 500):
            batch = pks[start : start + 500]
            marks = ", ".join(["%s"] * len(batch))
            key = "rowid" if connection.vendor == "sqlite" else "review_id"
            cursor.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", batch)
        if not rows:
            return
        if connection.vendor == "sqlite":
            sql = f"INSERT INTO {TABLE} (rowid, title, summary, learning, documents) VALUES (%s, %s, %s, %s, %s)"
            cursor.executemany(sql, [[pk, *[parts[name] for name in PARTS]] for pk, parts in rows])
            return
        # One statement a batch, each text sent once: a row at a time (executemany)
        # sent every text twice and cost a statement each — a 10,000-review import
        # spent 2.1 s here, 0.9 s of it the stemming itself.
        vector = " || ".join(
            f"setweight(to_tsvector('english', {name}), '{weight}')" for name, weight in WEIGHTS.items()
        )
        columns = ", ".join(PARTS)
        arrays = ", ".join(["%s::text[]"] * len(PARTS))
        sql = (
            f"INSERT INTO {TABLE} (review_id, {columns}, vector) SELECT review_id, {columns}, {vector} "
            f"FROM unnest(%s::bigint[], {arrays}) AS given(review_id, {columns})"
        )
        for start in range(0, len(rows), 2000):
            batch = rows[start : start + 2000]
            try:
                with transaction.atomic():  # a savepoint: a refused batch must not fail the write that made it
                    cursor.execute(sql, [[pk for pk, _ in batch], *[[parts[n] for _, parts in batch] for n in PARTS]])
            except DatabaseError:
                # Whatever the engine refused, the review stays findable by its own words.
                log.error("search: the index refused reviews %s; indexed without their documents' text",
                          [pk for pk, _ in batch], exc_info=True)  # fmt: skip
                cursor.execute(sql, [[pk for pk, _ in batch], *[[("" if n == "documents" else parts[n])
                                                               for _, parts in batch] for n in PARTS]])  # fmt: skip


def public_documents_by_review(reviews, now):
    """Each review's public documents (their own time has come)."""
    by_pk = {review.pk: review for review in reviews}
    by_review = {pk: [] for pk in by_pk}
    documents = reviews[0].documents.model.objects.filter(review__in=list(by_pk)).order_by("position", "pk")
    # Only what the rules and the index read, not the files' checks and metadata.
    for document in documents.only("review_id", "leaflet_id", "published_at", "kind", *DOCUMENT_PARTS):
        document.review = by_pk[document.review_id]  # the review already loaded, not a query per document
        if is_public(document, now):
            by_review[document.review_id].append(document)
    return by_review


# Querying ------------------------------------------------------------------------------

TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
# PostgreSQL's English stop words (tsearch_data/english.stop): left out of a query on
# both databases, so "a" or "the" finds the same (nothing to search for) on each.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers
    herself it its itself they them their theirs themselves what which who whom this that these those am is are
    was were be been being have has had having do does did doing a an the and but if or because as until while
    of at by for with about against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both each few more most other
    some such no nor not only own same so than too very s t can will just don should now
""".split()
)


def _terms(text):
    """websearch syntax as (negated, words, or-before, prefix) terms: a phrase
    keeps its words; a lone stop word is dropped (so is a possessive's "s":
    "children's" finds "children"); ``word*`` is a prefix."""
    terms, pending_or = [], False
    for negated, phrase, word in TOKEN.findall(text):
        if not phrase and word.upper() == "OR":
            pending_or = bool(terms)
            continue
        if word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        prefix = not phrase and word.endswith("*")
        words = [found.lower() for found in re.findall(r"\w+", phrase if phrase else word)]
        if not phrase and not prefix:
            words = [found for found in words if found not in STOP_WORDS]
        if words:
            terms.append((bool(negated), words, pending_or, prefix))
        pending_or = False
    return terms


def _fts5_term(words, prefix):
    # Every word quoted: no FTS5 syntax can be injected; a prefix is the quoted word and *.
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def _tsquery_term(words, prefix):
    # Words of letters and digits only, quoted: no tsquery syntax can be injected.
    term = " <-> ".join(f"'{word}'" for word in words)
    return f"{term}:*" if prefix and len(words) == 1 else f"({term})" if len(words) > 1 else term


def _query(text, term, AND, OR, NOT, positive_only=False):
    """The engine's query for a websearch-style ``text``: OR between neighbours,
    every group required, negations subtracted (left out with ``positive_only``)."""
    groups, negated = [], []
    for is_negated, words, or_before, prefix in _terms(text):
        if is_negated:
            negated.append(term(words, prefix))
        elif or_before and groups:
            groups[-1].append(term(words, prefix))
        else:
            groups.append([term(words, prefix)])
    if not groups:
        raise BadQuery(NO_WORDS)
    positive = AND.join(f"({OR.join(group)})" if len(group) > 1 else group[0] for group in groups)
    return positive if positive_only else positive + "".join(f"{NOT}{item}" for item in negated)


def fts5_query(text, positive_only=False):
    """The FTS5 MATCH expression for a websearch-style query."""
    return _query(text, _fts5_term, " AND ", " OR ", " NOT ", positive_only)


def tsquery(text):
    """The PostgreSQL ``to_tsquery`` expression for the same query."""
    return _query(text, _tsquery_term, " & ", " | ", " & !")


def any_term(text):
    """Every positive word or phrase of ``text``, OR'd: what says a part matched."""
    terms = [_fts5_term(words, prefix) for negated, words, _, prefix in _terms(text) if not negated]
    if not terms:
        raise BadQuery(NO_WORDS)
    return " OR ".join(terms)


def matching(reviews, text):
    """``reviews`` (already public) that match ``text``, each with ``search_rank``
    (higher is better). Snippets are made for one page at a time (``attach_snippets``):
    ranking needs none, and making four for every match cost more than the rest."""
    if connection.vendor == "sqlite":
        # One full-text query joined by rowid (a MATCH in a correlated subquery would
        # be run again for every review). A part scores its weight when any of the
        # words is found in it — a set of rowids per part, found once — and bm25
        # breaks ties.
        found_in = [f"(reviews_review.id IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s)) * {PART_SCORES[name]}"
                    for name in PARTS]  # fmt: skip
        rank = " + ".join(found_in) + f" - bm25({TABLE}) / 100"
        terms = any_term(text)
        return reviews.extra(
            select={"search_rank": rank},
            select_params=[f"{{{name}}} : ({terms})" for name in PARTS],
            tables=[TABLE],
            where=[f"{TABLE}.rowid = reviews_review.id", f"{TABLE} MATCH %s"],
            params=[fts5_query(text)],
        )
    # Joined, as on SQLite: a rank read by a correlated subquery looked each
    # match's index entry up again, one index probe per match.
    query, expression = "to_tsquery('english', %s)", tsquery(text)
    return reviews.extra(
        select={"search_rank": f"ts_rank({TABLE}.vector, {query})"},
        select_params=[expression],
        tables=[TABLE],
        where=[f"{TABLE}.review_id = reviews_review.id", f"{TABLE}.vector @@ {query}"],
        params=[expression],
    )


HEADLINE = f"StartSel={FOUND}, StopSel={END}, MaxFragments=1, MaxWords=24, MinWords=8, FragmentDelimiter=…"
# PostgreSQL's ts_headline parses all the text it is given: over whole documents
# (up to DOCUMENT_TEXT_LIMIT each review) a page of 20 long reports took 1.1-1.5 s.
# It is given this much of them, from a little before the first word found.
SNIPPET_WINDOW = 4_000


def _window_of_documents(text):
    """SQL for the part of the documents' text a snippet is made from, and its
    parameters: from a little before the first place the query's first word
    appears (its first five letters, so "injuries" finds "injury"), or their start."""
    words = [word for negated, words, _, _ in _terms(text) if not negated for word in words]
    stem = words[0].lower()[:5] if words else ""
    found_at = "strpos(lower(documents), %s)"
    start = f"CASE WHEN {found_at} > 0 THEN greatest(1, {found_at} - 400) ELSE 1 END"
    return f"substr(documents, {start}, {SNIPPET_WINDOW})", [stem, stem]


def attach_snippets(reviews, text):
    """Give each review found by ``matching`` its four snippets (``search_title``
    …), in one query for the lot: a page, or a batch of an export."""
    found = [review for review in reviews if hasattr(review, "search_rank")]
    if not found or not text:
        return
    pks = [review.pk for review in found]
    marks = ", ".join(["%s"] * len(pks))
    if connection.vendor == "sqlite":
        columns = ", ".join(f"snippet({TABLE}, {column}, %s, %s, %s, 16)" for column in range(len(PARTS)))
        sql = f"SELECT rowid, {columns} FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({marks})"
        params = [value for _ in PARTS for value in (FOUND, END, ELLIPSIS)] + [fts5_query(text), *pks]
    else:
        query, expression = "to_tsquery('english', %s)", tsquery(text)
        window, window_params = _window_of_documents(text)
        parts = {name: (window, window_params) if name == "documents" else (name, []) for name in PARTS}
        columns = ", ".join(f"ts_headline('english', {part}, {query}, %s)" for part, _ in parts.values())
        sql = f"SELECT review_id, {columns} FROM {TABLE} WHERE review_id IN ({marks})"
        params = [value for part, extra in parts.values() for value in (*extra, expression, HEADLINE)] + pks
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        snippets = {row[0]: row[1:] for row in cursor.fetchall()}
    for review in found:
        for name, snippet in zip(PARTS, snippets.get(review.pk, [""] * len(PARTS)), strict=True):
            setattr(review, f"search_{name}", snippet)


def where_it_matched(review, now):
    """(part, snippet) of the best part that matched; the snippet of an archived
    review's documents is never shown (None), nor anything of a review that is
    not public."""
    if not is_public(review, now):
        return None
    for name in PARTS:
        snippet = getattr(review, f"search_{name}", None) or ""
        if FOUND in snippet:
            if name == "documents" and not is_available(review, now):
                return {"field": name, "snippet": None}
            return {
                "field": name,
                "snippet": html.escape(snippet, quote=False).replace(FOUND, MARK).replace(END, UNMARK),
            }
    return None
