"""The benchmarks' PostgreSQL databases, made when they are missing, so a
run on a new machine needs only the server (``createdb`` is not a step)."""

import dj_database_url
import psycopg
from psycopg import sql


def ensure(url):
    """Create the database ``url`` names, on PostgreSQL, if it does not exist."""
    if not url.startswith("postgres"):
        return  # SQLite makes its file on first use
    config = dj_database_url.parse(url)
    server = {"host": config["HOST"] or None, "port": config["PORT"] or None, "user": config["USER"] or None,
              "password": config["PASSWORD"] or None}  # fmt: skip
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
