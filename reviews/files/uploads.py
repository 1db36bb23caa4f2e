"""Checks and bookkeeping for the PDFs editors upload.

A file is accepted only if it is a real PDF (by its bytes, not its name) under
the size cap, that opens without a password, has pages, and carries no active
content (JavaScript, launch actions, embedded files) and no HTML a browser could
be tricked into running. It is stored under a random name, so nothing an editor types
reaches the file system, and a save that fails removes what it wrote.
"""

import contextlib
import contextvars
import hashlib
import re
import tempfile
import unicodedata
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError

PDF_MAGIC = b"%PDF-"
PDF_CONTENT_TYPE = "application/pdf"
_CHUNK = 1024 * 1024


def stored_name(instance, filename):
    return f"documents/{uuid.uuid4().hex}.pdf"


def safe_filename(filename):
    """A display name safe for a Content-Disposition header: no directories,
    no control characters, no shell or header metacharacters, ends in .pdf."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = unicodedata.normalize("NFKC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[^\w .()\-]+", "_", name).strip(" ._")
    stem = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)[:120].strip(" ._")
    return f"{stem or 'document'}.pdf"


# What a PDF reader may act on by itself: none of it belongs in a published review.
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm"}
HTML_MARKERS = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype)", re.IGNORECASE)
PDF_ERRORS = (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
              NotImplementedError, OverflowError)  # fmt: skip


def _acts(action):
    action = action.get_object() if action is not None else None
    return hasattr(action, "get") and action.get("/S") in ACTIVE_ACTIONS


def _active_content(reader):
    """Why the PDF would act on its own when opened, or None."""
    catalog = reader.trailer["/Root"]
    names = catalog.get("/Names")
    names = names.get_object() if names is not None else {}
    if "/JavaScript" in names or _acts(catalog.get("/OpenAction")):
        return "it runs JavaScript or another program when opened"
    if "/EmbeddedFiles" in names:
        return "it carries embedded files"
    if "/AA" in catalog:
        return "it has actions that run by themselves"
    for page in reader.pages:
        if "/AA" in page:
            return "a page has actions that run by themselves"
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if _acts(annotation.get("/A")) or "/AA" in annotation:
                return "a link or form field runs JavaScript or another program"
    return None


def _read(file):
    """(page count, None) for a PDF fit to publish, or (None, the reason it is not)."""
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            return None, "it is protected by a password; upload a version that opens without one"
        pages = len(reader.pages)
        if pages == 0:
            return None, "it has no pages"
        active = _active_content(reader)
        return (None, active) if active else (pages, None)
    except (LimitReachedError, RecursionError):
        return None, "it is nested too deeply or expands too far to be read safely"
    except PDF_ERRORS as error:
        return None, f"it cannot be read as a PDF ({type(error).__name__})"
    finally:
        file.seek(0)


def _page_count(file):
    return _read(file)[0]


def check_pdf(file):
    """Refuse (ValidationError) anything that is not a PDF fit to publish, under
    the size cap; the page count if it is. Uploads and imports both ask this."""
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            "The file is %(size)s; the largest accepted is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    if not head.startswith(PDF_MAGIC):
        raise ValidationError("The file is not a PDF (whatever its name says).", code="not_pdf")
    if HTML_MARKERS.search(head):
        raise ValidationError("The file is both a PDF and a web page; it cannot be published.", code="polyglot")
    pages, problem = _read(file)
    if problem:
        raise ValidationError("The PDF cannot be published: %(problem)s.", code="bad_pdf", params={"problem": problem})
    return pages


def validate_pdf(file):
    if getattr(file, "_committed", True):
        return  # an existing, already accepted file
    check_pdf(file)
    check_storage_writable()


def sha256_of(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(_CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


STORED_NAME = re.compile(r"documents/[A-Za-z0-9][A-Za-z0-9_.\-]{0,150}\.pdf")


def is_stored_name(name):
    """A name as this system stores files: inside documents/, nothing that could leave it."""
    return isinstance(name, str) and STORED_NAME.fullmatch(name) is not None and ".." not in name


def copy_stored(name):
    """A copy of a stored file under a new name of its own (removed again if the
    surrounding save fails, like an upload)."""
    with default_storage.open(name, "rb") as source:
        copy = default_storage.save(stored_name(None, name), source)
    record_written(copy)
    return copy


STORAGE_ERROR = (
    "The file could not be stored: the document storage cannot be written to. Nothing was saved; "
    "please tell the system administrator."
)


def check_storage_writable():
    """Refuse an upload early, with a clear message, when storage is broken."""
    try:
        directory = Path(default_storage.path("documents"))
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError:
        raise ValidationError(STORAGE_ERROR, code="storage") from None


def describe(document):
    """Fill in the facts of a newly uploaded file: size, hash, pages, names."""
    file = document.file
    document.sha256 = sha256_of(file)
    document.size_bytes = file.size
    document.page_count = _page_count(file)
    document.content_type = PDF_CONTENT_TYPE
    document.original_filename = safe_filename(file.name)
    document.extracted_text, document.text_pending = "", True  # read by the worker, with limits


def discard(name):
    if name:
        default_storage.delete(name)


_written = contextvars.ContextVar("written_document_files", default=None)


def record_written(name):
    written = _written.get()
    if written is not None:
        written.append(name)


@contextlib.contextmanager
def removed_if_failed():
    """Delete every file saved inside the block if the block fails, so a
    transaction rolled back after a document was saved leaves no orphan."""
    written = []
    token = _written.set(written)
    try:
        yield
    except BaseException:
        for name in written:
            discard(name)
        raise
    finally:
        _written.reset(token)
