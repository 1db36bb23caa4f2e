"""Helpers shared by the tests."""

import atexit
import contextlib
import functools
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def invalid_names(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {problem["name"]: problem["reason"] for problem in response.json()["invalid_params"]}


ROOT = Path(__file__).resolve().parent.parent


def wait_for(condition, timeout, what, interval=0.05):
    """Ask ``condition()`` every ``interval`` seconds until it gives something
    true, and return that; after ``timeout`` seconds, fail naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


def answer(url, timeout=2):
    """``http_get(url)`` once something answers there (whatever the status), else None:
    refused, reset, timed out or cut short, as a server that is still starting is."""
    try:
        return http_get(url, timeout=timeout)
    except (OSError, http.client.HTTPException):
        return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@functools.cache
def collected_static():
    """A directory filled by collectstatic, as a deployment has (once per test process)."""
    directory = tempfile.mkdtemp(prefix="static-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "false", "STATIC_FILES_DIR": directory},
        check=True,
    )
    return directory


@contextlib.contextmanager
def served(workers=1, log=None, **environment):
    """The real application under gunicorn on 127.0.0.1, in its own process,
    with production settings and the given environment; what gunicorn logged
    is added to ``log`` (a list), if given, once it has stopped."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "api.settings",
        "DJANGO_DEBUG": "false",
        "STATIC_FILES_DIR": collected_static(),
        "DJANGO_SECRET_KEY": "fault-test-secret-key-" + "f" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "REQUEST_LOG": "false",
        **environment,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "api.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: {process.stderr.read().decode()}")
        answered = answer(f"{base}/healthz")
        return answered is not None and answered[0] == 200

    try:
        wait_for(up, 60, f"gunicorn answering on {base}/healthz")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        if log is not None:
            log.append(process.stderr.read().decode())


def http_get(url, headers=None, timeout=10):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
