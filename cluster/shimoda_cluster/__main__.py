"""`python -m shimoda_cluster build|serve`: build a sharded index with Ray
tasks, or serve one with Ray actors and an HTTP endpoint."""

import argparse
import shutil
import signal
import sys
import threading

import ray

from .build import build
from .service import start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="shimoda-cluster", description=__doc__)
    parser.add_argument("--address", help="Ray cluster to join (default: start a local one)")
    parser.add_argument("--binary", default=shutil.which("shimoda") or "shimoda",
                        help="the shimoda program (default: the one on PATH)")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build or update the shards, a Ray task each")
    b.add_argument("--corpus", required=True)
    b.add_argument("--index", required=True, help="the sharded index's folder (shared storage)")
    b.add_argument("--shards", type=int, required=True)
    s = commands.add_parser("serve", help="serve a sharded index over HTTP (/api/search)")
    s.add_argument("--index", required=True)
    s.add_argument("--bind", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7756)
    args = parser.parse_args(argv)
    ray.init(address=args.address, log_to_driver=False)
    if args.command == "build":
        for report in build(args.binary, args.corpus, args.index, args.shards):
            print(f"shard {report['shard']}: {report['seconds']:.1f} s")
        return 0
    coordinator, _actors = start(args.binary, args.index, args.bind, args.port)
    print(f"shimoda-cluster: searching at {ray.get(coordinator.address.remote())}/api/search (Ctrl-C stops it)")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
