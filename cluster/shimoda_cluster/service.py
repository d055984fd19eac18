"""Serving a sharded index on Ray: one actor per shard, each owning a
`shimoda shard-serve` process, and a coordinator actor that owns a
`shimoda coordinate` process, carries its calls to the shard actors and
answers searches over HTTP with the JSON of `shimoda search --json`."""

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import ray
from ray.exceptions import GetTimeoutError, RayActorError, RayError
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy


def _line_process(args):
    return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, encoding="utf-8", bufsize=1)


# Ray restarts a shard actor whose process dies (as often as it takes);
# calls made meanwhile fail and the coordinator names the shard missing.
@ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=0)
class ShardActor:
    """One shard: its `shard-serve` process, fed a call per line."""

    def __init__(self, binary, index):
        self.process = _line_process([binary, "shard-serve", "--index", index])

    def call(self, line):
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            # The shard process ended: end the actor too, so Ray restarts it.
            os._exit(1)
        return answer

    def pid(self):
        return os.getpid()


def options_from_query(query):
    """The search options of an HTTP query string, by the reading room's
    parameters (`q`, `limit`, `offset`, `lang`, `nolang`, `src`, `nosrc`,
    `from`, `to`, `exact`, `without`, `top_sources`)."""
    params = parse_qs(query, keep_blank_values=True)
    one = lambda key, default=None: params.get(key, [default])[-1]

    def date(text):
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        return {"year": parts[0], "month": parts[1] if len(parts) > 1 else None,
                "day": parts[2] if len(parts) > 2 else None}

    return {
        "query": one("q", ""),
        "limit": int(one("limit", "10")),
        "offset": int(one("offset", "0")),
        "langs": params.get("lang", []),
        "not_langs": params.get("nolang", []),
        "sources": params.get("src", []),
        "not_sources": params.get("nosrc", []),
        "from": date(one("from")),
        "to": date(one("to")),
        "exact": one("exact", "") in ("1", "true", "yes"),
        "without": params.get("without", []),
        "top_sources": int(one("top_sources", "20")),
    }


@ray.remote(num_cpus=0, max_concurrency=16)
class Coordinator:
    """The coordinator: a `shimoda coordinate` process whose calls go to
    the shard actors, and an HTTP endpoint in front of it."""

    def __init__(self, binary, cluster, shards, host="127.0.0.1", port=0, timeout=30.0):
        self.process = _line_process([binary, "coordinate", "--cluster", cluster])
        self.shards = shards
        self.timeout = timeout
        # One search at a time goes through the coordinator process.
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def address(self):
        host, port = self.server.server_address[:2]
        if host in ("0.0.0.0", "::"):
            host = ray.util.get_node_ip_address()
        return f"http://{host}:{port}"

    def search(self, options):
        """The answer to one search: the object `search --json` prints, or
        {"error": message}."""
        with self.lock:
            self._write({"search": options})
            while True:
                line = self.process.stdout.readline()
                if not line:
                    return {"error": "the coordinator process stopped"}
                message = json.loads(line)
                if "calls" not in message:
                    return message.get("result", message)
                # Answers are passed on as the shards wrote them, unparsed.
                answers = self._relay(message["calls"])
                self.process.stdin.write('{"answers":[' + ",".join(answers) + "]}\n")
                self.process.stdin.flush()

    def _relay(self, calls):
        pending = [self.shards[shard].call.remote(json.dumps(call, ensure_ascii=False))
                   for shard, call in calls]
        answers = []
        for ref in pending:
            try:
                answers.append(ray.get(ref, timeout=self.timeout).strip())
            except (RayActorError, GetTimeoutError, RayError) as error:
                answers.append(json.dumps({"error": f"its actor is unavailable ({type(error).__name__})"}))
        return answers

    def _write(self, message):
        self.process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.process.stdin.flush()


def _handler(coordinator):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            if url.path != "/api/search":
                return self._send(404, {"error": f"no such endpoint: {url.path}"})
            try:
                options = options_from_query(url.query)
            except ValueError as error:
                return self._send(400, {"error": f"bad parameter: {error}"})
            answer = coordinator.search(options)
            self._send(400 if "error" in answer else 200, answer)

        def _send(self, status, body):
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


def start(binary, cluster, host="127.0.0.1", port=0):
    """Starts a shard actor per shard of the sharded index in `cluster`
    (spread over the nodes) and the coordinator. Returns (coordinator,
    shard actors)."""
    with open(os.path.join(cluster, "cluster.json"), encoding="utf-8") as f:
        shards = json.load(f)["shards"]
    actors = [
        ShardActor.options(scheduling_strategy="SPREAD").remote(
            binary, os.path.join(cluster, f"shard-{n:03d}"))
        for n in range(shards)
    ]
    # The coordinator runs on this node, so that the address it listens on
    # (the loopback one by default) is reachable from here.
    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    coordinator = Coordinator.options(scheduling_strategy=here).remote(
        binary, cluster, actors, host, port)
    return coordinator, actors
