"""A real HTTP server on 127.0.0.1 that replays recorded responses, for connector tests (no mocks).

Each path has a script of responses served in order (the last one repeats); a response with an ETag answers 304
to a request that sends the same If-None-Match, as real servers do. Every request is recorded.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    query: str
    headers: dict[str, str]


class ReplayServer:
    def __init__(self) -> None:
        self.scripts: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                server.requests.append(Seen(parts.path, parts.query, dict(self.headers)))
                script = server.scripts.get(parts.path) or [Reply(404, "not found")]
                reply = script.pop(0) if len(script) > 1 else script[0]
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    reply = Reply(304, "", {"ETag": etag})
                body = reply.body.encode("utf-8")
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def script(self, path: str, *replies: Reply) -> str:
        self.scripts[path] = list(replies)
        return self.url + path

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
