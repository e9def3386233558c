"""docker-compose.yml, the Makefile and the Dockerfile agree: each container runs a Makefile
target of an image that holds no Node, runs as a non-root user and carries no secrets."""

import re
import subprocess

import yaml
from django.conf import settings

EXPECTED = {"web": "make serve", "worker": "make worker", "beat": "make beat"}


def _compose():
    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())


def test_compose_has_the_five_services():
    assert set(_compose()["services"]) >= {"web", "worker", "beat", "postgres", "redis"}


def test_each_app_container_runs_the_makefile_production_target():
    services = _compose()["services"]
    for name, command in EXPECTED.items():
        assert services[name]["command"] == command


def test_the_makefile_targets_run_gunicorn_celery_worker_and_beat():
    expected_programs = {
        "serve": "gunicorn config.wsgi",
        "worker": "celery -A config worker",
        "beat": "celery -A config beat",
    }
    for target, program in expected_programs.items():
        dry_run = subprocess.run(
            ["make", "-n", target],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert program in dry_run, f"make {target} does not run {program}: {dry_run}"


def test_compose_points_the_app_at_its_postgres_and_redis():
    services = _compose()["services"]
    environment = services["web"]["environment"]
    assert environment["OVERSIGHT_ENV"] == "production"
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379")


# --- the Dockerfile and .dockerignore, read as text (there is no Docker engine to build with) ---
def _dockerfile_stages() -> list[tuple[str, list[str]]]:
    """The Dockerfile as (FROM line, instructions) per stage, continuation lines joined."""
    text = (settings.BASE_DIR / "Dockerfile").read_text()
    logical = re.sub(r"\\\n", " ", text)
    stages: list[tuple[str, list[str]]] = []
    for line in logical.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append((line, []))
        elif stages:
            stages[-1][1].append(line)
    return stages


def _stage_name(from_line: str) -> str:
    match = re.search(r"\bAS\s+(\S+)", from_line, flags=re.IGNORECASE)
    return match.group(1) if match else ""


def test_the_dockerfile_has_a_node_stage_a_wheel_stage_and_a_final_stage():
    stages = _dockerfile_stages()
    assert len(stages) >= 3, [from_line for from_line, _ in stages]
    node_stages = [(f, body) for f, body in stages if re.search(r"FROM\s+node:", f, re.I)]
    assert node_stages, "no stage is built FROM a node image"
    node_body = " ".join(node_stages[0][1])
    assert "npm ci" in node_body
    assert "npm run" in node_body and "build:css" in node_body
    wheel_bodies = [" ".join(body) for _, body in stages[:-1]]
    assert any("pip wheel" in body for body in wheel_bodies), "no stage builds wheels"


def test_the_final_stage_has_no_node_and_takes_the_compiled_css_from_the_node_stage():
    stages = _dockerfile_stages()
    final_from, final_body = stages[-1]
    assert not re.search(r"FROM\s+node:", final_from, re.I)
    node_stage = next(_stage_name(f) for f, _ in stages if re.search(r"FROM\s+node:", f, re.I))
    for instruction in final_body:
        if instruction.upper().startswith("RUN "):
            assert not re.search(r"\b(nodejs|npm|npx|node)\b", instruction), instruction
    copies_from_node = [
        instruction
        for instruction in final_body
        if instruction.upper().startswith("COPY ") and f"--from={node_stage}" in instruction
    ]
    assert any("static/css/application.css" in copy for copy in copies_from_node)
    assert any(
        "--from=" in copy and "/wheels" in copy
        for copy in final_body
        if copy.upper().startswith("COPY ")
    ), "the final stage does not install the wheels built earlier"


def test_the_final_stage_runs_as_a_non_root_user_and_serves_by_default():
    _, final_body = _dockerfile_stages()[-1]
    users = [
        line.split(None, 1)[1].strip() for line in final_body if line.upper().startswith("USER ")
    ]
    assert users, "the final stage never sets USER: the processes would run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    user_at = max(i for i, line in enumerate(final_body) if line.upper().startswith("USER "))
    cmd_at = max(i for i, line in enumerate(final_body) if line.upper().startswith("CMD "))
    assert user_at < cmd_at
    assert final_body[cmd_at] == f"CMD {_exec_form(EXPECTED['web'])}"


def _exec_form(command: str) -> str:
    return "[" + ", ".join(f'"{part}"' for part in command.split()) + "]"


def test_compose_builds_the_dockerfile():
    services = _compose()["services"]
    for name in EXPECTED:
        assert services[name]["build"] == "."


def test_the_dockerignore_keeps_secrets_local_data_and_environments_out_of_the_image():
    patterns = {
        line.strip().rstrip("/")
        for line in (settings.BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".data", ".venv", "node_modules", ".git"} <= patterns
    assert not any(pattern.startswith("!") and ".env" in pattern for pattern in patterns)
