#!/usr/bin/env python3
"""A deliberately broken HTTP endpoint on 127.0.0.1 for the bad-input tests.

Not an API server: it answers every request the way a misconfigured proxy or
a wrong URL would, so the tests can check that the client gives one clear
line and exits 1 instead of crashing or hanging.

usage: bad-server.py MODE PORTFILE
  html       200 with an HTML page
  html404    404 with an HTML page
  truncated  200, Content-Length 1000, a partial JSON object, then close
  plain500   500 with a text/plain body
  notstatus  403 with JSON that is not a Status
  garbage    200 with application/json that is not JSON
  hang       accepts the request and never answers
  notfound   404 with a NotFound Status naming what was asked for
  toolarge   413 with a RequestEntityTooLarge Status, without reading the body
  huge       200, a JSON body larger than any limit (streamed, no length)
  cut404     404 with a NotFound Status cut in half: Content-Length says
             more than is sent before the connection closes
It writes the port it listens on to PORTFILE and serves until killed.
With BAD_SERVER_TLS=CERT:KEY in the environment it serves HTTPS with that
certificate (client-go sends credentials to https servers only).
"""
import http.server
import os
import socketserver
import sys
import threading

MODE = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, ctype, body, length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def do_any(self):
        if MODE == "html":
            self.send(200, "text/html", b"<html><body><h1>Welcome to nginx!</h1></body></html>")
        elif MODE == "html404":
            self.send(404, "text/html", b"<html><head><title>404 Not Found</title></head></html>")
        elif MODE == "truncated":
            self.send(200, "application/json", b'{"kind":"NamespaceList","items":[{"meta', length=1000)
            self.close_connection = True
        elif MODE == "plain500":
            self.send(500, "text/plain", b"upstream connect error or disconnect/reset before headers")
        elif MODE == "notstatus":
            self.send(403, "application/json", b'{"error":"forbidden by gateway policy"}')
        elif MODE == "garbage":
            self.send(200, "application/json", b"this is not json")
        elif MODE == "hang":
            threading.Event().wait()
        elif MODE == "notfound":
            name = self.path.split("?")[0].rstrip("/").split("/")[-1]
            body = ('{"kind":"Status","apiVersion":"v1","status":"Failure","message":'
                    '"namespaces \\"%s\\" not found","reason":"NotFound",'
                    '"details":{"name":"%s","kind":"namespaces"},"code":404}' % (name, name))
            self.send(404, "application/json", body.encode())
        elif MODE == "toolarge":
            self.send(413, "application/json",
                      b'{"kind":"Status","apiVersion":"v1","status":"Failure",'
                      b'"message":"Request entity too large: limit is 3145728",'
                      b'"reason":"RequestEntityTooLarge","code":413}')
            self.close_connection = True
        elif MODE == "cut404":
            body = (b'{"kind":"Status","apiVersion":"v1","status":"Failure","message":'
                    b'"namespaces \\"default\\" not found","reason":"NotFound","code":404}')
            self.send(404, "application/json", body[:len(body) // 2], length=len(body))
            self.close_connection = True
        elif MODE == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"kind":"NamespaceList","items":[],"pad":"')
            chunk = b"x" * 65536
            try:
                while True:
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


srv = Server(("127.0.0.1", 0), Handler)
if os.environ.get("BAD_SERVER_TLS"):
    import ssl
    cert, key = os.environ["BAD_SERVER_TLS"].split(":")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
