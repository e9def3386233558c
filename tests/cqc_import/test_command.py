"""``manage.py cqc_sync``."""

from __future__ import annotations

import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

import providers.cqc.client
from providers.models import CQCSyncRun, Service

pytestmark = pytest.mark.django_db


def _call(*args, **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("cqc_sync", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_imports_an_area_and_prints_a_summary(cqc_api):
    out, err = _call("--local-authority", "Oldham")
    assert "106 services created, 0 updated, 0 closed, 72 new ratings" in out
    assert "451 CQC locations checked, 227 not adult social care" in out
    assert err == ""
    assert Service.objects.count() == 106

    out, _err = _call("--local-authority", "Oldham", "--incremental")
    assert "0 services created, 0 updated, 0 closed, 0 new ratings" in out
    assert CQCSyncRun.objects.filter(mode="incremental", status="succeeded").count() == 1


def test_an_incremental_run_with_no_earlier_run_says_it_ran_in_full(cqc_api):
    out, _err = _call("--local-authority", "Oldham", "--incremental")
    assert "ran in full" in out


def test_an_empty_key_is_only_a_warning(cqc_api, settings):
    settings.CQC_API_KEY = ""
    out, err = _call("--local-authority", "Oldham")
    assert "CQC_API_KEY is empty" in err
    assert "106 services created" in out


def test_an_area_is_required(settings):
    settings.OVERSIGHT_CQC_LOCAL_AUTHORITY = ""
    with pytest.raises(CommandError, match="--local-authority"):
        _call()


def test_an_unreachable_api_fails_with_a_clear_message(settings, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CQC_API_BASE_URL = f"http://127.0.0.1:{port}/public/v1"
    # The backoff between retries is real time; the retries themselves are still made.
    monkeypatch.setattr(providers.cqc.client.time, "sleep", lambda seconds: None)
    with pytest.raises(CommandError, match="did not finish: The CQC API could not be reached"):
        _call("--local-authority", "Oldham")
    assert CQCSyncRun.objects.get().status == CQCSyncRun.Status.FAILED
