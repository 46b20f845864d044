#!/usr/bin/env python3
"""Loopback load of a hostile kind against a running `vigie serve` (issue 17).

    python3 bench/serve_abuse.py http://127.0.0.1:PORT/ [--probes N] [--flood N] [--slow N]

Phases, each bounded (a fixed number of probe requests, every socket closed
at the end of the phase):
  baseline  probe requests alone
  slow      --slow clients (16) sending a request head one line every 200 ms
  flood     --flood connections (10,000) opened at once and held idle
  both      the flood and the slow clients together
A probe is a GET /api/stats and a GET /api/events?limit=20 on a new
connection each (a client that is not one of the abusers), timed from
connect to the end of the answer. Then Range abuse: 300 overlapping ranges
on the largest static file; the answer's status and size.
Prints one line per phase: probes, answered, p50, p99, max (ms).
"""
import argparse
import http.client
import resource
import socket
import statistics
import threading
import time
import urllib.parse


def probe(host, port, path, timeout):
    start = time.perf_counter()
    try:
        c = http.client.HTTPConnection(host, port, timeout=timeout)
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        c.close()
        ok = r.status == 200
    except OSError:
        ok = False
    return ok, (time.perf_counter() - start) * 1000


def run_probes(host, port, n, timeout):
    times, answered = [], 0
    for i in range(n):
        ok, ms = probe(host, port, "/api/stats" if i % 2 == 0 else "/api/events?limit=20", timeout)
        answered += ok
        times.append(ms)
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    return answered, statistics.median(times), p(0.99), times[-1]


class Slow(threading.Thread):
    """Clients that never finish their request head: a header line every 200 ms."""

    def __init__(self, host, port, n):
        super().__init__(daemon=True)
        self.socks, self.stop = [], threading.Event()
        for _ in range(n):
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: %s\r\n" % host.encode())
            self.socks.append(s)
        self.closed_by_server = 0

    def run(self):
        while not self.stop.is_set():
            for s in list(self.socks):
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    self.socks.remove(s)
                    self.closed_by_server += 1
                    s.close()
            time.sleep(0.2)

    def close(self):
        self.stop.set()
        self.join()
        for s in self.socks:
            s.close()


def flood(host, port, n):
    """n connections opened without waiting, then held idle."""
    socks = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        socks.append(s)
    time.sleep(1.0)  # let the connects complete (and the server bound them)
    return socks


def still_open(socks):
    n = 0
    for s in socks:
        try:
            n += s.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) != b""
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n


def range_abuse(host, port, path):
    ranges = "bytes=0-" + ",0-" * 300
    c = http.client.HTTPConnection(host, port, timeout=30)
    c.request("GET", path, headers={"Range": ranges})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, len(body), len(ranges)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--probes", type=int, default=400)
    ap.add_argument("--flood", type=int, default=10000)
    ap.add_argument("--slow", type=int, default=16)
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    host, port = u.hostname, u.port
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < a.flood + 256:
        raise SystemExit(f"the descriptor limit ({hard}) is below --flood {a.flood}")

    def report(name, result, extra=""):
        answered, p50, p99, worst = result
        print(f"{name:9} probes {a.probes:5}  answered {answered:5}  p50 {p50:7.2f} ms  p99 {p99:7.2f} ms"
              f"  max {worst:8.2f} ms{extra}", flush=True)

    report("baseline", run_probes(host, port, a.probes, a.timeout))

    slow = Slow(host, port, a.slow)
    slow.start()
    report("slow", run_probes(host, port, a.probes, a.timeout), f"  ({a.slow} slow clients)")
    slow.close()

    socks = flood(host, port, a.flood)
    result = run_probes(host, port, a.probes, a.timeout)
    report("flood", result, f"  ({a.flood} connections opened, {still_open(socks)} still open after)")
    for s in socks:
        s.close()

    socks = flood(host, port, a.flood)
    slow = Slow(host, port, a.slow)
    slow.start()
    result = run_probes(host, port, a.probes, a.timeout)
    slow.close()
    report("both", result, f"  ({a.flood} connections, {a.slow} slow clients)")
    for s in socks:
        s.close()

    status, size, asked = range_abuse(host, port, "/vendor/d3/d3.min.js")
    print(f"range     301 overlapping ranges of d3.min.js ({asked} bytes asked): status {status}, body {size} bytes")


if __name__ == "__main__":
    main()
