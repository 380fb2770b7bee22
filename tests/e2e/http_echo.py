#!/usr/bin/env python3
"""http_echo.py PORTFILE LOG: a loopback HTTP server for testing the demo
installer's curl wrapper. Binds 127.0.0.1 on a free port (written to
PORTFILE once listening) and appends one JSON line per request to LOG:
method, path, the request headers, the body. Answers:
  GET /ok     200 "hello\\n"
  GET /404    404
  GET /slow   200 after 5 s
  POST any    204
"""
import http.server
import json
import os
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def record(self, body):
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
            }) + "\n")

    def reply(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.record(b"")
        if self.path == "/ok":
            self.reply(200, b"hello\n")
        elif self.path == "/slow":
            time.sleep(5)
            self.reply(200, b"late\n")
        else:
            self.reply(404, b"not here\n")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.record(self.rfile.read(n))
        self.reply(204)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
server.serve_forever()
