"""A stored file answered as HTTP would have it: its validators and
conditions first, then the whole file or one byte range (``206``, ``416``).
Documents' downloads and the export files share it."""

import re

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from api.http.conditional import evaluate
from api.http.problems import problem_response

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def parse_range(header, size):
    """(start, end) inclusive for one satisfiable range; None to serve it
    all; raises ValueError when the range cannot be satisfied."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None  # absent, multiple ranges or another unit: send the whole file
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            raise ValueError
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise ValueError
    return start, end


def _read(file, start, length):
    try:
        file.seek(start)
        while length > 0:
            chunk = file.read(min(_CHUNK, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        file.close()


def with_headers(response, headers):
    for name, value in headers.items():
        response[name] = value
    return response


def conditions(request, headers):
    """The answer to the request's conditions (304, 412) on a file with these
    headers, or None to send it: asked before any byte is read (RFC 9110 §13.2.2)."""
    answered = evaluate(request, with_headers(HttpResponse(), headers))
    return answered if answered.status_code != 200 else None


def file_response(request, file, size, content_type, headers):
    """The open ``file`` (closed when sent), whole or the one range asked for;
    ``headers`` carry its strong ``ETag``."""
    headers = {**headers, "Accept-Ranges": "bytes"}
    range_header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range and if_range.strip() != headers["ETag"]:
        range_header = None  # the client's copy is stale: send it all
    try:
        byte_range = parse_range(range_header, size)
    except ValueError:
        file.close()
        return problem_response(
            416,
            f"The requested range is not inside the file, which is {size} bytes long.",
            headers={"Content-Range": f"bytes */{size}", "Accept-Ranges": "bytes"},
        )
    if request.method == "HEAD":  # the headers alone: not a byte of the file is read
        file.close()
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(size)
        return with_headers(response, headers)
    if byte_range is None:
        response = FileResponse(file, content_type=content_type)
        response["Content-Length"] = str(size)
        return with_headers(response, headers)
    start, end = byte_range
    length = end - start + 1
    response = StreamingHttpResponse(_read(file, start, length), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    return with_headers(response, headers)
