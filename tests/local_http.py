"""A route table served on 127.0.0.1 for download tests (never the network).

`serve(routes)` yields the base URL. A route maps a path to `(status, body, headers)`, or to a
callable taking the request handler (slow or dripping servers). Each path's hits are counted in
`hits`."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, bytes, dict[str, str]] | Callable[[BaseHTTPRequestHandler], None]


def respond(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict) -> None:
    """Send one response; a declared Content-Length in `headers` wins (truncation tests)."""
    handler.send_response(status)
    if "Content-Length" not in headers:
        handler.send_header("Content-Length", str(len(body)))
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        handler.wfile.write(body)


@contextlib.contextmanager
def serve(routes: dict[str, Route], default: Route | None = None) -> Iterator[tuple[str, dict]]:
    """Serve `routes` on a free port of 127.0.0.1; yields (base URL, hits by path)."""
    hits: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            hits[self.path] = hits.get(self.path, 0) + 1
            route = routes.get(self.path, default or (404, b"no route", {}))
            if callable(route):
                route(self)
            else:
                respond(self, *route)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()
