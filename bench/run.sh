#!/usr/bin/env bash
# Benchmark shimoda beside SQLite FTS5 and ripgrep; writes bench/RESULTS.md.
#   bash bench/run.sh            # 100 MB corpus (about 5 minutes on 2 cores)
#   bash bench/run.sh --large    # and the 1 GB corpus
#   bash bench/run.sh --mb 5 --build-reps 1 --query-reps 3   # smoke test
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep (the grep peer) from Debian's packages" >&2
  (apt-get update -qq && apt-get install -y -qq ripgrep) >/dev/null 2>&1 || echo "ripgrep unavailable: rg figures will be NaN" >&2
fi
command -v sqlite3 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq sqlite3) >/dev/null 2>&1
cargo build --release --quiet
python3 bench/run.py "$@"
