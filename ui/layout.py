"""A deterministic force-directed layout (Fruchterman-Reingold, numpy), for pinned views and exports.

The app draws every graph with these positions: the same graph gives the same picture every time,
and a grown graph keeps its nodes where they were (a story step, a meeting, an exported PNG/SVG).
"""
from __future__ import annotations

import hashlib

import numpy as np


ASPECT = 1.6  # a fresh layout's width to its height: the app's canvases are wider than high (1.7 to 2.5)


def _seed(ids: list[str]) -> int:
    return int(hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:8], 16)


def spring_layout(node_ids: list[str], edges: list[tuple[str, str]], iterations: int = 120,
                  size: float = 1000.0, fixed: dict[str, tuple[float, float]] | None = None,
                  start: dict[str, tuple[float, float]] | None = None,
                  heat: float = 0.1, gravity: float = 5.0,
                  aspect: float = ASPECT) -> dict[str, tuple[float, float]]:
    """Positions in [0, size × aspect] × [0, size] for each node; `fixed` positions are kept (pinned nodes); `start`
    gives free nodes where to begin (else a seeded random place); `heat`: how far a node may move in
    the first step, as a share of `size`; `gravity`: a pull towards the middle (none with pinned
    nodes), which keeps a graph's separate pieces near each other instead of pushed to the corners
    (a picture of small clusters far apart fits the canvas as dots); `aspect`: a fresh layout is
    fitted to a frame this many times as wide as high (`size` high), as the canvas is."""
    n = len(node_ids)
    if n == 0:
        return {}
    index = {nid: i for i, nid in enumerate(node_ids)}
    rng = np.random.default_rng(_seed(node_ids))
    pos = rng.random((n, 2)) * size
    for nid, (x, y) in (start or {}).items():
        if nid in index:
            pos[index[nid]] = (x, y)
    pinned = np.zeros(n, dtype=bool)
    for nid, (x, y) in (fixed or {}).items():
        if nid in index:
            pos[index[nid]] = (x, y)
            pinned[index[nid]] = True
    if n == 1:
        return {node_ids[0]: tuple(pos[0]) if pinned[0] else (size / 2, size / 2)}
    e = np.array([(index[a], index[b]) for a, b in edges if a in index and b in index and a != b], dtype=int)
    k = size / np.sqrt(n)
    temperature = size * heat
    for _ in range(iterations):
        # repulsion k²/d along each pair's direction, on the two coordinates apart (half the memory
        # traffic of an n×n×2 array: 800 nodes take a second, not six)
        dx = pos[:, 0, None] - pos[None, :, 0]
        dy = pos[:, 1, None] - pos[None, :, 1]
        w = k * k / (dx * dx + dy * dy + 1e-18)
        disp = np.stack([(w * dx).sum(axis=1), (w * dy).sum(axis=1)], axis=1)
        if len(e):
            d = pos[e[:, 0]] - pos[e[:, 1]]
            dl = np.linalg.norm(d, axis=-1)[:, None] + 1e-9
            pull = d * dl / k
            np.add.at(disp, e[:, 0], -pull)
            np.add.at(disp, e[:, 1], pull)
        if gravity and not pinned.any():
            # pull ∝ the distance from the middle: k at the frame's edge, times `gravity`
            disp -= (pos - size / 2) * (gravity * k / (size / 2))
        length = np.linalg.norm(disp, axis=-1)[:, None] + 1e-9
        step = disp / length * np.minimum(length, temperature)
        step[pinned] = 0
        pos += step
        temperature *= 0.96
    free = ~pinned
    if free.any() and not pinned.any():  # fit to the frame
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        pos = (pos - lo) / np.maximum(hi - lo, 1e-9) * size * 0.9 + size * 0.05
        pos[:, 0] *= aspect
    return {nid: (float(pos[i, 0]), float(pos[i, 1])) for nid, i in index.items()}


def iterations_for(n: int) -> int:
    """Fewer rounds for big graphs (each costs n²): 120 up to 200 nodes, 60 at 800."""
    return 120 if n <= 200 else max(40, int(120 * np.sqrt(200 / n)))


def layout_size(n: int) -> float:
    """The frame for `n` nodes: about the same distance between neighbours whatever the size."""
    return float(min(max(220.0 * np.sqrt(max(n, 1)), 400.0), 5000.0))


def grow_layout(node_ids: list[str], edges: list[tuple[str, str]],
                placed: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions for a grown graph: the `placed` nodes stay exactly where they are; each new node
    starts on a small ring around the placed nodes it links to (the node that was expanded) and
    settles there, pushed off its neighbours. Deterministic."""
    fixed = {k: v for k, v in placed.items() if k in set(node_ids)}
    new = [k for k in node_ids if k not in fixed]
    if not new:
        return dict(fixed)
    if not fixed:
        return spring_layout(node_ids, edges, iterations=iterations_for(len(node_ids)),
                             size=layout_size(len(node_ids)))
    links: dict[str, list[str]] = {k: [] for k in new}
    for a, b in edges:
        if a in links and b in fixed:
            links[a].append(b)
        if b in links and a in fixed:
            links[b].append(a)
    xs, ys = zip(*fixed.values())
    centre = (float(np.mean(xs)), float(np.mean(ys)))
    k = layout_size(len(node_ids)) / np.sqrt(len(node_ids))
    groups: dict[tuple[float, float], list[str]] = {}
    for nid in new:
        ends = links[nid]
        anchor = (float(np.mean([fixed[e][0] for e in ends])), float(np.mean([fixed[e][1] for e in ends]))) \
            if ends else centre
        groups.setdefault(anchor, []).append(nid)
    start = {}
    for (ax, ay), members in groups.items():
        for i, nid in enumerate(sorted(members)):
            angle = 2 * np.pi * i / len(members)
            radius = k * (0.8 + 0.35 * (i % 3))
            start[nid] = (ax + radius * np.cos(angle), ay + radius * np.sin(angle))
    size = layout_size(len(node_ids))
    return spring_layout(node_ids, edges, iterations=min(60, iterations_for(len(node_ids))), size=size, fixed=fixed,
                         start=start, heat=0.02)
