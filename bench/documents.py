#!/usr/bin/env python3
"""Indexing speed on documents: PDFs and saved web pages made from the bench
corpus, beside poppler's pdftotext and beside shimoda's own text path.

    python3 bench/documents.py              # 100 MB of HTML, 100 MB of PDF
    python3 bench/documents.py --mb 5       # smoke test

Needs Chromium (Debian's chromium, fonts-noto-cjk) to print the PDFs and
pdftotext (poppler-utils) as the peer. Writes the section "## Documents" of
bench/RESULTS.md (bench/run.py keeps it when it rewrites the rest).
"""
import argparse
import concurrent.futures
import glob
import html
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import BIN, HERE, ROOT, SHARED, dir_bytes, log, machine, median, timed  # noqa: E402

# A book printed to PDF holds about this much text: Chromium prints one in
# a few seconds.
BOOK_CHARS = 1_300_000
NAV = ('<nav><a href="/">Home</a> | <a href="/archive">Archive</a> | <a href="/about">About</a>'
       '</nav><header><p>Skip to main content</p></header>')
FOOTER = "<footer><p>Copyright. All rights reserved.</p><p>Cookie settings</p></footer>"


def paragraphs(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [p.strip() for p in f.read().split("\n\n") if p.strip()]


def page(title, paras):
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            '<style>body{font-family:"DejaVu Serif","Noto Serif CJK JP",serif;font-size:11pt}</style>'
            f"</head><body>{NAV}<article><h1>{html.escape(title)}</h1>{body}</article>{FOOTER}</body></html>")


def make_text(work, mb):
    text = os.path.join(work, f"text-{mb}")
    if not os.path.isdir(text):
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), "--seeds",
                        os.path.join(ROOT, "corpus"), "--out", text, "--mb", str(mb),
                        "--legacy-frac", "0", "--bad-frac", "0", "--quiet",
                        "--manifest", text + ".json"], check=True)
    return sorted(glob.glob(os.path.join(text, "**", "*.txt"), recursive=True))


def make_html(work, files, mb):
    out = os.path.join(work, f"html-{mb}")
    if not os.path.isdir(out):
        os.makedirs(out + ".tmp", exist_ok=True)
        for i, path in enumerate(files):
            with open(os.path.join(out + ".tmp", f"page_{i:06}.html"), "w", encoding="utf-8") as f:
                f.write(page(f"Page {i}", paragraphs(path)))
        os.rename(out + ".tmp", out)
    return out


def print_pdf(source, target):
    profile = tempfile.mkdtemp()
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={target}",
                    "file://" + source], check=True, capture_output=True)
    shutil.rmtree(profile, ignore_errors=True)


def make_pdf(work, files, mb):
    """Books of the corpus's paragraphs printed to PDF until they weigh `mb` MB."""
    out = os.path.join(work, f"pdf-{mb}")
    if os.path.isdir(out):
        return out
    tmp = out + ".tmp"
    os.makedirs(tmp, exist_ok=True)
    books, current, size = [], [], 0
    for path in files:
        for p in paragraphs(path):
            current.append(p)
            size += len(p)
            if size >= BOOK_CHARS:
                books.append(current)
                current, size = [], 0
    books.append(current)
    printed = 0
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for start in range(0, len(books), 2):
            jobs = []
            for i in range(start, min(start + 2, len(books))):
                source = os.path.join(tmp, f"book_{i:04}.html")
                with open(source, "w", encoding="utf-8") as f:
                    f.write(page(f"Book {i}", books[i]))
                jobs.append(pool.submit(print_pdf, source, os.path.join(tmp, f"book_{i:04}.pdf")))
            for job in jobs:
                job.result()
            printed = sum(os.path.getsize(p) for p in glob.glob(os.path.join(tmp, "*.pdf")))
            log(f"  printed {printed / 1e6:.0f} MB of PDF")
            if printed >= mb * 1e6:
                break
    for source in glob.glob(os.path.join(tmp, "*.html")):
        os.remove(source)
    os.rename(tmp, out)
    return out


def index_runs(corpus, work, reps):
    index = os.path.join(work, "index-" + os.path.basename(corpus))
    runs = [timed([BIN, "index", "--full", "--corpus", corpus, "--index", index]) for _ in range(reps)]
    return median([r[0] for r in runs]), median([r[1] for r in runs]), median([r[2] for r in runs]) / 1024


def pdftotext_runs(corpus, reps):
    """pdftotext over every PDF, two at a time (the machine's two cores)."""
    pdfs = sorted(glob.glob(os.path.join(corpus, "*.pdf")))
    script = "printf '%s\\0' \"$@\" | xargs -0 -P 2 -I{} pdftotext -enc UTF-8 {} /dev/null"
    runs = [timed(["sh", "-c", script, "sh"] + pdfs) for _ in range(reps)]
    return median([r[0] for r in runs]), median([r[1] for r in runs])


def write_section(rows, mb, reps):
    m = machine()
    lines = ["## Documents", "",
             f"Made by `python3 bench/documents.py --mb {mb}` ({m['date']}, commit `{m['commit']}`): "
             "the bench corpus's paragraphs as saved web pages (one per text file, with a menu, header "
             "and footer) and as books printed to PDF by Chromium. `index --full`, median of "
             f"{reps} runs; pdftotext two files at a time.", "",
             "| corpus | size | shimoda `index --full` | MB/s | CPU | peak RSS | peer | peer MB/s |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        peer = f"{r['peer']} {r['peer_s']:.2f} s" if r.get("peer") else ""
        peer_rate = f"{r['mb'] / r['peer_s']:.1f}" if r.get("peer") else ""
        lines.append(f"| {r['name']} | {r['mb']:.0f} MB | {r['wall']:.2f} s | {r['mb'] / r['wall']:.1f} | "
                     f"{r['cpu']:.1f} s | {r['rss']:.0f} MB | {peer} | {peer_rate} |")
    section = "\n".join(lines) + "\n"
    path = os.path.join(HERE, "RESULTS.md")
    with open(path, encoding="utf-8") as f:
        old = f.read()
    start = old.find("\n## Documents")
    if start >= 0:
        end = old.find("\n## ", start + 1)
        old = old[:start] + (old[end:] if end >= 0 else "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(old.rstrip("\n") + "\n\n" + section)
    print(section)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=int, default=100, help="MB of text to start from, and of PDF to print")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--work", default="/tmp/shimoda-bench-documents")
    args = ap.parse_args()
    for tool in ("chromium", "pdftotext"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (apt-get install chromium fonts-noto-cjk poppler-utils)")
    os.makedirs(args.work, exist_ok=True)
    files = make_text(args.work, args.mb)
    text = os.path.dirname(os.path.dirname(os.path.dirname(files[0])))
    log("making pages and PDFs")
    html_dir = make_html(args.work, files, args.mb)
    pdf_dir = make_pdf(args.work, files, args.mb)
    rows = []
    for name, corpus in [("text (the source)", text), ("saved web pages", html_dir), ("PDF", pdf_dir)]:
        log(f"indexing {name}")
        wall, cpu, rss = index_runs(corpus, args.work, args.reps)
        rows.append({"name": name, "mb": dir_bytes(corpus) / 1e6, "wall": wall, "cpu": cpu, "rss": rss})
    log("pdftotext")
    peer_wall, _ = pdftotext_runs(pdf_dir, args.reps)
    rows[-1].update(peer="pdftotext", peer_s=peer_wall)
    write_section(rows, args.mb, args.reps)


if __name__ == "__main__":
    main()
