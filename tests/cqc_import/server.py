"""A local stand-in for the CQC public API that serves recorded responses from a folder.

Two folders have the same layout (``locations.json``, ``location_details/``, ``providers.json``,
``provider_details/``, optionally ``changes_location.json``): the real Oldham responses in the
shared data (``$OVERSIGHT_SHARED_DATA/cqc-api-oldham``, where CI has them), and the project's own
small hand-written fixtures in ``tests/cqc_import/fixtures/`` (the area "Northmoor").

Tests point ``settings.CQC_API_BASE_URL`` at it, so the real client and the real sync talk HTTP
to it. It implements what the import uses, the way the live API behaves:

    GET /public/v1/locations?localAuthority=Oldham&page=N&perPage=M   paged list
    GET /public/v1/locations/{id}                                     detail, 404 if unknown
    GET /public/v1/providers/{id}                                     detail, 404 if not recorded
    GET /public/v1/changes/location?startTimestamp=...&endTimestamp=...  changed IDs, paged

and lets a test script trouble: answers to give before the real one (429 with Retry-After,
500...), replaced location details, the changes list, a required subscription key.

Run it by hand for a development server (the real responses, or ``--data
tests/cqc_import/fixtures --area Northmoor`` for the project's own):
    .venv/bin/python -m tests.cqc_import.server --port 8765
    CQC_API_BASE_URL=http://127.0.0.1:8765/public/v1 .venv/bin/python manage.py runserver 8002

Data: "Contains CQC information, licensed under the Open Government Licence v3.0."
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

PREFIX = "/public/v1"
# The shared real data: $OVERSIGHT_SHARED_DATA, or ../shared/data beside the project.
SHARED_DATA = Path(
    os.environ.get("OVERSIGHT_SHARED_DATA")
    or Path(__file__).resolve().parents[3] / "shared" / "data"
)
DEFAULT_DATA_DIR = SHARED_DATA / "cqc-api-oldham"
DEFAULT_AREA = "Oldham"  # the recording's area
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
FIXTURES_AREA = "Northmoor"  # the area of the project's own fixtures


class RecordedCQC:
    """The fake API's state: the recorded data plus whatever a test changes."""

    def __init__(self, data_dir: Path, local_authority: str = DEFAULT_AREA):
        self.data_dir = Path(data_dir)
        listing = json.loads((self.data_dir / "locations.json").read_text())
        self.locations: list[dict] = listing["locations"]
        self.local_authority = local_authority  # the one area /locations lists
        self.details: dict[str, dict] = {}  # location ID -> detail replacing the recorded one
        self.changes: list = self.recorded_changes()  # what /changes/location lists
        self.failures: dict[str, list[int | tuple[int, dict]]] = {}  # path -> answers first
        self.required_key: str | None = None
        self.requests: list[str] = []  # every path asked for, with its query
        self.headers: list[dict] = []
        self.lock = threading.Lock()

    # --- what a test scripts ----------------------------------------------------------------

    def fail(self, path: str, *answers: int | tuple[int, dict]) -> None:
        """Answer ``path`` (without the /public/v1 prefix) with these statuses first."""
        self.failures.setdefault(path, []).extend(answers)

    def replace_detail(self, location_id: str, **changes) -> dict:
        """Serve a modified copy of a location's recorded detail from now on."""
        detail = {**self.recorded_detail(location_id), **changes}
        self.details[location_id] = detail
        return detail

    def requests_for(self, prefix: str) -> list[str]:
        return [r for r in self.requests if r.startswith(prefix)]

    # --- the data ---------------------------------------------------------------------------

    def recorded_changes(self) -> list:
        """The recorded /changes/location response's IDs, if the folder has one."""
        path = self.data_dir / "changes_location.json"
        return json.loads(path.read_text())["changes"] if path.is_file() else []

    def recorded_detail(self, location_id: str) -> dict | None:
        path = self.data_dir / "location_details" / f"location_{location_id}.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def location_detail(self, location_id: str) -> dict | None:
        if location_id in self.details:
            return self.details[location_id]
        return self.recorded_detail(location_id)

    def provider_detail(self, provider_id: str) -> dict | None:
        path = self.data_dir / "provider_details" / f"provider_{provider_id}.json"
        return json.loads(path.read_text()) if path.is_file() else None


