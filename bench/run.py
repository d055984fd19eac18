#!/usr/bin/env python3
"""Benchmark shimoda beside its peers (SQLite FTS5, ripgrep) in one run.

See bench/README.md. Writes bench/RESULTS.md (and bench/results.json).
Run through bench/run.sh, which builds shimoda first.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
BIN = os.path.join(ROOT, "target", "release", "shimoda")

# Whole-process queries: shimoda syntax, FTS5 MATCH, ripgrep pattern.
PROCESS_QUERIES = [
    ("Portsmouth", "Portsmouth", "Portsmouth"),
    ("Kunashir", "Kunashir", "Kunashir"),
    ("쿠나시르", "쿠나시르", "쿠나시르"),
    ("Япония", "Япония", "Япония"),
]
PROBES = ["Portsmouth", "Kunashir", "쿠나시르", "Япония", "Russo-Japanese"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def timed(cmd):
    """Wall seconds, user+sys seconds and peak RSS (KB) of one command."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name] + cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{cmd} failed: {p.stderr[-500:]}")
        user, system, rss = tf.read().split()[-3:]
    return wall, float(user) + float(system), int(rss)


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for dirpath, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(dirpath, f))
    return total


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def p95(xs):
    xs = sorted(xs)
    return xs[round((len(xs) - 1) * 0.95)] if xs else float("nan")


def whole_process(cmd, reps):
    for _ in range(2):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1000)
    return median(times)


def ensure_corpus(work, mb):
    corpus = os.path.join(work, f"c{mb}")
    if not os.path.isdir(corpus):
        log(f"generating {mb} MB corpus in {corpus}")
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--out", corpus,
                        "--mb", str(mb), "--seed", "1", "--quiet"], check=True)
    return corpus, corpus + ".manifest.json"


def bench_build(corpus, work, reps):
    index = os.path.join(work, "index-" + os.path.basename(corpus))
    db = os.path.join(work, "fts5-" + os.path.basename(corpus) + ".db")
    ours, peer = [], []
    for i in range(reps):  # alternate the two builds
        log(f"  build run {i + 1}/{reps}")
        ours.append(timed([BIN, "index", "--full", "--corpus", corpus, "--index", index]))
        peer.append(timed([sys.executable, os.path.join(SHARED, "baseline_sqlite_fts5.py"), "build", corpus, db]))
    return index, db, {
        "shimoda_wall_s": median([r[0] for r in ours]),
        "shimoda_cpu_s": median([r[1] for r in ours]),
        "shimoda_rss_mb": max(r[2] for r in ours) / 1024,
        "shimoda_index_mb": dir_bytes(index) / 1e6,
        "fts5_wall_s": median([r[0] for r in peer]),
        "fts5_rss_mb": max(r[2] for r in peer) / 1024,
        "fts5_db_mb": dir_bytes(db) / 1e6,
        "corpus_mb": dir_bytes(corpus) / 1e6,
    }


def bench_queries(corpus, index, db, reps):
    rows = []
    have_rg = shutil.which("rg") is not None
    for name, fts, rg in PROCESS_QUERIES:
        log(f"  query {name}")
        row = {"query": name}
        row["shimoda_ms"] = whole_process([BIN, "search", name, "--json", "--index", index, "--corpus", corpus], reps)
        sql = f"SELECT path FROM docs WHERE docs MATCH '{fts}' ORDER BY rank LIMIT 10;"
        row["sqlite3_ms"] = whole_process(["sqlite3", db, sql], reps)
        row["rg_ms"] = whole_process(["rg", "-l", rg, corpus], reps) if have_rg else float("nan")
        rows.append(row)
    return rows


def bench_in_process(index, corpus, reps):
    """The query set's latencies, and the freshness check's (in-process)."""
    p = run([BIN, "bench", "--index", index, "--corpus", corpus, "--reps", str(reps)], check=True)
    rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return [r for r in rows if r["kind"] != "freshness"], next(r for r in rows if r["kind"] == "freshness")


