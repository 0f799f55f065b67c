"""A misbehaving hub on loopback, for fault tests: fixed bodies, bad signatures, cut-off
bodies, slow answers, server errors."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from gongkai import signing


@dataclass
class Behaviour:
    body: bytes = b"{}"
    status: int = 200
    signing_key: object | None = None   # sign the body with this key (the real hub's)
    signature: str | None = None        # or send this signature verbatim
    truncate_to: int | None = None      # announce the full length, send only this many bytes
    delay: float = 0.0                  # seconds before answering
    requests: list[str] = field(default_factory=list)


class FakeHub(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, behaviour: Behaviour):
        self.behaviour = behaviour
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                fake.answer(self)

            def do_POST(self):
                fake.answer(self)

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        b = self.behaviour
        b.requests.append(handler.path)
        time.sleep(b.delay)
        handler.send_response(b.status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(b.body)))
        signature = b.signature or (signing.sign(b.signing_key, b.body) if b.signing_key else None)
        if signature:
            handler.send_header(signing.HEADER, signature)
        handler.end_headers()
        try:
            handler.wfile.write(b.body[: b.truncate_to] if b.truncate_to is not None else b.body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        if b.truncate_to is not None:
            handler.close_connection = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
