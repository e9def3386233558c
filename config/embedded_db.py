"""An embedded PostgreSQL for development and tests when DATABASE_URL is not set.

pgserver ships the PostgreSQL binaries in a wheel, so a new developer needs nothing installed.
The server keeps its data under ``.data/pg`` and stops when the last process using it exits.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path


def embedded_database_url(base_dir: Path) -> str:
    """Start (or reuse) the embedded server and return a URL django-environ understands."""
    import logging

    logging.getLogger("pgserver").setLevel(logging.WARNING)

    data_dir = Path(os.environ.get("OVERSIGHT_EMBEDDED_PGDATA", base_dir / ".data" / "pg"))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        import pgserver  # imported lazily: production never loads it

        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    # Keep a reference for the life of the process so the server is not stopped early.
    _servers.append(server)
    # pgserver listens on a Unix socket inside the data directory.
    return f"postgres://postgres@/oversight?host={data_dir}"


def ensure_database(base_dir: Path, name: str = "oversight") -> None:
    """Create the application database inside the embedded server if it is missing."""
    server = _servers[-1] if _servers else None
    if server is None:
        return
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}';")
    if "1 row" not in exists:
        server.psql(f'CREATE DATABASE "{name}";')


_servers: list = []
