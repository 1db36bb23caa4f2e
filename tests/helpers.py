"""Helpers shared by the tests."""

import atexit
import contextlib
import functools
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
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(process.stderr.read().decode() if process.poll() is not None else "no answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        if log is not None:
            log.append(process.stderr.read().decode())


def http_get(url, headers=None):
    """(status, headers, body) of a GET, whatever the status."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
