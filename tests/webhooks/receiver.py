#!/usr/bin/env python3
"""A webhook receiver for Byline's tests: a real HTTP server in its own process.

Every POST is appended to --log as one JSON line (path, lowercased headers, body,
time received in ms, the status answered). The status it answers is read from --status-file on each
request (200 when the file is missing or empty), so a test can make it fail, recover
or answer 410 while it runs. Prints "ready" once it listens.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--status-file", required=True)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            try:
                with open(args.status_file, encoding="utf-8") as f:
                    status = int(f.read().strip() or "200")
            except (FileNotFoundError, ValueError):
                status = 200
            record = {
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body,
                "received_at_ms": int(time.time() * 1000),
                "answered": status,
            }
            with LOCK:
                with open(args.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps(record) + "\n")
            self.send_response(status)
            self.send_header("content-type", "text/plain")
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
