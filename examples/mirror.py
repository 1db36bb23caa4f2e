#!/usr/bin/env python3
"""Reference client: keep a directory of JSON files equal to the public
content of a Case Review Publication API, using only the changes endpoint
to learn what to fetch and what to take down. Standard library only.

    python3 examples/mirror.py https://reviews.example.org/api/v1/ ./mirror

Run it as often as you like (every few minutes from cron). It keeps its
cursor in ./mirror/cursor; a withdrawn review is deleted from the mirror on
the next run. The layout: reviews/<slug>.json, documents/<id>.json and
leaflets/<slug>.json, each the API's own detail representation.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

FOLDERS = {"review": "reviews", "document": "documents", "leaflet": "leaflets"}


class Gone(Exception):
    """The server no longer keeps our cursor's history: start again."""


class Mirror:
    def __init__(self, api, directory):
        self.api = api.rstrip("/") + "/"
        self.root = Path(directory)
        self.cursor_file = self.root / "cursor"

    # HTTP ----------------------------------------------------------------------

    def get(self, url):
        """The JSON at ``url``, or None when it is no longer public (404/410)."""
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code in (404, 410):
                return None
            raise

    def pages(self, url):
        while url:
            page = self.get(url)
            yield from page["results"]
            url = page["next"]

    # Files ---------------------------------------------------------------------

    def path(self, resource, identifier):
        return self.root / FOLDERS[resource] / f"{identifier}.json"

    def write(self, resource, identifier, data):
        path = self.path(resource, identifier)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)

    def read(self, resource, identifier):
        path = self.path(resource, identifier)
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def remove(self, resource, identifier):
        self.path(resource, identifier).unlink(missing_ok=True)

    def local_documents_of(self, slug, parent="review"):
        folder = self.root / FOLDERS["document"]
        for path in folder.glob("*.json") if folder.exists() else []:
            if json.loads(path.read_text(encoding="utf-8")).get(parent) == slug:
                yield path.stem

    # Applying changes ------------------------------------------------------------

    def refresh_review(self, slug):
        review = self.get(f"{self.api}reviews/{slug}/")
        if review is None:
            self.take_down("review", slug)
            return
        self.write("review", slug, review)
        current = {str(document["id"]): document for document in self.pages(review["documents_url"])}
        for stale in set(self.local_documents_of(slug)) - set(current):
            self.remove("document", stale)
        for identifier, document in current.items():
            self.write("document", identifier, document)

    def take_down(self, resource, slug):
        """A review or leaflet, and the documents copied with it."""
        self.remove(resource, slug)
        for identifier in list(self.local_documents_of(slug, parent=resource)):
            self.remove("document", identifier)

    def refresh_leaflet(self, slug):
        leaflet = self.get(f"{self.api}leaflets/{slug}/")
        current = {str(document["id"]): document for document in (leaflet or {}).get("documents", [])}
        for stale in set(self.local_documents_of(slug, parent="leaflet")) - set(current):
            self.remove("document", stale)
        if leaflet is None:
            self.remove("leaflet", slug)
            return
        self.write("leaflet", slug, leaflet)
        for identifier, document in current.items():
            self.write("document", identifier, document)

    def refresh_document(self, identifier):
        known = self.read("document", identifier) or {}
        document = self.get(f"{self.api}documents/{identifier}/")
        if document is None:
            self.remove("document", identifier)
        else:
            self.write("document", identifier, document)
        # A review or leaflet embeds its documents: refresh the parent too.
        parent = document or known
        if parent.get("review"):
            self.refresh_review(parent["review"])
        elif parent.get("leaflet"):
            self.refresh_leaflet(parent["leaflet"])

    def apply(self, change):
        resource, identifier = change["resource"], str(change["id"])
        if change.get("previous_id"):  # moved: the copy at the old address goes
            self.take_down(resource, change["previous_id"])
        if change["url"] is None:  # a tombstone: withdrawn or deleted
            if resource == "review":
                self.take_down("review", identifier)
            elif resource == "document":
                known = self.read("document", identifier) or {}
                self.remove("document", identifier)
                if known.get("review"):
                    self.refresh_review(known["review"])
                elif known.get("leaflet"):
                    self.refresh_leaflet(known["leaflet"])
            else:
                self.refresh_leaflet(identifier)  # gone: takes its documents down too
        elif resource == "review":
            self.refresh_review(identifier)
        elif resource == "leaflet":
            self.refresh_leaflet(identifier)
        else:
            self.refresh_document(identifier)

    # Syncing ---------------------------------------------------------------------

    def bootstrap(self):
        """A new mirror: note where the log is now, then copy everything.
        Changes made during the copy are applied again by the next sync,
        which is harmless: applying a change twice leaves the same files."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        cursor = self.get(f"{self.api}changes/?{urllib.parse.urlencode({'since': now})}")["next"]
        for review in self.pages(f"{self.api}reviews/?status=all&page_size=100"):
            self.refresh_review(review["slug"])
        for leaflet in self.pages(f"{self.api}leaflets/?page_size=100"):
            self.refresh_leaflet(leaflet["slug"])
        self.cursor_file.write_text(cursor)
        return cursor

    def sync(self):
        """Apply every change since the saved cursor; returns how many."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.cursor_file.exists():
            cursor = self.cursor_file.read_text().strip()
        else:
            cursor = self.bootstrap()
        applied = 0
        while True:
            try:
                page = self.get(f"{self.api}changes/?{urllib.parse.urlencode({'since': cursor})}")
            except urllib.error.HTTPError as error:
                if error.code == 410:
                    raise Gone("History before our cursor is gone: delete the mirror and run again.") from None
                raise
            for change in page["changes"]:
                self.apply(change)
                applied += 1
            cursor = page["next"]
            self.cursor_file.write_text(cursor)  # only after the whole page is applied
            if not page["more"]:
                return applied


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("api", help="The API's base address, e.g. https://reviews.example.org/api/v1/")
    parser.add_argument("directory", help="Where to keep the mirror.")
    arguments = parser.parse_args(argv)
    try:
        applied = Mirror(arguments.api, arguments.directory).sync()
    except Gone as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Applied {applied} change(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
