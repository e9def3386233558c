"""A missing static file is a 404, not a server error, under the test server too (the
404 page renders without a signed-in user)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_missing_static_file_is_not_found(live_server):
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{live_server.url}/static/css/no-such-file.css", timeout=10)
    assert missing.value.code == 404
