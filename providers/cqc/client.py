"""A small client for the CQC public API ("syndication" API).

The API is paged (``page``/``perPage``, at most 1000 a page, with ``totalPages`` and a
relative ``nextPageUri``), answers 429 when a caller goes too fast, and sometimes 5xx. Every
request here has a time-out and is retried a bounded number of times with exponential backoff
(honouring ``Retry-After``); after that a :class:`CQCAPIError` says plainly what failed.

The sleep function is injectable so tests exercise the retries without waiting.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urljoin, urlsplit

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 1000  # the API's own limit
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class CQCAPIError(Exception):
    """The CQC API could not be reached, refused us, or kept failing after the retries."""


class CQCClient:
    """Reads locations, providers and changes from the CQC API.

    ``attempts`` counts every HTTP request made (retries included), for tests and logs.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        max_attempts: int = 5,
        backoff_seconds: float = 1.0,
        max_wait_seconds: float = 60.0,
        sleep: Callable[[float], None] | None = None,
    ):
        self.base_url = (base_url if base_url is not None else settings.CQC_API_BASE_URL).rstrip(
            "/"
        )
        api_key = settings.CQC_API_KEY if api_key is None else api_key
        self.session = session or requests.Session()
        self.session.headers.update(
            {
                "Accept": "application/json",
                "User-Agent": f"Oversight ({settings.OVERSIGHT_COUNCIL_NAME})",
            }
        )
        if api_key:
            self.session.headers["Ocp-Apim-Subscription-Key"] = api_key
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_wait_seconds = max_wait_seconds
        self.sleep = sleep if sleep is not None else time.sleep
        self.attempts = 0

    # --- the endpoints ---------------------------------------------------------------------

    def iter_locations(
        self, *, local_authority: str, per_page: int = MAX_PER_PAGE
    ) -> Iterator[dict]:
        """Every location CQC lists for a local authority (registered and deregistered)."""
        params = {"localAuthority": local_authority, "perPage": min(per_page, MAX_PER_PAGE)}
        yield from self._paged("/locations", params, item_key="locations")

    def location_ids(self, *, local_authority: str, per_page: int = MAX_PER_PAGE) -> list[str]:
        """The location IDs of a local authority, in CQC's order, without duplicates."""
        ids = (
            item.get("locationId")
            for item in self.iter_locations(local_authority=local_authority, per_page=per_page)
        )
        return list(dict.fromkeys(i for i in ids if i))

    def get_location(self, location_id: str) -> dict | None:
        """One location's detail, or None if CQC does not know the ID (404)."""
        return self._get_json(f"/locations/{quote(location_id, safe='')}", allow_404=True)

    def get_provider(self, provider_id: str) -> dict | None:
        """One provider's detail, or None if CQC does not know the ID (404)."""
        return self._get_json(f"/providers/{quote(provider_id, safe='')}", allow_404=True)

    def changed_location_ids(
        self, *, start: datetime, end: datetime, per_page: int = MAX_PER_PAGE
    ) -> list[str]:
        """IDs of locations CQC changed between ``start`` and ``end`` (any area of England)."""
        params = {
            "startTimestamp": _iso(start),
            "endTimestamp": _iso(end),
            "perPage": min(per_page, MAX_PER_PAGE),
        }
        ids = []
        for item in self._paged("/changes/location", params, item_key="changes"):
            # The API lists bare IDs; tolerate objects carrying a locationId as well.
            location_id = item.get("locationId") if isinstance(item, dict) else item
            if location_id:
                ids.append(str(location_id))
        return list(dict.fromkeys(ids))

    # --- paging and retries ----------------------------------------------------------------

    def _paged(self, path: str, params: dict, *, item_key: str) -> Iterator:
        """Yield the items of every page, following ``nextPageUri`` (or ``page`` numbers).

        ``totalPages`` bounds the walk when the API sends it; otherwise ``nextPageUri`` does,
        and a page with no items or a link already followed ends it, so a bad link never loops.
        """
        page = 1
        url: str = path
        query: dict | None = {**params, "page": page}
        followed: set[str] = set()
        while True:
            body = self._get_json(url, params=query)
            if isinstance(body, list):  # an unpaged answer: the list is everything
                yield from body
                return
            items = body.get(item_key) or []
            yield from items
            total_pages = body.get("totalPages")
            next_uri = body.get("nextPageUri")
            if total_pages is not None:
                if page >= int(total_pages):
                    return
            elif not next_uri or next_uri in followed or not items:
                return
            page += 1
            if next_uri and next_uri not in followed:
                followed.add(next_uri)
                url, query = next_uri, None
            else:
                url, query = path, {**params, "page": page}

    def _url(self, path_or_url: str) -> str:
        if urlsplit(path_or_url).scheme:
            return path_or_url
        base_path = urlsplit(self.base_url).path.rstrip("/")
        if base_path and path_or_url.startswith(base_path + "/"):
            return urljoin(self.base_url, path_or_url)  # already carries the API's path
        # nextPageUri is relative to the API root ("/locations?page=2..."), not to the host.
        return urljoin(self.base_url + "/", path_or_url.lstrip("/"))

    def _get_json(self, path_or_url: str, params: dict | None = None, *, allow_404=False):
        url = self._url(path_or_url)
        last_problem = ""
        for attempt in range(1, self.max_attempts + 1):
            self.attempts += 1
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last_problem = "timed out" if isinstance(exc, requests.Timeout) else "no connection"
                logger.debug("CQC API %s: %s", url, exc)
                wait = self._backoff(attempt)
            else:
                if response.status_code == 404 and allow_404:
                    return None
                if response.status_code in RETRY_STATUSES:
                    last_problem = f"HTTP {response.status_code}"
                    wait = max(self._backoff(attempt), self._retry_after(response))
                elif response.status_code in (401, 403):
                    raise CQCAPIError(
                        f"The CQC API refused the request (HTTP {response.status_code}). "
                        "Check CQC_API_KEY holds a valid subscription key."
                    )
                elif response.status_code >= 400:
                    raise CQCAPIError(
                        f"The CQC API answered HTTP {response.status_code} for {self._where(url)}."
                    )
                else:
                    try:
                        return response.json()
                    except ValueError:
                        raise CQCAPIError(
                            f"The CQC API sent something that is not JSON for {self._where(url)}."
                        )
            if attempt < self.max_attempts:
                logger.warning(
                    "CQC API %s (attempt %s of %s): %s; waiting %.1fs",
                    url,
                    attempt,
                    self.max_attempts,
                    last_problem,
                    wait,
                )
                self.sleep(wait)
        logger.error("CQC API %s failed %s times: %s", url, self.max_attempts, last_problem)
        # Short enough for a table cell on a phone: the path, not the whole URL (logged).
        raise CQCAPIError(
            f"The CQC API could not be reached for {self._where(url)} after {self.max_attempts} "
            f"attempts: {last_problem}."
        )

    def _where(self, url: str) -> str:
        """The API path of a URL ("/locations/1-123"), for messages people read."""
        path = urlsplit(url).path
        base = urlsplit(self.base_url).path.rstrip("/")
        return path[len(base) :] if base and path.startswith(base + "/") else path

    def _backoff(self, attempt: int) -> float:
        return min(self.backoff_seconds * 2 ** (attempt - 1), self.max_wait_seconds)

    def _retry_after(self, response: requests.Response) -> float:
        """Seconds the server asked us to wait (seconds or an HTTP date), capped."""
        value = (response.headers.get("Retry-After") or "").strip()
        if not value:
            return 0.0
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
            except (TypeError, ValueError):
                return 0.0
        return min(max(seconds, 0.0), self.max_wait_seconds)


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, as the changes endpoint expects."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"
