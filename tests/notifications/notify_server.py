"""A local stand-in for GOV.UK Notify's API that answers with the documented responses in
``notify_responses/`` and checks each request as Notify would: a JWT signed with the key's
secret and issued by its service id, and a JSON body with the template and personalisation."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

RESPONSES = Path(__file__).parent / "notify_responses"

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
# The documentation's example key: {key_name}-{service id}-{secret}.
API_KEY = f"oversight_test_key-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@dataclass
class NotifyState:
    # Status codes to answer with, in order; once used up, every request gets 201.
    script: list[int] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)


_FILES = {
    201: "email_created.json",
    400: "error_400_team_key.json",
    403: "error_403_invalid_token.json",
    429: "error_429_rate_limit.json",
    500: "error_500.json",
}


def _handler(state: NotifyState):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def _answer(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            try:
                issuer = get_token_issuer(token)
                decode_jwt_token(token, SECRET)
                authorised = issuer == SERVICE_ID
            except Exception:
                authorised = False
            state.requests.append({"path": self.path, "body": body, "authorised": authorised})
            if self.path != "/v2/notifications/email":
                self._answer(404, {"status_code": 404, "errors": [{"error": "NotFound"}]})
                return
            status = state.script.pop(0) if state.script else 201
            if not authorised:
                status = 403
            response = json.loads((RESPONSES / _FILES[status]).read_text())
            if status == 201:
                response["reference"] = body.get("reference")
                response["template"]["id"] = body.get("template_id")
            self._answer(status, response)

    return Handler


class NotifyServer:
    """Start with ``with NotifyServer() as server:``; ``server.url`` is the base URL."""

    def __init__(self):
        self.state = NotifyState()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> NotifyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
