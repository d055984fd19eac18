#!/usr/bin/env python3
"""Load on the reading room's API: 1, 16 and 200 concurrent clients, each
making 50 searches, against `shimoda serve` on an existing index.

    python3 bench/serve_load.py --index /tmp/shimoda-bench/c100.idx    # the 100 MB bench index
    python3 bench/serve_load.py --index index --clients 1 16 --searches 20

Prints one JSON line per level (throughput, p50 and p99 latency in ms,
errors, the server's resident memory before and after) and, with --write,
a Markdown table for bench/RESULTS.md. Standard library only.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

# Single words across the four languages, as readers type them.
WORDS = ["Portsmouth", "Japan", "treaty", "Sakhalin", "Kunashir", "Россия", "договор",
         "Япония", "Сахалин", "러시아", "조약", "일본", "사할린", "日本", "条約", "ロシア",
         "war", "peace", "border", "island"]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start(binary, index):
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--index", index],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://([^/]+)/", line)
    if not m:
        proc.kill()
        sys.exit(f"no address in {line!r}")
    host, port = m.group(1).rsplit(":", 1)
    for _ in range(600):
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("GET", "/api/status")
        if json.loads(c.getresponse().read()).get("state") == "ready":
            break
        time.sleep(0.1)
    return proc, host, int(port)


def client(host, port, searches, offset, out):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    for i in range(searches):
        word = WORDS[(offset + i) % len(WORDS)]
        path = "/api/search?" + urllib.parse.urlencode({"q": word, "limit": 10})
        t = time.perf_counter()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            ok = r.status == 200
        except Exception:
            ok = False
            conn = http.client.HTTPConnection(host, port, timeout=60)
        out.append(((time.perf_counter() - t) * 1000.0, ok))


def level(host, port, pid, clients, searches):
    before = rss_kib(pid)
    results, threads = [], []
    for c in range(clients):
        bucket = []
        results.append(bucket)
        threads.append(threading.Thread(target=client, args=(host, port, searches, c * 7, bucket)))
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    lat = sorted(ms for b in results for ms, ok in b)
    errors = sum(1 for b in results for _, ok in b if not ok)
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
    return {"clients": clients, "searches": len(lat), "throughput_per_s": round(len(lat) / wall, 1),
            "p50_ms": round(statistics.median(lat), 2), "p99_ms": round(p99, 2), "errors": errors,
            "rss_before_mib": round(before / 1024, 1), "rss_after_mib": round(rss_kib(pid) / 1024, 1)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/shimoda")
    ap.add_argument("--index", required=True)
    ap.add_argument("--clients", type=int, nargs="+", default=[1, 16, 200])
    ap.add_argument("--searches", type=int, default=50)
    ap.add_argument("--write", action="store_true", help="print a Markdown table too")
    args = ap.parse_args()
    proc, host, port = start(args.bin, args.index)
    try:
        # Warm the caches once, as a reader's first searches do.
        level(host, port, proc.pid, 1, len(WORDS))
        rows = [level(host, port, proc.pid, n, args.searches) for n in args.clients]
    finally:
        proc.terminate()
        proc.wait()
    for r in rows:
        print(json.dumps(r))
    if args.write:
        print("\n| clients | searches | searches/s | p50 ms | p99 ms | errors | RSS before → after MiB |")
        print("|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['clients']} | {r['searches']} | {r['throughput_per_s']} | {r['p50_ms']} | "
                  f"{r['p99_ms']} | {r['errors']} | {r['rss_before_mib']} → {r['rss_after_mib']} |")


if __name__ == "__main__":
    main()
