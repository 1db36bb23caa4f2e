"""Structured request logs: one JSON line per request, with a request id
that is echoed in ``X-Request-ID`` so a partner's report can be matched to
our log line. Nothing from the body, no query values beyond the path's."""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger("api.requests")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                json.dumps(
                    {
                        "request_id": request.request_id,
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                    },
                    separators=(",", ":"),
                )
            )
        return response
