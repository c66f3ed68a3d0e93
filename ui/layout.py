"""A deterministic force-directed layout (Fruchterman-Reingold, numpy), for pinned views and exports.

The browser lays graphs out itself; this gives the same picture every time,
which a story step or an exported PNG/SVG needs.
"""
from __future__ import annotations

import hashlib

import numpy as np


def _seed(ids: list[str]) -> int:
    return int(hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:8], 16)


def spring_layout(node_ids: list[str], edges: list[tuple[str, str]], iterations: int = 120,
                  size: float = 1000.0, fixed: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Positions in [0, size]^2 for each node; `fixed` positions are kept (pinned nodes)."""
    n = len(node_ids)
    if n == 0:
        return {}
    index = {nid: i for i, nid in enumerate(node_ids)}
    rng = np.random.default_rng(_seed(node_ids))
    pos = rng.random((n, 2)) * size
    pinned = np.zeros(n, dtype=bool)
    for nid, (x, y) in (fixed or {}).items():
        if nid in index:
            pos[index[nid]] = (x, y)
            pinned[index[nid]] = True
    if n == 1:
        return {node_ids[0]: tuple(pos[0]) if pinned[0] else (size / 2, size / 2)}
    e = np.array([(index[a], index[b]) for a, b in edges if a in index and b in index and a != b], dtype=int)
    k = size / np.sqrt(n)
    temperature = size / 10
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=-1) + 1e-9
        force = (k * k / dist ** 2)[:, :, None] * delta  # repulsion
        disp = force.sum(axis=1)
        if len(e):
            d = pos[e[:, 0]] - pos[e[:, 1]]
            dl = np.linalg.norm(d, axis=-1)[:, None] + 1e-9
            pull = d * dl / k
            np.add.at(disp, e[:, 0], -pull)
            np.add.at(disp, e[:, 1], pull)
        length = np.linalg.norm(disp, axis=-1)[:, None] + 1e-9
        step = disp / length * np.minimum(length, temperature)
        step[pinned] = 0
        pos += step
        temperature *= 0.96
    free = ~pinned
    if free.any() and not pinned.any():  # fit to the frame
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        pos = (pos - lo) / np.maximum(hi - lo, 1e-9) * size * 0.9 + size * 0.05
    return {nid: (float(pos[i, 0]), float(pos[i, 1])) for nid, i in index.items()}
