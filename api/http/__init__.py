"""The HTTP plumbing every public surface shares: problem documents,
conditional GET, the response cache, throttling, security headers, the
request log and health checks. It knows the domain (``reviews``) and nothing
above it."""
