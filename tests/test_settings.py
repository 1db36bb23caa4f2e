"""Settings come from the environment and fail loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import collected_static

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-real-production-secret-" + "s" * 40,
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "reviews.example.org",
    "PUBLIC_BASE_URL": "https://reviews.example.org",
}


def manage(*args, **env):
    return run_python("-m", "django", *args, **{"DJANGO_SETTINGS_MODULE": "api.settings", **env})


def clean_environment():
    """The machine's environment without our settings: what a newcomer has."""
    ours = ("DJANGO_", "PUBLIC_", "DATABASE_URL", "REDIS_URL", "API_", "FEED_", "BOARD_")
    return {key: value for key, value in os.environ.items() if not key.startswith(ours)}


def run_python(*args, **env):
    if args and args[0] != "-m":
        args = ("-c", *args)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.system  # Python (manage.py, a server's start-up) in its own process
def test_production_settings_pass_the_deployment_checklist():
    # --database: the checks of what the database supports too, which migrate runs (and prints) for everyone.
    result = manage("check", "--deploy", "--database", "default", "--fail-level", "WARNING",
                    STATIC_FILES_DIR=collected_static(), **PRODUCTION)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.system  # Python (manage.py, a server's start-up) in its own process
@pytest.mark.parametrize(
    "name, value, message",
    [
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG='maybe' is not a boolean"),
        ("AVAILABILITY_WINDOW_MONTHS", "six", "AVAILABILITY_WINDOW_MONTHS='six' is not a whole number"),
        ("AVAILABILITY_WINDOW_MONTHS", "0", "below the minimum of 1"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL is not a database URL"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL='localhost:6379' is not a URL"),
        ("PUBLIC_BASE_URL", "reviews.example.org", "PUBLIC_BASE_URL='reviews.example.org' is not a URL"),
        ("DOCUMENT_MAX_UPLOAD_BYTES", "-5", "below the minimum"),
    ],
)
def test_a_malformed_value_stops_start_up_with_a_clear_message(name, value, message):
    result = manage("check", **{**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.system  # Python (manage.py, a server's start-up) in its own process
def test_missing_secret_key_stops_production_serving_and_fails_the_deploy_check():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": "", "STATIC_FILES_DIR": collected_static()}
    serving = run_python("import api.wsgi", **env)
    assert serving.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in serving.stderr
    checked = manage("check", "--deploy", **env)
    assert checked.returncode != 0 and "DJANGO_SECRET_KEY is not set" in checked.stderr


@pytest.mark.system  # Python (manage.py, a server's start-up) in its own process
def test_uncollected_static_files_stop_production_serving_and_fail_the_deploy_check(tmp_path):
    """Without the manifest every feed would be a 500: say so before serving anything."""
    env = {**PRODUCTION, "STATIC_FILES_DIR": str(tmp_path / "never-collected")}
    serving = run_python("import api.wsgi", **env)
    assert serving.returncode != 0
    assert "static files have not been collected" in serving.stderr
    assert "collectstatic" in serving.stderr
    checked = manage("check", "--deploy", **env)
    assert checked.returncode != 0 and "reviews.E002" in checked.stderr


@pytest.mark.system  # Python (manage.py, a server's start-up) in its own process
def test_offline_commands_run_without_any_environment():
    result = manage("spectacular", "--validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("openapi: 3.0.3")


def test_the_documented_nginx_passes_the_largest_upload_and_the_client_address(settings):
    """nginx refuses bodies over 1 MB unless told otherwise, and without
    X-Forwarded-For every client would count as the proxy."""
    import re

    text = (ROOT / "docs" / "deployment.md").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", text)
    assert size and int(size.group(1)) * 1024 * 1024 > settings.DOCUMENT_MAX_UPLOAD_BYTES
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "DJANGO_TRUSTED_PROXY_DEPTH=1" in text
