"""The Django project: settings, environment, the URL root and WSGI. The
plumbing every public surface shares is in ``api.http``; the REST API in
``api.v1``."""
