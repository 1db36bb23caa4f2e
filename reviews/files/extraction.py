"""The words of a document's PDF, for search, read by the worker in a child
process with a time and a memory limit.

pypdf reads a page's text by decompressing and interpreting its content
streams; a 9 KB file whose 40 pages share one 1 MB stream took more than 30
seconds. So nobody waits for it: a new file is saved with ``text_pending``,
the worker (``api.worker``) reads it in a child process (one at a time,
without holding its pass up), and a file that runs past
``TEXT_EXTRACTION_SECONDS`` or ``TEXT_EXTRACTION_MEMORY_MB`` is left
unsearched, its document served as before.

    python -m reviews.files.extraction PATH   prints the words of the PDF at PATH
"""

import logging
import subprocess
import sys
import tempfile
import time

log = logging.getLogger("reviews.extraction")

# What full-text search keeps of a document's own words: enough for any report.
TEXT_LIMIT = 500_000


def extract_text(file):
    """The words of an accepted PDF: pypdf's text of each page, up to
    ``TEXT_LIMIT`` characters; what was read before a page that cannot be."""
    from pypdf import PdfReader

    file.seek(0)
    parts, length = [], 0
    try:
        for page in PdfReader(file).pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length >= TEXT_LIMIT:
                break
    except Exception:  # noqa: BLE001 - the file was accepted; an unreadable page only goes unsearched
        pass
    return "\n".join(parts)[:TEXT_LIMIT]


def _limited(memory_bytes, seconds):
    """For the child, before it runs: at most this much memory and CPU time."""

    def apply():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))

    return apply


class Extraction:
    """One child process reading one file, polled by the worker."""

    def __init__(self, document_pk, sha256, path, seconds, memory_mb):
        self.document_pk, self.sha256 = document_pk, sha256
        self.deadline = time.monotonic() + seconds
        self.output = tempfile.TemporaryFile()  # a pipe would fill and stall the child
        self.process = subprocess.Popen(  # noqa: S603 - our own module, on a path we stored
            [sys.executable, "-m", "reviews.files.extraction", path],
            stdout=self.output,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            preexec_fn=_limited(memory_mb * 1024 * 1024, seconds),  # noqa: PLW1509 - no threads in the child
        )

    def result(self):
        """None while it runs; then the words read, or "" if it failed or ran out of time or memory."""
        if self.process.poll() is None:
            if time.monotonic() < self.deadline:
                return None
            self.process.kill()
            self.process.wait()
        with self.output:
            if self.process.returncode != 0:
                log.warning("extraction: document %s could not be read within its limits (exit %s); "
                            "left unsearched", self.document_pk, self.process.returncode)  # fmt: skip
                return ""
            self.output.seek(0)
            return self.output.read().decode("utf-8", "replace")[:TEXT_LIMIT]


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as pdf:
        sys.stdout.buffer.write(extract_text(pdf).encode("utf-8", "replace"))
