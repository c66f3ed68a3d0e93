"""docker-compose.yml cannot run here (no Docker engine): keep it consistent with what CI runs."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import yaml

from paths import ROOT


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def launcher_version() -> str:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    return ET.parse(ROOT / "tools" / "neo4j" / "pom.xml").getroot().find("m:properties/m:neo4j.version", ns).text


def test_the_image_is_the_launchers_neo4j_line():
    image = compose()["services"]["neo4j"]["image"]
    m = re.fullmatch(r"neo4j:(\d+)\.(\d+)(\.\d+)?-community", image)
    assert m, image
    assert f"{m.group(1)}.{m.group(2)}" == ".".join(launcher_version().split(".")[:2])


def test_neo4j_is_healthchecked_and_keeps_its_data_in_a_volume():
    c = compose()
    neo4j = c["services"]["neo4j"]
    assert "RETURN 1" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.split(":")[1] == "/data" and v.split(":")[0] in c["volumes"] for v in neo4j["volumes"])
    assert "7687:7687" in " ".join(neo4j["ports"])


def test_the_app_reaches_neo4j_with_the_same_password_and_stays_local():
    c = compose()
    app, neo4j = c["services"]["app"], c["services"]["neo4j"]
    env = app["environment"]
    assert env["KG_STORE"] == "bolt://neo4j:7687" and env["NEO4J_USER"] == "neo4j"
    assert neo4j["environment"]["NEO4J_AUTH"] == "neo4j/" + env["NEO4J_PASSWORD"]
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert all(p.startswith("127.0.0.1:") for p in app["ports"])  # the app has no login
    assert "--address 0.0.0.0" in " ".join(app["command"])  # reachable from the published port


def test_the_teams_neo4j_reads_no_files_or_addresses():
    env = compose()["services"]["neo4j"]["environment"]
    assert env["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert env["NEO4J_internal_dbms_cypher__ip__blocklist"] == "0.0.0.0/0,::/0"