def _page(items: list, query: dict, path: str, key: str, extra: dict) -> dict:
    """One page in the live API's shape (total, page, perPage, totalPages, next/previous)."""
    page = max(1, int(query.get("page", ["1"])[0]))
    per_page = max(1, min(1000, int(query.get("perPage", ["1000"])[0])))
    total_pages = max(1, -(-len(items) // per_page))

    def uri(number: int) -> str:
        return f"{path}?{urlencode({'page': number, 'perPage': per_page, **extra})}"

    return {
        "total": len(items),
        "firstPageUri": uri(1),
        "page": page,
        "previousPageUri": uri(page - 1) if page > 1 else None,
        "lastPageUri": uri(total_pages),
        "nextPageUri": uri(page + 1) if page < total_pages else None,
        "perPage": per_page,
        "totalPages": total_pages,
        key: items[(page - 1) * per_page : page * per_page],
        "uri": path,
    }


def make_handler(state: RecordedCQC):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the live API; every answer has a length
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def log_message(self, format, *args):  # keep test output quiet
            pass

        def send_json(self, status: int, body, headers: dict | None = None) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):  # the name http.server calls
            parts = urlsplit(self.path)
            if not parts.path.startswith(PREFIX + "/"):
                return self.send_json(404, {"message": "Not found"})
            path = parts.path[len(PREFIX) :]
            query = parse_qs(parts.query)
            with state.lock:
                state.requests.append(path + (f"?{parts.query}" if parts.query else ""))
                state.headers.append(dict(self.headers))
                if state.required_key and (
                    self.headers.get("Ocp-Apim-Subscription-Key") != state.required_key
                ):
                    return self.send_json(401, {"message": "Access denied: invalid key"})
                scripted = state.failures.get(path)
                if scripted:
                    answer = scripted.pop(0)
                    status, headers = answer if isinstance(answer, tuple) else (answer, {})
                    return self.send_json(status, {"message": "Scripted failure"}, headers)
            return self.route(path, query)

        def route(self, path: str, query: dict):
            if path == "/locations":
                area = query.get("localAuthority", [""])[0]
                items = (
                    state.locations if area.casefold() == state.local_authority.casefold() else []
                )
                return self.send_json(
                    200, _page(items, query, path, "locations", {"localAuthority": area})
                )
            if path.startswith("/locations/"):
                detail = state.location_detail(unquote(path.rsplit("/", 1)[1]))
                if detail is None:
                    return self.send_json(404, {"message": "Location not found"})
                return self.send_json(200, detail)
            if path.startswith("/providers/"):
                detail = state.provider_detail(unquote(path.rsplit("/", 1)[1]))
                if detail is None:
                    return self.send_json(404, {"message": "Provider not found"})
                return self.send_json(200, detail)
            if path == "/changes/location":
                if not query.get("startTimestamp") or not query.get("endTimestamp"):
                    return self.send_json(400, {"message": "startTimestamp and endTimestamp"})
                extra = {
                    "startTimestamp": query["startTimestamp"][0],
                    "endTimestamp": query["endTimestamp"][0],
                }
                return self.send_json(200, _page(state.changes, query, path, "changes", extra))
            return self.send_json(404, {"message": "Not found"})

    return Handler


class RecordedCQCServer:
    """The fake API running on 127.0.0.1 in a background thread."""

    def __init__(
        self, data_dir: Path = DEFAULT_DATA_DIR, port: int = 0, local_authority: str = DEFAULT_AREA
    ):
        self.state = RecordedCQC(data_dir, local_authority)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.state))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{PREFIX}"

    def __enter__(self) -> RecordedCQCServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--area", default=DEFAULT_AREA, help="the area /locations lists")
    args = parser.parse_args()
    server = RecordedCQCServer(args.data, args.port, args.area)
    print(f"Recorded CQC API at {server.base_url}", flush=True)
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()