def bench_incremental(corpus, index, reps):
    """One new 50 KB file, then `index`; and a run with nothing changed."""
    seed_dir = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
    text = ""
    for name in sorted(os.listdir(seed_dir)):
        with open(os.path.join(seed_dir, name), encoding="utf-8") as f:
            text += f.read()
    data = text.encode("utf-8")[:50_000]
    data = data.decode("utf-8", errors="ignore").encode("utf-8")
    adds, nothings = [], []
    for i in range(reps):
        path = os.path.join(corpus, f"bench-added-{i}.txt")
        with open(path, "wb") as f:
            f.write(data)
        adds.append(timed([BIN, "index", "--corpus", corpus, "--index", index])[0])
        nothings.append(timed([BIN, "index", "--corpus", corpus, "--index", index])[0])
        os.remove(path)
        subprocess.run([BIN, "index", "--corpus", corpus, "--index", index], stdout=subprocess.DEVNULL)
    return median(adds), median(nothings)


def check_probes(corpus, manifest_path, index):
    """Every file whose text holds a probe word must be among the hits."""
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    results = []
    for probe in PROBES:
        expected = {rel for rel, e in manifest["files"].items() if e.get("probe_hits", {}).get(probe)}
        p = run([BIN, "search", probe, "--json", "--limit", "0", "--exact", "--top-sources", "0", "--index", index, "--corpus", corpus])
        found = set(json.loads(p.stdout)["facets"]["source"]) if p.returncode == 0 else set()
        missed = sorted(expected - found)
        results.append({"probe": probe, "files": len(expected), "found": len(expected & found), "missed": missed[:5]})
    return results


def machine():
    model = ""
    p = run(["lscpu"])
    for line in p.stdout.splitlines():
        if line.startswith("Model name"):
            model = line.split(":", 1)[1].strip()
    commit = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": model, "date": datetime.date.today().isoformat(), "commit": commit,
            "python": platform.python_version()}


def ratio(a, b):
    return a / b if b else float("nan")


def kept_sections():
    """The sections of RESULTS.md written by other scripts or by hand (`## Documents`, by
    bench/documents.py; `## Paired ...`, comparisons of two commits; `## Reading room`, the
    load figures of examples/serve_load.rs; `## Typos`, by hand; `## Beyond one machine`, by
    bench/cluster.py), kept as they are."""
    try:
        with open(os.path.join(HERE, "RESULTS.md"), encoding="utf-8") as f:
            old = f.read()
    except OSError:
        return []
    kept = []
    for section in old.split("\n## ")[1:]:
        if section.startswith(("Documents", "Paired", "Reading room", "Typos", "Beyond one machine")):
            kept += ["## " + section.strip("\n"), ""]
    return kept


