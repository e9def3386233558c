"""docker-compose.yml and the Makefile agree: each container runs a Makefile target."""

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
