"""Uploads that try to exhaust the reader or the disk: a clear refusal, nothing left behind."""

import io
import resource
import signal
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews.models import Document
from tests.factories import make_board, make_review
from tests.reviews.test_admin import stored_files, upload_response

pytestmark = pytest.mark.django_db


def pdf_of(objects, trailer):
    """A PDF file of numbered ``objects`` (bytes each) with a classic cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    table = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, table))
    return out.getvalue()


def object_stream_bomb(inflated=300_000_000):
    """The catalog inside an object stream that inflates to ``inflated`` bytes
    (from about 300 kB). Objects in a stream are found through a cross-reference
    stream, so this one is written by hand."""
    header = b"2 0 "
    squeeze = zlib.compressobj(9)
    data = squeeze.compress(header + b"<< /Type /Catalog /Pages 3 0 R >>")
    data += b"".join(squeeze.compress(b" " * 1_000_000) for _ in range(inflated // 1_000_000)) + squeeze.flush()
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    offsets = {1: out.tell()}
    out.write(b"1 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
              % (len(header), len(data)))  # fmt: skip
    out.write(data + b"\nendstream\nendobj\n")
    offsets[3] = out.tell()
    out.write(b"3 0 obj\n<< /Type /Pages /Kids [5 0 R] /Count 1 >>\nendobj\n")
    offsets[5] = out.tell()
    out.write(b"5 0 obj\n<< /Type /Page /Parent 3 0 R /MediaBox [0 0 9 9] >>\nendobj\n")
    offsets[4] = out.tell()

    def row(kind, field, index=0):
        return bytes([kind]) + field.to_bytes(4, "big") + index.to_bytes(2, "big")

    # Object 0 free; 2 is the first object inside stream 1; the rest are at their offsets.
    rows = (
        row(0, 0, 65535) + row(1, offsets[1]) + row(2, 1) + row(1, offsets[3]) + row(1, offsets[4]) + row(1, offsets[5])
    )
    out.write(b"4 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(rows))
    out.write(rows + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[4])
    return out.getvalue()


def deep_page_tree(depth=5000):
    """Page tree nodes nested ``depth`` deep around one page."""
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (number + 1) for number in range(2, depth + 2)]
    return pdf_of([b"<< /Type /Catalog /Pages 2 0 R >>", *nodes, b"<< /Type /Page /MediaBox [0 0 9 9] >>"],
                  b"/Root 1 0 R")  # fmt: skip


@pytest.mark.parametrize("build", [object_stream_bomb, deep_page_tree])
def test_a_pdf_built_to_exhaust_the_reader_is_a_form_error(staff_client, settings, build):
    response = upload_response(staff_client, build())
    assert response.status_code == 200
    assert "nested too deeply or expands too far to be read safely" in response.content.decode()
    assert not Document.objects.exists() and stored_files(settings) == []


def padded_pdf(size):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Padding": "x" * size})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def disk_full_after():
    """The kernel refuses to let this process write a file past ``limit`` bytes
    (RLIMIT_FSIZE; EFBIG, as a full disk gives ENOSPC): a real failed write."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    def limit(size):
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous)


def test_a_write_that_fails_part_way_leaves_no_file(staff_client, settings, disk_full_after):
    make_board()
    review = make_review()
    content = padded_pdf(1_500_000)
    disk_full_after(1_000_000)
    url = reverse("admin:reviews_document_add")
    response = staff_client.post(url, {
        "review": review.pk, "position": 0, "kind": Document.Kind.FULL_REPORT, "audience": "public",
        "title": "Full report", "published_at_0": "2020-01-01", "published_at_1": "00:00:00", "language": "en",
        "file": SimpleUploadedFile("report.pdf", content, content_type="application/pdf"),
    }, follow=True)  # fmt: skip
    assert "could not be stored" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(settings) == []  # not even a hidden partial file
