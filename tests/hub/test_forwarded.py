"""The client's address behind a reverse proxy: X-Forwarded-For is believed only from a
trusted proxy, so a spoofed header cannot dodge a rate limit, and clients behind a trusted
proxy each get their own."""
from __future__ import annotations

import pytest
import requests

from hub.config import HubConfig, from_environ
from hub.forwarded import client_address, trusted_networks
from hub.server import start_demo_in_background
from tests.conftest import RunningHub
from tests.hub.test_feedback import phone_submit, request_row

LOOPBACK = trusted_networks("127.0.0.1, ::1")
PROXIES = trusted_networks("127.0.0.1 10.0.0.0/8")


def test_an_untrusted_peer_is_the_client_whatever_it_claims():
    assert client_address("198.51.100.9", ["203.0.113.7"], ()) == "198.51.100.9"
    assert client_address("198.51.100.9", ["203.0.113.7"], LOOPBACK) == "198.51.100.9"


def test_behind_trusted_proxies_the_rightmost_untrusted_hop_is_the_client():
    assert client_address("127.0.0.1", ["203.0.113.7"], LOOPBACK) == "203.0.113.7"
    # the client claimed 1.2.3.4; the outer proxy 10.0.0.5 saw 203.0.113.7
    assert client_address("127.0.0.1", ["1.2.3.4, 203.0.113.7", "10.0.0.5"], PROXIES) == "203.0.113.7"
    assert client_address("127.0.0.1", ["10.0.0.5"], PROXIES) == "10.0.0.5"
    assert client_address("127.0.0.1", [], PROXIES) == "127.0.0.1"
    assert client_address("::1", ["2001:db8::7"], LOOPBACK) == "2001:db8::7"


def test_the_trusted_list_takes_addresses_and_networks_and_refuses_anything_else():
    assert [str(n) for n in trusted_networks("127.0.0.1, 10.0.0.0/8 ::1")] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    assert from_environ({}) == HubConfig()
    with pytest.raises(ValueError, match="GONGKAI_HUB_TRUSTED_PROXIES"):
        from_environ({"GONGKAI_HUB_TRUSTED_PROXIES": "nginx.local"})


@pytest.fixture
def proxied_hub(tmp_path):
    """A demo hub that trusts loopback as its reverse proxy."""
    data_dir = tmp_path / "hub"
    server, engine = start_demo_in_background(data_dir, HubConfig(trusted_proxies=LOOPBACK))
    yield RunningHub(url=server.url, engine=engine, data_dir=data_dir)
    server.stop()
    engine.dispose()


def _submit_as(hub, address: str, n: int) -> int:
    return phone_submit(hub, text=f"经由代理提交的第{n}条点题内容",
                        headers={"X-Forwarded-For": address}).status_code


def test_without_a_trusted_proxy_a_spoofed_header_does_not_dodge_the_limit(hub):
    codes = [_submit_as(hub, f"203.0.113.{n}", n) for n in range(5)]
    assert codes[:3] == [303] * 3 and set(codes[3:]) == {429}


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(proxied_hub):
    first = [_submit_as(proxied_hub, "203.0.113.7", n) for n in range(4)]
    assert first == [303, 303, 303, 429]
    response = phone_submit(proxied_hub, text="另一位群众经由代理提交的点题",
                            headers={"X-Forwarded-For": "203.0.113.8"})
    assert response.status_code == 303
    assert request_row(proxied_hub, response.headers["location"].split("/")[-1].split("?")[0]).ip == "203.0.113.8"


def test_behind_a_trusted_proxy_login_failures_count_per_forwarded_client(proxied_hub):
    def login(address: str) -> int:
        return requests.post(f"{proxied_hub.url}/console/login", data={"username": "admin", "password": "wrong-password"},
                             headers={"X-Forwarded-For": address}, timeout=10).status_code
    assert [login("203.0.113.7") for _ in range(6)][-1] == 429
    assert login("203.0.113.8") == 401


def test_behind_a_trusted_proxy_https_sessions_get_a_secure_cookie(proxied_hub, hub):
    def cookie(server, proto: str) -> str:
        response = requests.post(f"{server.url}/console/login", allow_redirects=False, timeout=10,
                                 data={"username": "admin", "password": server.admin_password()},
                                 headers={"X-Forwarded-Proto": proto})
        return response.headers["set-cookie"].lower()
    assert "secure" in cookie(proxied_hub, "https")
    assert "secure" not in cookie(proxied_hub, "http") and "secure" not in cookie(hub, "https")
