"""The health check reports each dependency."""

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_healthz_answers_200_naming_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert "worker_last_seen" in body


def test_healthz_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200
