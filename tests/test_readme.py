"""README.md stays a guide for the people who use the product: it documents
every environment variable the settings read, stays short, and its quick start
begins with the two commands a new user types. No database, subprocess or
network: the settings' source is parsed, not imported."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SETTINGS_SOURCES = [ROOT / "api" / "settings.py", ROOT / "api" / "env.py"]
MAX_LINES = 400


def _dotted(node):
    """``os.environ.get`` for an Attribute chain, ``env_str`` for a Name; else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _env_helpers():
    """The readers api/env.py defines (env_str, env_bool, ...), whatever they are."""
    tree = ast.parse((ROOT / "api" / "env.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


def _is_environment_read(name, helpers):
    if name is None:
        return False
    last = name.rsplit(".", 1)[-1]
    return (
        last in helpers  # env_str("X"), api.env.env_int("X")
        or name.startswith("env.")  # env.str("X"), env.int("X") (django-environ style)
        or name in {"os.getenv", "getenv", "os.environ.get", "environ.get", "os.environ.setdefault", "os.environ.pop"}
    )


def variables_the_settings_read():
    helpers = _env_helpers()
    found = set()
    for path in SETTINGS_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_environment_read(_dotted(node.func), helpers):
                argument = node.args[0] if node.args else None
                if argument is None:
                    argument = next((k.value for k in node.keywords if k.arg in ("name", "key", "var")), None)
            elif isinstance(node, ast.Subscript) and _dotted(node.value) in {"os.environ", "environ"}:
                argument = node.slice
            else:
                continue
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add(argument.value)
    return found


def _section(heading):
    """The lines of README's ``## heading`` section, up to the next ``## ``."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"## {heading}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 1 : end]


def documented_variables():
    """Every `NAME` in the first column of the Configuration table."""
    names = set()
    for line in _section("Configuration"):
        if line.startswith("|") and not line.startswith("|---"):
            first_cell = line.split("|")[1]
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_every_environment_variable_the_settings_read_is_in_the_configuration_table():
    read = variables_the_settings_read()
    # The parser must keep finding the readers: settings read dozens of variables.
    assert len(read) >= 30, sorted(read)
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "LIBRARY_NAME", "API_CONTACT_URL", "FEED_TOMBSTONE_DAYS"} <= read
    missing = sorted(read - documented_variables())
    assert not missing, f"README's Configuration table lacks {missing}"


def test_readme_is_short():
    lines = len(README.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"README.md has {lines} lines; keep it to {MAX_LINES} (details belong in docs/)"


def test_quick_start_begins_with_run_then_test():
    section = _section("Quick start")
    fence = next(i for i, line in enumerate(section) if line.startswith("```"))
    commands = []
    for line in section[fence + 1 :]:
        if line.startswith("```"):
            break
        command = line.split("#", 1)[0].strip()
        if command:
            commands.append(command)
    assert commands[:2] == ["python3 dev.py run", "python3 dev.py test"]


def test_links_to_the_docs_resolve():
    text = README.read_text(encoding="utf-8")
    targets = {target.split("#", 1)[0] for target in re.findall(r"\]\(([^)\s]+)\)", text)}
    local = [target for target in targets if target and not re.match(r"[a-z]+:", target)]
    assert "docs/performance.md" in local and "docs/decisions/" in local
    assert [target for target in local if not (ROOT / target).exists()] == []


def test_the_receivers_check_in_readme_verifies_and_refuses_as_signing_does():
    """Partners copy it: it must accept a real delivery and answer False, never
    raise, to a forged one."""
    from webhooks import signing

    code = re.search(r"```python\n(import hashlib, hmac, time\n.*?def verified.*?)```", README.read_text(), re.S)
    namespace = {}
    exec(code.group(1), namespace)  # noqa: S102 — the README's own snippet
    verified = namespace["verified"]
    body = b'{"event":"published"}'
    headers = signing.headers("s3cret", "id-1", body)
    assert verified("s3cret", headers, body)
    for forged in ({"Webhook-Signature": "v1=\u00e9"}, {"Webhook-Timestamp": "soon"}, {"Webhook-Timestamp": "\u0661"}):
        assert verified("s3cret", {**headers, **forged}, body) is False
    assert not verified("other", headers, body) and not verified("s3cret", headers, body + b" ")
