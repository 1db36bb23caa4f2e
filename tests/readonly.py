"""A guard that fails a test the moment the code under it writes to the
database: public reads never write (no row, no lock, no reconcile)."""

import contextlib
import re

from django.db import connections

READ = re.compile(r"^\s*\(?\s*(SELECT|WITH|EXPLAIN)\b", re.IGNORECASE)


class WroteDuringRead(AssertionError):
    pass


def _refuse_writes(execute, sql, params, many, context):
    if not READ.match(sql):
        raise WroteDuringRead(f"a public read wrote: {sql[:200]}")
    if re.search(r"\bFOR\s+(UPDATE|SHARE|NO KEY UPDATE|KEY SHARE)\b", sql, re.IGNORECASE):
        raise WroteDuringRead(f"a public read took a lock: {sql[:200]}")
    return execute(sql, params, many, context)


@contextlib.contextmanager
def reads_only():
    """Every statement on every connection inside must be a plain read."""
    with contextlib.ExitStack() as stack:
        for alias in connections:
            stack.enter_context(connections[alias].execute_wrapper(_refuse_writes))
        yield
