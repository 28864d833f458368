"""The proxy in front of two app servers, as the scale profile runs it: Debian's nginx with
the committed deploy/nginx.conf (devtools/proxy.py), in front of two small HTTP servers
that answer with their own name."""

import http.client
import threading
from collections import Counter
from contextlib import closing, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from devtools.proxy import NGINX, nginx
from devtools.serving import HOST

REQUESTS = 40


class NamedHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.server.name.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def app_server(name: str):
    server = ThreadingHTTPServer((HOST, 0), NamedHandler)
    server.name = name
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def servers():
    with app_server("one") as one, app_server("two") as two:
        yield one, two


@pytest.fixture
def proxy(servers, tmp_path):
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing: apt-get install -y nginx (.ci/run installs it)")
    upstreams = [f"{HOST}:{server.server_address[1]}" for server in servers]
    with nginx(upstreams, tmp_path) as port:
        yield port


def answers(port: int, count: int) -> Counter:
    names = Counter()
    for _ in range(count):
        with closing(http.client.HTTPConnection(HOST, port, timeout=5)) as client:
            client.request("GET", "/posts/", headers={"Host": HOST})
            response = client.getresponse()
            names[(response.status, response.read().decode())] += 1
    return names


def test_the_proxy_spreads_requests_over_both_app_servers(proxy):
    names = answers(proxy, REQUESTS)

    assert set(names) == {(200, "one"), (200, "two")}
    assert min(names.values()) >= REQUESTS // 4, names


def test_an_app_server_that_stops_leaves_the_other_to_answer_every_request(servers, proxy):
    one, _two = servers
    one.shutdown()
    one.server_close()

    assert answers(proxy, REQUESTS) == Counter({(200, "two"): REQUESTS})
