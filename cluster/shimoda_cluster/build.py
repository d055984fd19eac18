"""Building the shards of a sharded index as Ray tasks, one per shard."""

import subprocess
import time

import ray


@ray.remote(num_cpus=1)
def _build_shard(binary, corpus, index, shards, number):
    started = time.monotonic()
    done = subprocess.run(
        [binary, "index", "--corpus", corpus, "--index", index,
         "--shards", str(shards), "--shard", str(number)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"shard {number}: {done.stderr.strip()}")
    return {"shard": number, "seconds": time.monotonic() - started,
            "node": ray.get_runtime_context().get_node_id(), "output": done.stdout}


def build(binary, corpus, index, shards):
    """Builds (or updates) every shard of `index` from `corpus` at once, a
    Ray task each. The corpus and the index folder must be on storage every
    node reaches. Returns the tasks' reports, by shard."""
    tasks = [_build_shard.options(scheduling_strategy="SPREAD").remote(
        binary, str(corpus), str(index), shards, n) for n in range(shards)]
    return sorted(ray.get(tasks), key=lambda r: r["shard"])
