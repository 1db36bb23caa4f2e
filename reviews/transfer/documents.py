"""The import of documents, and of the stored files they name."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from reviews.files import uploads
from reviews.models import Document
from reviews.transfer.content_io import DOCUMENT_FIELDS, FILE_FACTS, ContentError


class DocumentFiles:
    """The part of the importer (``reviews.transfer.importing``) that reads documents and their files."""

    def documents(self, parent_field, items):
        """The documents of many reviews (or leaflets) at once: ``items`` are
        (where, parent, records), each parent saved."""
        pairs, uids = [], []
        for where, parent, records in items:
            if not isinstance(records, list):
                raise ContentError(f"{where}: field 'documents': expected a list")
            for position, record in enumerate(records):
                document_where = f"{where} documents[{position}]"
                self.key(record, "uid", document_where)
                uids.append(self.uid(Document, record, document_where))
                pairs.append((document_where, parent, position, record))
        found = Document.objects.in_bulk(uids, field_name="uid")
        # Who already uses each stored file these records name: one query, not one a file.
        names = {record["file"] for _, _, _, record in pairs if isinstance(record.get("file"), str) and record["file"]}
        self.users_of_file = defaultdict(set)
        for name, pk in Document.objects.filter(file__in=names).values_list("file", "pk"):
            self.users_of_file[name].add(pk)
        written = []
        for (where, parent, position, record), uid in zip(pairs, uids, strict=True):
            document = found.get(uid) or Document()
            if document.pk and getattr(document, f"{parent_field}_id") != parent.pk:
                raise ContentError(f"{where}: uid {record['uid']} belongs to another record")
            setattr(document, parent_field, parent)
            facts = self.stored_file(where, document, record)
            uploader_changed = self.uploader(where, document, record)
            fields = [*DOCUMENT_FIELDS, "position", "extracted_text", "text_pending"]
            dirty = self.assign(where, document, {**record, **facts, "position": position}, fields)
            written.append((where, document, record, dirty or uploader_changed))
        self.save_all(Document, written)
        self.keep_stated_times(Document, written)

    def stored_file(self, where, document, record):
        """What the document's stored file is, read from its bytes. The file must
        be a PDF fit to publish inside document storage, agree with any size and
        SHA-256 the record states, and belong to this document alone: a file
        another document already uses is given a copy of its own."""
        name = record.get("file") or ""
        if not name:
            # A document the body describes but whose file is not held: nothing to read.
            for field in ("size_bytes", "sha256", "page_count"):
                if record.get(field) not in (None, ""):
                    raise ContentError(f"{where}: field '{field}': a document without a stored file has none")
            return {"size_bytes": None, "sha256": "", "page_count": None, "extracted_text": "", "text_pending": False}
        if not uploads.is_stored_name(name):
            raise ContentError(f"{where}: field 'file': {name!r} is not a name inside document storage")
        if not default_storage.exists(name):
            raise ContentError(f"{where}: field 'file': no stored file named {name!r}")
        with default_storage.open(name, "rb") as file:
            digest = uploads.sha256_of(file)
            if document.pk and document.file.name == name and document.sha256 == digest:
                # The very bytes this document was given before: checked and read then.
                pages, words, pending = document.page_count, document.extracted_text, document.text_pending
            else:
                try:
                    pages = uploads.check_pdf(file)
                except ValidationError as error:
                    raise ContentError(f"{where}: field 'file': {' '.join(error.messages)}") from None
                words, pending = "", True  # read by the worker, with limits (reviews.files.extraction)
            facts = {"content_type": uploads.PDF_CONTENT_TYPE, "size_bytes": file.size, "sha256": digest,
                     "page_count": pages}  # fmt: skip
        for field in FILE_FACTS:
            stated = record.get(field)
            if stated not in (None, "") and stated != facts[field]:
                raise ContentError(
                    f"{where}: field '{field}': the file states {stated!r}, the stored bytes give {facts[field]!r}"
                )
        filename = record.get("original_filename") or ""
        if filename and (not isinstance(filename, str) or uploads.safe_filename(filename) != filename):
            raise ContentError(
                f"{where}: field 'original_filename': {filename!r} is not a clean file name "
                f"(it would be {uploads.safe_filename(str(filename))!r})"
            )
        claimed = self.files.setdefault(name, record["uid"])
        others = self.users_of_file[name] - {document.pk}
        if claimed != record["uid"] or others:
            if document.pk and document.file and document.sha256 == facts["sha256"]:
                name = document.file.name  # its own copy, made by an earlier import
            else:
                name = uploads.copy_stored(name)
                self.copied.append(f"{where}: its file is shared with another document: given its own copy {name}")
        return {**facts, "file": name, "extracted_text": words, "text_pending": pending}

    def uploader(self, where, document, record):
        """Who uploaded the file, if that account exists here; True if that is news."""
        username = record.get("uploaded_by")
        if username is None:
            return False
        if not isinstance(username, str):
            raise ContentError(f"{where}: field 'uploaded_by': expected text, got {type(username).__name__}")
        if username not in self.users:
            accounts = get_user_model()._default_manager
            self.users[username] = accounts.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        user = self.users[username]
        if user is None or document.uploaded_by_id == user.pk:
            return False
        document.uploaded_by = user
        return True
