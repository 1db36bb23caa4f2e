#!/usr/bin/env python3
"""Quick start for a fresh machine with only Python 3.11.

    python3 dev.py run [--port N]   set up, load the seed, serve it on http://127.0.0.1:8000 (or N) with the worker
    python3 dev.py test             set up and run the fast test tier (extra arguments go to pytest)
    python3 dev.py --help           this text

"Set up" means: create .venv, install the pinned requirements when they
changed, and (for run) migrate the SQLite database.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-dev.txt"]
STAMP = VENV / ".requirements.sha256"


def sh(*args, **kwargs):
    print("+", " ".join(str(arg) for arg in args), flush=True)
    subprocess.run([str(arg) for arg in args], check=True, cwd=ROOT, **kwargs)


def set_up():
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256(b"".join(path.read_bytes() for path in REQUIREMENTS)).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        sh(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements-dev.txt")
        STAMP.write_text(wanted)


def port_of(arguments):
    """The port ``run`` serves on: 8000, or --port N."""
    if not arguments:
        return "8000"
    if arguments[0] == "--port" and len(arguments) == 2 and arguments[1].isdigit() and 0 < int(arguments[1]) < 65536:
        return arguments[1]
    sys.exit(f"dev.py run: unknown arguments {' '.join(arguments)}\n{__doc__}")


def run(port):
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    sh(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0")
    sh(PYTHON, "manage.py", "load_seed_content")
    sh(PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0")
    print(f"\nServing on http://127.0.0.1:{port}  (API: /api/v1/, admin: /admin/; Ctrl+C stops)", flush=True)
    print("Create an admin user with: .venv/bin/python manage.py createsuperuser\n", flush=True)
    # The worker keeps time (embargoes lifting, the changes log, webhooks, hub pings) beside the server.
    # Requests are logged as JSON lines by the app itself (api/observability.py).
    server = [str(PYTHON), "-m", "gunicorn", "api.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    processes = [subprocess.Popen([str(PYTHON), "manage.py", "worker"], cwd=ROOT), subprocess.Popen(server, cwd=ROOT)]
    try:
        processes[1].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:  # asked to stop (gunicorn then stops its workers), never killed
            process.terminate()
        for process in processes:
            process.wait()


def test(pytest_args):
    """The fast tier unless a marker expression is given: ``-m system`` runs the
    tests that start processes, browsers or servers, ``-m "system or not system"`` all."""
    workers = ["-n", "auto"] if (os.cpu_count() or 1) > 1 else []
    chosen = any(argument.startswith("-m") for argument in pytest_args)  # -m EXPR or -mEXPR
    tier = [] if chosen else ["-m", "not system"]
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *workers, *tier, *pytest_args])


def main():
    command, *rest = sys.argv[1:] or ["--help"]
    if command in ("-h", "--help", "help"):
        print(__doc__)
        return
    if command not in ("run", "test"):
        sys.exit(f"dev.py: unknown command {command!r}\n{__doc__}")
    port = port_of(rest) if command == "run" else None
    os.chdir(ROOT)
    set_up()
    run(port) if command == "run" else test(rest)


if __name__ == "__main__":
    main()
