"""A man in the middle on loopback, in front of a real hub: it forwards what a device asks,
records every answer, and lets a test replay, rewrite, hold back or trickle any of them.

Nothing is mocked behind it: the hub is the real one and the device runs its real sync.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server"}


@dataclass(frozen=True)
class Answer:
    """What the proxy sends back: status, headers (in order) and body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""
    trickle_seconds: float = 0.0
    """Spread the body over this long, a few bytes at a time (each read stays under a timeout)."""

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def with_header(self, name: str, value: str) -> Answer:
        kept = tuple((k, v) for k, v in self.headers if k.lower() != name.lower())
        return replace(self, headers=(*kept, (name, value)))

    def with_body(self, body: bytes) -> Answer:
        return replace(self, body=body)


@dataclass
class Ask:
    """One request a device made, which the rule may forward (as it is or changed) or not."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    upstream: str

    @property
    def route(self) -> str:
        return urlsplit(self.path).path

    @property
    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def forward(self, path: str | None = None, headers: dict[str, str] | None = None) -> Answer:
        """Pass the request to the real hub and return its answer, byte for byte."""
        sent = {k: v for k, v in (headers or self.headers).items() if k.lower() not in ("host", "content-length")}
        response = requests.request(self.method, self.upstream + (path or self.path), headers=sent,
                                    data=self.body or None, stream=True, timeout=30)
        body = response.raw.read(decode_content=False)
        kept = tuple((k, v) for k, v in response.raw.headers.items() if k.lower() not in HOP_BY_HOP)
        return Answer(response.status_code, kept, body)


@dataclass
class Exchange:
    ask: Ask
    answer: Answer


Rule = Callable[[Ask], Answer]


def forward(ask: Ask) -> Answer:
    return ask.forward()


@dataclass
class Proxy:
    """Start with ``with Proxy(hub.url) as proxy``; set ``proxy.rule`` to misbehave."""

    upstream: str
    rule: Rule = forward
    log: list[Exchange] = field(default_factory=list)

    def __post_init__(self):
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self):
                proxy._handle(self, "GET")

            def do_POST(self):
                proxy._handle(self, "POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answers(self, route: str) -> list[Exchange]:
        """Every exchange recorded on ``route`` (e.g. ``/api/v1/feed``), oldest first."""
        return [e for e in self.log if e.ask.route == route]

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        ask = Ask(method, handler.path, dict(handler.headers.items()), handler.rfile.read(length), self.upstream)
        answer = self.rule(ask)
        self.log.append(Exchange(ask, answer))
        handler.send_response_only(answer.status)
        for name, value in answer.headers:
            handler.send_header(name, value)
        if answer.status != 304:
            handler.send_header("Content-Length", str(len(answer.body)))
        handler.end_headers()
        try:
            _write(handler, answer)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def __enter__(self) -> Proxy:
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _write(handler: BaseHTTPRequestHandler, answer: Answer) -> None:
    if not answer.trickle_seconds:
        handler.wfile.write(answer.body)
        return
    pieces = 10
    step = max(1, len(answer.body) // pieces)
    for start in range(0, len(answer.body), step):
        handler.wfile.write(answer.body[start:start + step])
        handler.wfile.flush()
        time.sleep(answer.trickle_seconds / pieces)
