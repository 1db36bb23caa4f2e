"""A PDF's words are read for search by the worker, in a child process with a
time and a memory limit (``reviews.files.extraction``), never in the editor's
request: a small hostile file cannot pin anything."""

import zlib

from django.core.files.base import ContentFile

from api.worker import Worker
from reviews.models import Document
from tests.factories import make_document, make_review, read_texts
from tests.helpers import wait_for


def pdf_with_stream(content, pages=1):
    """A PDF whose ``pages`` pages all share one compressed content stream."""
    stream = zlib.compress(content, 9)
    kids = " ".join(f"{4 + page} 0 R" for page in range(pages)).encode()
    font = 4 + pages
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
          b"/Contents 3 0 R >>" % font] * pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, item in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + item + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)


def slow_pdf():
    """9 KB: 40 pages sharing one 1 MB stream of empty text operations (74 s of pypdf here)."""
    return pdf_with_stream(b"BT /F1 12 Tf () Tj ET\n" * 45_000 + b"BT (findme) Tj ET\n", pages=40)


def large_pdf():
    """68 KB: one page whose stream inflates to 70 MB (read whole in 9 s with no memory limit)."""
    return pdf_with_stream(b"BT /F1 12 Tf (findme) Tj ET\n" + b" " * 70_000_000)


def test_a_file_that_takes_too_long_is_left_unsearched_while_the_worker_keeps_time(db, board, api, settings):
    settings.TEXT_EXTRACTION_SECONDS = 1
    document = make_document(make_review(slug="r"), file=ContentFile(slow_pdf(), name="slow.pdf"))
    stored = Document.objects.get(pk=document.pk)
    assert stored.text_pending and stored.extracted_text == ""  # the upload read no words
    worker = Worker()
    worker.run_once()
    # The pass is over, and the child still reading: no pass waits for it.
    assert worker.extraction.document_pk == document.pk and worker.extraction.process.poll() is None
    wait_for(lambda: worker.read_texts() is None, 30, "the slow file given up on")
    stored = Document.objects.get(pk=document.pk)
    assert not stored.text_pending and stored.extracted_text == ""
    assert worker.extraction is None
    assert api.get(f"/api/v1/documents/{document.pk}/download").status_code == 200  # served as before


def test_a_file_that_needs_too_much_memory_is_left_unsearched(db, board, settings):
    settings.TEXT_EXTRACTION_MEMORY_MB = 128
    document = make_document(make_review(slug="r"), file=ContentFile(large_pdf(), name="large.pdf"))
    read_texts()
    assert Document.objects.get(pk=document.pk).extracted_text == ""


def test_the_words_of_a_file_replaced_while_it_was_read_are_not_kept(db, board):
    review = make_review(slug="r")
    document = make_document(review, file=ContentFile(pdf_with_stream(b"BT (first) Tj ET"), name="a.pdf"))
    worker = Worker()
    worker.read_texts()  # reading the first file
    document.file = ContentFile(pdf_with_stream(b"BT (second) Tj ET"), name="b.pdf")
    document.save()
    wait_for(lambda: worker.read_texts() is None, 30, "both files read")
    assert Document.objects.get(pk=document.pk).extracted_text.strip() == "second"


def test_the_worker_reading_a_file_is_no_edit_an_open_form_must_yield_to(db, board):
    """The words are the system's, not an editor's: storing them moves no version,
    so a change form opened before is still saved (``invalidation.NOT_EDITED``)."""
    document = make_document(
        make_review(slug="r"), file=ContentFile(pdf_with_stream(b"BT (words) Tj ET"), name="a.pdf")
    )
    opened_at = Document.objects.get(pk=document.pk).version
    read_texts()
    stored = Document.objects.get(pk=document.pk)
    assert stored.extracted_text.strip() == "words" and stored.version == opened_at
