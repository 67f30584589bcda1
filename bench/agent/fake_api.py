#!/usr/bin/env python3
"""A minimal Kubernetes API for the agent benchmark: N LoadBalancer Services with the given VIPs, Nodes,
a Service watch that stays open without events, and Events accepted. Listens on 127.0.0.1:PORT.
Usage: fake_api.py PORT NODES VIP [VIP ...]"""
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port, nodes, vips = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
services = [{"metadata": {"name": f"svc{i}", "namespace": "bench", "resourceVersion": "10"},
             "spec": {"type": "LoadBalancer"},
             "status": {"loadBalancer": {"ingress": [{"ip": vip}]}}} for i, vip in enumerate(vips)]
node_list = [{"metadata": {"name": f"n{n}"}, "status": {"addresses": [{"type": "InternalIP", "address": f"192.0.2.{10 + n}"}]}}
             for n in range(1, nodes + 1)]
events = []

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args): pass

    def send_json(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if "watch=true" in self.path or "watch=1" in self.path:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                while True:
                    time.sleep(3600)
            except Exception:
                return
        if self.path.startswith("/api/v1/services"):
            return self.send_json(200, {"kind": "ServiceList", "apiVersion": "v1", "metadata": {"resourceVersion": "10"}, "items": services})
        if self.path.startswith("/api/v1/nodes"):
            return self.send_json(200, {"kind": "NodeList", "apiVersion": "v1", "metadata": {"resourceVersion": "10"}, "items": node_list})
        self.send_json(404, {"kind": "Status", "code": 404, "message": "not found"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        events.append(body)
        self.send_json(201, json.loads(body))

    def do_PATCH(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_json(200, json.loads(body))

ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