def write_results(results):
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Machine: {m['nproc']} cores, {m['cpu']}; date {m['date']}; commit `{m['commit']}`. "
             "Produced by `bench/run.sh`; medians of alternating runs in one session.", ""]
    for size, r in results["sizes"].items():
        b = r["build"]
        lines += [f"## {size} corpus ({b['corpus_mb']:.0f} MB)", "",
                  "| figure | shimoda | peer | ratio | target |", "|---|---|---|---|---|",
                  f"| full index, wall | {b['shimoda_wall_s']:.2f} s | FTS5 {b['fts5_wall_s']:.2f} s | "
                  f"{ratio(b['shimoda_wall_s'], b['fts5_wall_s']):.2f}× | ≤ 1.0× |",
                  f"| full index, CPU (user+sys) | {b['shimoda_cpu_s']:.2f} s | | | |",
                  f"| peak RSS while indexing | {b['shimoda_rss_mb']:.0f} MB | FTS5 {b['fts5_rss_mb']:.0f} MB | | "
                  f"< {'1.5 GB' if size == '1 GB' else '1 GB'} |",
                  f"| index size | {b['shimoda_index_mb']:.0f} MB | FTS5 {b['fts5_db_mb']:.0f} MB | "
                  f"{ratio(b['shimoda_index_mb'], b['corpus_mb']):.2f}× corpus | ≤ 1.0× corpus |"]
        for q in r["process"]:
            lines.append(f"| `search {q['query']} --json`, whole process | {q['shimoda_ms']:.1f} ms | "
                         f"sqlite3 {q['sqlite3_ms']:.1f} ms / rg {q['rg_ms']:.1f} ms | "
                         f"{ratio(q['shimoda_ms'], q['sqlite3_ms']):.2f}× sqlite3, "
                         f"{ratio(q['rg_ms'], q['shimoda_ms']):.1f}× faster than rg | ≤ 2× sqlite3, "
                         f"≥ {'20' if size == '1 GB' else '10'}× rg |")
        fresh = r["freshness"]
        lines.append(f"| freshness check before a search (in-process, p50 / p95) | {fresh['p50_ms']:.2f} ms / "
                     f"{fresh['p95_ms']:.2f} ms | | | a few ms |")
        if "incremental" in r:
            add, nothing = r["incremental"]
            lines += [f"| add one 50 KB file, then `index` | {add:.2f} s | full {b['shimoda_wall_s']:.2f} s | "
                      f"{ratio(b['shimoda_wall_s'], add):.0f}× faster | ≥ 20× |",
                      f"| `index` with nothing changed | {nothing:.3f} s | | "
                      f"{100 * ratio(nothing, b['shimoda_wall_s']):.1f} % of full | < 5 % |"]
        lines += ["", "In-process latency on the warm index (`shimoda bench`):", "",
                  "| query | kind | hits | p50 | p95 |", "|---|---|---|---|---|"]
        for q in r["in_process"]:
            lines.append(f"| `{q['name']}` | {q['kind']} | {q['total']} | {q['p50_ms']:.2f} ms | {q['p95_ms']:.2f} ms |")
        lines += ["", "Correctness while measuring: files holding each probe word that shimoda's hits cover "
                  "(legacy encodings included):", "", "| probe | files | covered |", "|---|---|---|"]
        for c in r["probes"]:
            lines.append(f"| {c['probe']} | {c['files']} | {c['found']} |")
        lines.append("")
    lines += kept_sections()
    with open(os.path.join(HERE, "RESULTS.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    with open(os.path.join(HERE, "results.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--large", action="store_true", help="also run the 1 GB corpus")
    ap.add_argument("--work", default="/tmp/shimoda-bench", help="where corpora and indexes go")
    ap.add_argument("--mb", type=int, default=100, help="size of the main corpus (CI smoke test: 5)")
    ap.add_argument("--build-reps", type=int, default=3)
    ap.add_argument("--large-reps", type=int, default=1, help="build runs on the 1 GB corpus (each takes minutes)")
    ap.add_argument("--query-reps", type=int, default=10)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    results = {"machine": machine(), "sizes": {}}
    sizes = [args.mb] + ([1000] if args.large else [])
    for mb in sizes:
        label = "1 GB" if mb == 1000 else f"{mb} MB"
        log(f"== {label}")
        corpus, manifest = ensure_corpus(args.work, mb)
        reps = args.build_reps if mb < 1000 else max(1, args.large_reps)
        index, db, build = bench_build(corpus, args.work, reps)
        r = {"build": build}
        log("  whole-process queries")
        r["process"] = bench_queries(corpus, index, db, args.query_reps)
        log("  in-process queries")
        r["in_process"], r["freshness"] = bench_in_process(index, corpus, 50)
        if mb < 1000:
            log("  incremental")
            r["incremental"] = bench_incremental(corpus, index, 3)
        log("  correctness")
        r["probes"] = check_probes(corpus, manifest, index)
        results["sizes"][label] = r
    write_results(results)
    print(open(os.path.join(HERE, "RESULTS.md"), encoding="utf-8").read())


if __name__ == "__main__":
    main()
