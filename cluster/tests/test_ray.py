"""Sharded indexes on a local Ray cluster of three nodes: built by Ray
tasks, searched through shard actors and the coordinator's HTTP endpoint,
the answers are those of one index; a shard actor killed mid-run is named
missing, then restarted, and the answers are whole again.

Run from the repository after `cargo build --release`:
    python -m unittest discover -s cluster/tests -v
"""

import json
import os
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.parse
import urllib.request

import ray
from ray.cluster_utils import Cluster

from shimoda_cluster import build, options_from_query, start

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("SHIMODA_BIN", os.path.join(ROOT, "target", "release", "shimoda"))
CORPUS = os.path.join(ROOT, "corpus")
QRELS = os.path.join(ROOT, "..", "shared", "eval", "dev_qrels.json")
QUERIES = ["Portsmouth", "Портсмутский договор", "ポーツマス", "쿠나시르",
           "Kunashir OR Sakhalin", '"Treaty of Portsmouth"', "treaty lang:en", "xqzvvy"]


def queries():
    found = list(QUERIES)
    if os.path.exists(QRELS):
        with open(QRELS, encoding="utf-8") as f:
            found += [q["query"] for q in json.load(f)]
    return found


def single(index, query):
    out = subprocess.run([BINARY, "search", query, "--json", "--limit", "20", "--index", index],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def over_http(address, query):
    url = f"{address}/api/search?" + urllib.parse.urlencode({"q": query, "limit": 20})
    with urllib.request.urlopen(url, timeout=60) as answer:
        return json.loads(answer.read())


def same(test, one, sharded, what):
    """The same answer, up to which tied passages end the page."""
    for key in ("total", "facets", "expanded"):
        test.assertEqual(one.get(key), sharded.get(key), f"{what}: {key}")
    test.assertNotIn("missing_shards", sharded, what)
    a, b = one["hits"], sharded["hits"]
    test.assertEqual(len(a), len(b), what)
    for x, y in zip(a, b):
        test.assertAlmostEqual(x["score"], y["score"], delta=1e-6, msg=what)
    last = a[-1]["score"] if a else None
    group = lambda hits, s: sorted((h["source"], h["passage"]) for h in hits if abs(h["score"] - s) <= 1e-6)
    for h in a:
        if h["score"] != last:
            test.assertEqual(group(a, h["score"]), group(b, h["score"]), what)


class Parameters(unittest.TestCase):
    def test_the_reading_rooms_parameters_become_search_options(self):
        options = options_from_query("q=Kunashir&lang=en&lang=ru&from=1905-09&to=1960&limit=5&exact=1")
        self.assertEqual(options["query"], "Kunashir")
        self.assertEqual(options["langs"], ["en", "ru"])
        self.assertEqual(options["from"], {"year": 1905, "month": 9, "day": None})
        self.assertEqual(options["to"], {"year": 1960, "month": None, "day": None})
        self.assertEqual((options["limit"], options["exact"]), (5, True))

    def test_a_bad_number_is_refused(self):
        with self.assertRaises(ValueError):
            options_from_query("q=x&limit=many")


class RayCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(BINARY):
            raise unittest.SkipTest(f"no shimoda program at {BINARY}: run cargo build --release")
        cls.cluster = Cluster(initialize_head=True,
                              head_node_args={"num_cpus": 1, "object_store_memory": 80 * 2**20})
        for _ in range(2):
            cls.cluster.add_node(num_cpus=1, object_store_memory=80 * 2**20)
        ray.init(address=cls.cluster.address, log_to_driver=False)
        cls.dir = tempfile.TemporaryDirectory()
        cls.index = os.path.join(cls.dir.name, "one")
        subprocess.run([BINARY, "index", "--corpus", CORPUS, "--index", cls.index],
                       capture_output=True, check=True)
        cls.sharded = os.path.join(cls.dir.name, "sharded")
        cls.reports = build(BINARY, CORPUS, cls.sharded, 4)
        cls.coordinator, cls.actors = start(BINARY, cls.sharded)
        cls.address = ray.get(cls.coordinator.address.remote())

    @classmethod
    def tearDownClass(cls):
        ray.shutdown()
        cls.cluster.shutdown()
        cls.dir.cleanup()

    def test_the_cluster_has_three_nodes_and_the_shards_were_built_by_tasks(self):
        self.assertGreaterEqual(len([n for n in ray.nodes() if n["Alive"]]), 3)
        self.assertEqual([r["shard"] for r in self.reports], [0, 1, 2, 3])
        self.assertGreaterEqual(len({r["node"] for r in self.reports}), 2)

    def test_answers_over_http_are_those_of_one_index(self):
        for query in queries():
            same(self, single(self.index, query), over_http(self.address, query), query)

    def test_a_bad_query_is_a_one_line_error(self):
        url = f"{self.address}/api/search?" + urllib.parse.urlencode({"q": '"unclosed'})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(url, timeout=60)
        self.assertEqual(caught.exception.code, 400)
        self.assertIn("error", json.loads(caught.exception.read()))

    def test_zz_a_killed_shard_is_named_then_restarted_and_nothing_is_lost(self):
        whole = single(self.index, "Portsmouth")
        pid = ray.get(self.actors[1].pid.remote())
        os.kill(pid, signal.SIGKILL)
        missing_seen = False
        complete_again = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            answer = over_http(self.address, "Portsmouth")
            if answer.get("missing_shards"):
                self.assertEqual(answer["missing_shards"], [1])
                self.assertLessEqual(answer["total"], whole["total"])
                missing_seen = True
            elif missing_seen:
                same(self, whole, answer, "after the restart")
                complete_again = True
                break
            time.sleep(0.05)
        self.assertTrue(missing_seen, "no answer named the killed shard")
        self.assertTrue(complete_again, "the shard did not come back")
        self.assertNotEqual(ray.get(self.actors[1].pid.remote()), pid)


if __name__ == "__main__":
    unittest.main()
