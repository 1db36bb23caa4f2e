"""The REST API, version 1: views, serializers, pagination, downloads, the
changes log and the OpenAPI description's examples."""
