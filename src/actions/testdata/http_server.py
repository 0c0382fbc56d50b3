#!/usr/bin/env python3
"""A webhook receiver for the actions tests (standard library only).

Listens on 127.0.0.1 on a port the OS chooses and writes that port to --port-file once ready.
Every request is appended as one JSON line to --log: time (monotonic seconds), method, path,
headers and body. What it answers depends on the path:
  /ok/...                  200 {"ok":true}
  /status/<code>/...       <code>
  /fail/<n>/...            500 for the first <n> requests to this exact path, then 200
  /slow/<ms>/...           200 after <ms> milliseconds
  /failslow/<n>/<ms>/...   500 for the first <n> requests to this exact path, then slow
  /hang/<n>/...            no answer ever to the first <n> requests to this exact path (the
                           connection stays open until the client goes), then 200
HTTP/1.1 with keep-alive, one thread per connection.
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
counts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        record = {
            "t": time.monotonic(),
            "method": self.command,
            "path": self.path,
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
        }
        parts = self.path.strip("/").split("/")
        with lock:
            counts[self.path] = counts.get(self.path, 0) + 1
            seen = counts[self.path]
            with open(self.server.log_path, "a") as f:
                f.write(json.dumps(record) + "\n")
        status, reply = 200, b'{"ok":true}'
        if parts[0] == "status":
            status, reply = int(parts[1]), b'{"error":"as asked"}'
        elif parts[0] == "fail" and seen <= int(parts[1]):
            status, reply = 500, b'{"error":"failing on purpose"}'
        elif parts[0] == "slow":
            time.sleep(int(parts[1]) / 1000.0)
        elif parts[0] == "hang" and seen <= int(parts[1]):
            self.close_connection = True
            while self.rfile.read(1):  # until the client closes; the request is logged above
                pass
            return
        elif parts[0] == "failslow":
            if seen <= int(parts[1]):
                status, reply = 500, b'{"error":"failing on purpose"}'
            else:
                time.sleep(int(parts[2]) / 1000.0)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log_path = args.log
    open(args.log, "w").close()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
