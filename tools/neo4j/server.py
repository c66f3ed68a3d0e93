"""Start and stop the project's own Neo4j (see pom.xml and KgNeo4j.java): no Docker, no downloads
beyond Maven's cache.

    python tools/neo4j/server.py start [--port 7687]   # returns once Bolt answers
    python tools/neo4j/server.py stop  [--port 7687]
    python tools/neo4j/server.py build                 # compile, fetch the jars (cached in ~/.m2)

Data goes to a temporary folder per port (`$TMPDIR/kg-neo4j-PORT/`), removed by `stop`.
Authentication is off: the driver's user and password are accepted whatever they are.
The tests' fixture (tests/conftest.py) uses the same functions.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSPATH_FILE = HERE / "target" / "classpath.txt"
# What Neo4j's own start scripts pass: it cannot start without the --add-opens set.
JVM_FLAGS = [
    "-Xms512m", "-Xmx1g",  # a 2-core, 24 GB machine that also runs the test suite
    "-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
]


def available() -> str | None:
    """Why this machine cannot run the server, or None when it can (Java 17+ and Maven)."""
    for tool in ("java", "mvn"):
        if not shutil.which(tool):
            return f"{tool} is not installed (Neo4j 5.26 needs Java 17 and Maven)"
    return None


def build() -> None:
    """Compile the launcher and resolve its classpath (Maven fetches the jars once)."""
    sources = list((HERE / "src").rglob("*.java")) + [HERE / "pom.xml"]
    classes = HERE / "target" / "classes" / "KgNeo4j.class"
    if CLASSPATH_FILE.exists() and classes.exists() and \
            max(p.stat().st_mtime for p in sources) < classes.stat().st_mtime:
        jars = CLASSPATH_FILE.read_text().split(os.pathsep)
        if all(Path(j).exists() for j in jars if j):
            return
    subprocess.run(["mvn", "-q", "-B", "-f", str(HERE / "pom.xml"), "compile", "dependency:build-classpath",
                    f"-Dmdep.outputFile={CLASSPATH_FILE}"], check=True)


def home_for(port: int) -> Path:
    return Path(tempfile.gettempdir()) / f"kg-neo4j-{port}"


def bolt_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00" * 12)  # Bolt handshake
            return len(s.recv(4)) == 4
    except OSError:
        return False


def start(port: int = 7687, home: Path | None = None, timeout_s: float = 180) -> subprocess.Popen:
    """Start the server in the background; return once Bolt answers on 127.0.0.1:port."""
    if bolt_answers(port):
        raise RuntimeError(f"something already answers Bolt on 127.0.0.1:{port}")
    build()
    home = home or home_for(port)
    home.mkdir(parents=True, exist_ok=True)
    classpath = os.pathsep.join([str(HERE / "target" / "classes"), CLASSPATH_FILE.read_text().strip()])
    log = open(home / "launcher.log", "w")
    proc = subprocess.Popen(["java", *JVM_FLAGS, "-cp", classpath, "KgNeo4j", str(home), str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    (home / "launcher.pid").write_text(str(proc.pid))
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Neo4j exited with {proc.returncode}; see {home / 'launcher.log'}:\n"
                               + (home / "launcher.log").read_text()[-3000:])
        if bolt_answers(port):
            return proc
        time.sleep(0.5)
    proc.kill()
    raise RuntimeError(f"Neo4j did not answer on 127.0.0.1:{port} within {timeout_s:.0f} s; "
                       f"see {home / 'launcher.log'}")


def stop(port: int = 7687, home: Path | None = None) -> bool:
    """Stop the server started for this port (SIGTERM: a clean shutdown) and remove its data."""
    home = home or home_for(port)
    pidfile = home / "launcher.pid"
    if not pidfile.exists():
        return False
    pid = int(pidfile.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(300):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    shutil.rmtree(home, ignore_errors=True)
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["start", "stop", "build"])
    ap.add_argument("--port", type=int, default=int(os.environ.get("KG_NEO4J_PORT", "7687")))
    args = ap.parse_args()
    if args.command == "build":
        build()
    elif args.command == "start":
        why = available()
        if why:
            sys.exit(f"cannot start Neo4j: {why}")
        start(args.port)
        print(f"Neo4j answers on bolt://127.0.0.1:{args.port} (auth off: any user and password); "
              f"data in {home_for(args.port)}; stop with: make neo4j-stop")
    else:
        print("stopped" if stop(args.port) else f"no Neo4j started here for port {args.port}")


if __name__ == "__main__":
    main()
