#!/usr/bin/env python3
"""Sharded indexes on Ray against one index, on one machine.

Builds the corpus into one index with one process, then into N shards with
N Ray tasks; serves the single index with `shimoda serve` and the shards
with the Ray package's actors and coordinator; times the same queries over
HTTP against both, one request at a time. Prints JSON.

    target/ray-venv/bin/python bench/cluster.py --corpus /tmp/shimoda-bench/c1000 --work /tmp/cl-bench
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "cluster"))

QUERIES = [
    {"q": "Portsmouth"}, {"q": "Kunashir"}, {"q": "treaties"}, {"q": "쿠나시르"}, {"q": "조약"},
    {"q": "러시아"}, {"q": "Японией"}, {"q": "Сахалин"}, {"q": '"Treaty of Portsmouth"'},
    {"q": '"territorial question"'}, {"q": '"평화 조약"'}, {"q": "Izvolsky OR Sazonov"},
    {"q": "japan AND russia"}, {"q": "treaty -Portsmouth"}, {"q": "Portsm*"}, {"q": "Япон*"},
    {"q": "Kunashir", "from": "1945", "to": "1960"}, {"q": "treaty", "lang": "ko"},
    {"q": "year:[1904 TO 1906] Portsmouth"}, {"q": "Portsmouth", "exact": "1"},
    {"q": "Portsmuth~"}, {"q": "Kunashiir"},
]


def timed(args):
    started = time.monotonic()
    subprocess.run(args, check=True, capture_output=True)
    return time.monotonic() - started


def latencies(base, reps):
    """Per query, `reps` timings in ms (after one warm-up), and all of them."""
    every = []
    per_query = {}
    for params in QUERIES:
        url = f"{base}/api/search?" + urllib.parse.urlencode(params)
        urllib.request.urlopen(url, timeout=120).read()
        runs = []
        for _ in range(reps):
            started = time.perf_counter()
            body = urllib.request.urlopen(url, timeout=120).read()
            runs.append((time.perf_counter() - started) * 1000)
            assert b'"missing_shards"' not in body
        per_query[params["q"]] = statistics.median(runs)
        every += runs
    every.sort()
    return {"p50_ms": round(statistics.median(every), 2),
            "p99_ms": round(every[min(len(every) - 1, int(len(every) * 0.99))], 2),
            "per_query_p50_ms": {q: round(v, 2) for q, v in per_query.items()}}


def wait_for(url):
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--work", required=True, help="folder for the indexes (emptied)")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "shimoda"))
    args = parser.parse_args()
    import ray
    from shimoda_cluster import build, start

    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    one = os.path.join(args.work, "one")
    sharded = os.path.join(args.work, "sharded")
    result = {"corpus_mb": round(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(args.corpus) for f in fs) / 1e6),
              "shards": args.shards, "cores": os.cpu_count()}
    result["build_one_process_s"] = round(timed([args.bin, "index", "--corpus", args.corpus, "--index", one]), 1)
    ray.init(num_cpus=args.shards, log_to_driver=False)
    started = time.monotonic()
    reports = build(args.bin, args.corpus, sharded, args.shards)
    result["build_ray_tasks_s"] = round(time.monotonic() - started, 1)
    result["build_per_shard_s"] = [round(r["seconds"], 1) for r in reports]
    server = subprocess.Popen([args.bin, "serve", "--index", one, "--port", "7791"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for("http://127.0.0.1:7791/api/status")
        result["single_index_http"] = latencies("http://127.0.0.1:7791", args.reps)
    finally:
        server.terminate()
        server.wait()
    coordinator, _actors = start(args.bin, sharded)
    base = ray.get(coordinator.address.remote())
    wait_for(base + "/api/search?q=Portsmouth")
    result["sharded_ray_http"] = latencies(base, args.reps)
    ray.shutdown()
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
