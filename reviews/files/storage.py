"""Document storage that writes a file whole or not at all.

Django's ``FileSystemStorage`` writes straight to the final name, so a disk
filling (or a worker killed) mid-write leaves a partial file under a name that
looks like a document. Here the bytes go to a hidden temporary file beside it,
flushed to disk, and only a complete file is linked into place; the temporary
file is removed whatever happens.
"""

import contextlib
import os
import tempfile

from django.core.files.storage import FileSystemStorage


class WholeFileStorage(FileSystemStorage):
    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        os.makedirs(directory, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(partial, self.file_permissions_mode)
            while True:
                try:
                    os.link(partial, self.path(name))  # never replaces an existing file
                    return str(name).replace("\\", "/")
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
