"""Neo4j through the official `neo4j` driver (managed transactions)."""
from __future__ import annotations

import socket
import threading

from . import values
from .model import ALL_LABELS, STATES
from .corrections import CorrectionError
from .store import QueryRefused, QueryResult, QueryTimeout, Store, StoreError, StoreUnavailable


WRITE_LOCK = "KgWriteLock"  # a label held only inside a writing transaction


class Neo4jStore(Store):
    kind = "neo4j"

    def __init__(self, uri: str, *, user: str, password: str, database: str | None = None):
        import neo4j

        self.location = uri + (f" (database {database})" if database else "")
        self._database = database
        try:
            # Server notifications (e.g. "property key does not exist" on an empty graph) are
            # hints for query authors, not news for a user: keep them out of the output.
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except Exception as exc:
            raise StoreError(f"cannot connect to Neo4j at {uri} as {user!r}: {exc}") from exc

    def _session(self, read: bool = False):
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(database=self._database, default_access_mode=mode)

    def ensure_schema(self) -> None:
        with self._session() as s:
            for label in ALL_LABELS + (WRITE_LOCK,):
                s.run(f"CREATE CONSTRAINT {label.lower()}_name IF NOT EXISTS "
                      f"FOR (n:{label}) REQUIRE n.name IS UNIQUE").consume()
            # a relationship's other sources, when a document is replaced or removed
            s.run(f"CREATE INDEX states_key IF NOT EXISTS FOR ()-[s:{STATES}]-() ON (s.key)").consume()

    def _transaction(self, work):
        """One Neo4j transaction (execute_write: retried on transient errors, committed whole)."""
        def unit(tx):
            counts = [0, 0]

            class Tx:
                def read(self, query, params=None):
                    return [r.data() for r in tx.run(query, params or {})]

                def write(self, query, params):
                    c = tx.run(query, params).consume().counters
                    counts[0] += c.nodes_created
                    counts[1] += c.relationships_created

            # One writer at a time: a second transaction's MERGE waits on the unique
            # lock node until the first commits; the node is gone by then, so the
            # graph never shows it. Reads inside `work` then see every earlier write,
            # and no update to a shared relationship is lost.
            tx.run(f"MERGE (:{WRITE_LOCK} {{name: 'writer'}})").consume()
            result = work(Tx())
            tx.run(f"MATCH (l:{WRITE_LOCK} {{name: 'writer'}}) DELETE l").consume()
            return result, tuple(counts)

        import neo4j

        try:
            with self._session() as s:
                return s.execute_write(unit)
        except (StoreError, CorrectionError):  # the unit's own verdict, not the server's
            raise
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.location} cannot be reached ({exc})") from exc
        except Exception as exc:
            raise StoreError(f"write failed: {exc}") from exc

    def _read(self, query: str, params: dict, timeout_ms: int | None, row_limit: int | None,
              isolated: bool = False) -> QueryResult:
        # Neo4j stops a transaction past its timeout itself, and readers do not hold up writers:
        # an isolated read runs like any other.
        import neo4j

        abandoned = threading.Event()

        # The server enforces READ access mode and the time limit (a transaction timeout).
        @neo4j.unit_of_work(timeout=timeout_ms / 1000 if timeout_ms else None)
        def work(tx):
            if abandoned.is_set():  # the driver retries on lost connections: not an abandoned read
                raise QueryTimeout("stopped: the query ran past its time limit")
            result = tx.run(query, params)
            rows = []
            for record in result:  # streamed: stop pulling once past the limit
                rows.append([_convert(v) for v in record.values()])
                if row_limit is not None and len(rows) > row_limit:
                    break
            return list(result.keys()), rows

        def read(session) -> tuple[list, list]:
            try:
                return session.execute_read(work)
            except neo4j.exceptions.Neo4jError as exc:
                raise _translate(exc) from exc
            except StoreError:
                raise
            except Exception as exc:
                if abandoned.is_set():
                    raise QueryTimeout("stopped: the query ran past its time limit") from exc
                raise StoreError(str(exc)) from exc

        opened: list = []

        def read_in_session() -> tuple[list, list]:
            with self._session(read=True) as session:
                opened.append(session)
                return read(session)

        if not timeout_ms:
            columns, rows = read_in_session()
        else:
            columns, rows = _within(timeout_ms / 1000 + CLIENT_GRACE_S, read_in_session,
                                    lambda: (abandoned.set(), [_drop_connection(s) for s in opened]))
        truncated = row_limit is not None and len(rows) > row_limit
        return QueryResult(columns, rows[:row_limit] if truncated else rows, truncated)

    def explain(self, query: str, params: dict | None = None) -> str:
        import neo4j

        try:
            with self._session(read=True) as s:
                plan = s.run("EXPLAIN " + query, params or {}).consume().plan
        except neo4j.exceptions.Neo4jError as exc:
            raise _translate(exc) from exc
        lines: list[str] = []

        def walk(op: dict, depth: int) -> None:
            details = op.get("args", {}).get("Details", "")
            lines.append("    " * depth + op["operatorType"].split("@")[0] + (f" | {details}" if details else ""))
            for child in op.get("children", []):
                walk(child, depth + 1)
        walk(plan, 0)
        return "\n".join(lines)

    def schema(self) -> list[str]:
        constraints = self._read("SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
                                 "RETURN name, type, labelsOrTypes, properties ORDER BY name", {}, None, None).rows
        indexes = self._read("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state "
                             "RETURN name, type, labelsOrTypes, properties, state ORDER BY name", {}, None, None).rows
        return ([f"constraint {n}: {t} on {','.join(l or [])}({','.join(p or [])})" for n, t, l, p in constraints]
                + [f"index {n}: {t} on {','.join(l or [])}({','.join(p or [])}) {state}"
                   for n, t, l, p, state in indexes])

    def info(self) -> dict:
        import neo4j

        server = self._driver.get_server_info()
        return {"store": "Neo4j", "location": self.location, "server": server.agent,
                "protocol": ".".join(map(str, server.protocol_version)), "driver": neo4j.__version__}

    def close(self) -> None:
        self._driver.close()


