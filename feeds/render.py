"""Atom 1.0 and RSS 2.0 documents, built with feedgen, and JSON Feed 1.1.

feedgen 1.0.0 drops ``rel``, ``type`` and ``length`` from Atom *entry* links
(lkiesow/python-feedgen #135, #143), which would turn every enclosure into a
second alternate link that validators reject. ``_finish_atom`` adds the
enclosure links, and the RFC 6721 tombstones feedgen has no API for, to the
tree feedgen built — the one place where we touch its output.
"""

import json
from html import escape

from django.template.loader import render_to_string
from feedgen.feed import FeedGenerator
from lxml import etree

from api.http.links import absolute
from reviews.validators import xml_safe

ATOM_NS = "http://www.w3.org/2005/Atom"
TOMBSTONE_NS = "http://purl.org/atompub/tombstones/1.0"


def _generator(meta, entries):
    feed = FeedGenerator()
    feed.id(meta["id"])
    feed.title(meta["title"])
    feed.subtitle(meta["subtitle"])
    feed.author(name=meta["author"], uri=meta["author_uri"] or None)
    feed.language("en-GB")
    feed.link(href=meta["self"], rel="self", type=meta["media_type"])
    if meta.get("hub"):
        feed.link(href=meta["hub"], rel="hub")  # WebSub: subscribers may ask the hub to push (Atom only; see rss)
    feed.link(href=meta["alternate"], rel="alternate")  # last: it becomes RSS's <link>
    feed.updated(meta["updated"])
    feed.generator("Case Review Publication API")
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.summary(entry.summary or entry.title)
        item.published(entry.published)
        item.updated(entry.updated)
        item.link(href=entry.link, rel="alternate")
        if entry.author:
            item.author(name=entry.author)
        for term, label in entry.categories:
            item.category(term=term, label=label, scheme=meta["category_scheme"])
    return feed


def _finish_atom(xml, entries, tombstones):
    root = etree.fromstring(xml)
    for element, entry in zip(root.findall(f"{{{ATOM_NS}}}entry"), entries, strict=True):
        for enclosure in entry.enclosures:
            link = etree.SubElement(element, f"{{{ATOM_NS}}}link")
            link.set("rel", "enclosure")
            link.set("href", enclosure.href)
            link.set("type", enclosure.media_type)
            link.set("length", str(enclosure.length))
            link.set("title", enclosure.title)
    if tombstones:
        nsmap = {None: ATOM_NS, "at": TOMBSTONE_NS}
        finished = etree.Element(root.tag, nsmap=nsmap)
        finished.extend(list(root))
        root = finished
        for stone in tombstones:
            deleted = etree.SubElement(root, f"{{{TOMBSTONE_NS}}}deleted-entry")
            deleted.set("ref", stone.ref)
            deleted.set("when", stone.when.isoformat())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def atom(meta, entries, tombstones):
    feed = _generator({**meta, "media_type": "application/atom+xml"}, entries)
    return _finish_atom(feed.atom_str(), entries, tombstones)


def rss(meta, entries):
    feed = _generator({**meta, "media_type": "application/rss+xml"}, entries)
    feed.description(meta["subtitle"])
    feed.load_extension("dc", atom=False)  # RSS's <author> must be an e-mail address: the body is dc:creator
    for item, entry in zip(feed.entry(), entries, strict=True):
        if entry.author:
            item.dc.dc_creator(entry.author)
        main, *others = entry.enclosures or [None]
        if main:
            item.enclosure(main.href, str(main.length), main.media_type)
        description = escape(entry.summary or entry.title)
        if others:
            links = "".join(f'<li><a href="{escape(e.href)}">{escape(e.title)}</a></li>' for e in others)
            description += f"<p>Also published:</p><ul>{links}</ul>"
        item.description(description)
    xml = feed.rss_str()
    if not meta.get("hub"):
        return xml
    # feedgen writes only rel="self" as an atom:link in RSS; WebSub wants the hub beside it.
    root = etree.fromstring(xml)
    channel = root.find("channel")
    hub = etree.Element(f"{{{ATOM_NS}}}link", href=meta["hub"], rel="hub")
    channel.insert(list(channel).index(channel.find(f"{{{ATOM_NS}}}link")) + 1, hub)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# JSON Feed has no deleted entries; its extensions (keys starting "_", with an
# "about") carry the RFC 6721 tombstones Atom has, with the same ids.
TOMBSTONES_ABOUT = "https://www.rfc-editor.org/rfc/rfc6721"


def json_feed(meta, entries, tombstones):
    """A JSON Feed 1.1 document with the same entries (and ids) as the Atom feed."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": meta["title"],
        "home_page_url": meta["alternate"],
        "feed_url": meta["self"],
        "description": meta["subtitle"],
        "language": "en-GB",
        "authors": [{"name": meta["author"], **({"url": meta["author_uri"]} if meta["author_uri"] else {})}],
    }
    if meta.get("hub"):
        feed["hubs"] = [{"type": "WebSub", "url": meta["hub"]}]
    feed["items"] = [
        {
            "id": entry.id,
            "url": entry.link,
            "title": entry.title,
            "content_text": entry.summary or entry.title,
            "summary": entry.summary or entry.title,
            "date_published": entry.published.isoformat(),
            "date_modified": entry.updated.isoformat(),
            "tags": [label for _, label in entry.categories],
            **({"authors": [{"name": entry.author}]} if entry.author else {}),
            **({"attachments": [{"url": e.href, "mime_type": e.media_type, "title": e.title,
                                 "size_in_bytes": e.length} for e in entry.enclosures]}
               if entry.enclosures else {}),
        }
        for entry in entries
    ]  # fmt: skip
    feed["_tombstones"] = {
        "about": TOMBSTONES_ABOUT,
        "deleted": [{"id": stone.ref, "when": stone.when.isoformat()} for stone in tombstones],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1).encode("utf-8")


def page(meta, entries, media_type):
    """The feed as a page, for a person who opened its address in a browser:
    what it is, how to subscribe, and its latest entries. (Browsers show feeds
    as raw text or download them; XSLT in the browser is on its way out.)"""
    context = {"meta": meta, "entries": entries, "media_type": media_type, "api_index": absolute("api-index")}
    return render_to_string("feeds/page.html", context).encode("utf-8")


def feed_meta(title, subtitle, board, self_url, alternate, updated, feed_id, category_scheme, hub=""):
    return {
        "hub": hub,
        "id": feed_id,
        "category_scheme": category_scheme,
        "title": xml_safe(title),
        "subtitle": xml_safe(subtitle),
        "author": xml_safe(board.name),
        "author_uri": board.website,
        "self": self_url,
        "alternate": alternate,
        "updated": updated,
    }
