"""Production configuration: check --deploy is clean, and missing secrets stop the start."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

BASE = settings.BASE_DIR
PRODUCTION_ENV = {
    "OVERSIGHT_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DATABASE_URL": "postgres://oversight@127.0.0.1:5432/oversight",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "oversight.example.gov.uk",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith("OVERSIGHT_")
    }
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_required_setting(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "will not start in production without" in result.stderr
    assert missing in result.stderr


def test_production_requires_two_factor_and_secure_cookies_by_default():
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.OVERSIGHT_REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = _run(["-c", script], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "False"]


def test_env_example_documents_every_variable_the_code_reads():
    read = set()
    pattern = re.compile(
        r"env(?:\.(?:str|bool|int|list|path|db|float|url))?\(\s*\"([A-Z][A-Z0-9_]+)\""
    )
    for path in BASE.rglob("*.py"):
        if any(part in {".venv", "node_modules", ".data", "tests"} for part in path.parts):
            continue
        read.update(pattern.findall(path.read_text(encoding="utf-8")))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (BASE / ".env.example").read_text(), re.M)
    )
    assert read, "no environment variables found: the pattern is wrong"
    assert read <= documented, f"not in .env.example: {sorted(read - documented)}"


def test_content_security_policy_has_nonces_and_no_unsafe_inline(client):
    response = client.get("/sign-in")
    policy = response.headers["Content-Security-Policy"]
    assert "'nonce-" in policy
    assert "unsafe-inline" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