# The server checks a transaction's timeout between rows, not inside one long expression
# (a reduce() over a huge list, a 10M-item list): past its limit plus this, the client
# drops the connection, so the caller has its answer on time and receives nothing more.
CLIENT_GRACE_S = 0.8


def _within(seconds: float, fn, on_overrun):
    """fn() in a worker thread; past `seconds`, on_overrun() and a QueryTimeout."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="kg-neo4j-read")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        on_overrun()  # the worker then ends on its own; nobody waits for it
        raise QueryTimeout("stopped: the query ran past its time limit")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _drop_connection(session) -> None:
    """Cut the session's connection under a blocked read (the driver has no per-query deadline)."""
    connection = getattr(session, "_connection", None)
    raw = getattr(getattr(connection, "socket", None), "_socket", None)
    try:
        if raw is not None:
            raw.shutdown(socket.SHUT_RDWR)  # wakes the reader blocked in recv()
        if connection is not None:
            connection.kill()
    except OSError:
        pass


def _translate(exc) -> StoreError:
    code = getattr(exc, "code", "") or ""
    msg = getattr(exc, "message", None) or str(exc)
    if "AccessMode" in code or "Forbidden" in code or "read access mode" in msg.lower():
        return QueryRefused("refused: the query writes to the graph and only read-only queries may run here")
    if "TimedOut" in code or "Terminated" in code:
        return QueryTimeout("stopped: the query ran past its time limit")
    return StoreError(msg.strip())


def _convert(v):
    from neo4j.graph import Node, Path, Relationship

    if isinstance(v, Node):
        return values.node(v.element_id, sorted(v.labels), dict(v))
    if isinstance(v, Relationship):
        return values.relationship(v.element_id, v.type, v.start_node.element_id, v.end_node.element_id, dict(v))
    if isinstance(v, Path):
        return values.path([_convert(n) for n in v.nodes], [_convert(r) for r in v.relationships])
    if isinstance(v, dict):
        return {k: _convert(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_convert(x) for x in v]
    if hasattr(v, "iso_format"):  # neo4j temporal types
        return v.iso_format()
    return v
