"""Sharded shimoda indexes on Ray.

The search itself is shimoda's: each shard is answered by a `shimoda
shard-serve` process owned by a Ray actor, and the coordinator is a
`shimoda coordinate` process whose calls to the shards this package carries
over Ray. Ray supplies what one machine cannot: placing the shards on
nodes, building them in parallel, and restarting a shard whose process or
node died.
"""

from .build import build
from .service import Coordinator, ShardActor, start, options_from_query

__all__ = ["build", "start", "Coordinator", "ShardActor", "options_from_query"]
