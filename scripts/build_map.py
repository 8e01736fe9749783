"""Build the map the pages draw: web/static/map/world.json from Natural Earth.

The shapes come from the npm package world-atlas (Natural Earth's 1:50m admin-0
countries as TopoJSON; Natural Earth is in the public domain, world-atlas is under
the ISC licence), the ISO 3166-1 numeric -> alpha-3 table from the npm package
i18n-iso-countries (MIT). Both are fetched with ``npm pack`` at the pinned
versions and checked against their published integrity; nothing is downloaded when
the server runs: the output is committed.

    python scripts/build_map.py            # npm pack into a temporary folder
    python scripts/build_map.py --from DIR # DIR holds the two .tgz files already

What it does, all at build time:
- decodes the TopoJSON and simplifies every arc once (Douglas-Peucker), so shared
  borders stay shared;
- keys each country by its alpha-3 code (the game's codes), Kosovo as XKX;
- draws the former states as the union of their successors' shapes (shared borders
  removed): SUN (the Soviet Union), YUG (Yugoslavia before 1992; the map draws a
  scenario set in 1992 or later with SCG's outline, the Federal Republic), CSK
  (Czechoslovakia), SCG (Serbia and Montenegro, with Kosovo), and ZAR (Zaire) as
  DR Congo; the German Democratic
  Republic (DDR) has no outline in the data (its border ran inside today's Germany)
  and is kept as a point at Berlin, its capital;
- writes each shape as an SVG path in hundredths of a degree (x = longitude,
  y = minus latitude: a plate carree the page scales), with its bounding box and an
  anchor point well inside its largest part (where a label or a default incident
  marker goes).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "web" / "static" / "map" / "world.json"
PACKAGES = {
    "world-atlas": ("2.0.2",
                    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="),
    "i18n-iso-countries": ("7.14.0",
                           "sha512-nXHJZYtNrfsi1UQbyRqm3Gou431elgLjKl//CYlnBGt5aTWdRPH1PiS2T/p/n8Q8LnqYqzQJik3Q7mkwvLokeg=="),
}
TOLERANCE = 0.045
"""Degrees: the largest gap the simplification may open between a border and the data."""
MIN_PART = 0.02
"""Square degrees: smaller islands are dropped, unless they are all a country has."""

UNIONS = {
    "SUN": ["RUS", "UKR", "BLR", "EST", "LVA", "LTU", "MDA", "GEO", "ARM", "AZE", "KAZ", "UZB",
            "TKM", "KGZ", "TJK"],
    "YUG": ["SVN", "HRV", "BIH", "SRB", "MNE", "MKD", "XKX"],
    "SCG": ["SRB", "MNE", "XKX"],
    "CSK": ["CZE", "SVK"],
    "ZAR": ["COD"],
}
POINTS = {
    # East Berlin, the capital of the German Democratic Republic (13.40 E, 52.52 N).
    "DDR": (13.40, 52.52),
}
UNNUMBERED = {"Kosovo": "XKX"}


def npm_pack(folder: Path) -> None:
    for name, (version, _) in PACKAGES.items():
        subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL)


def read_package(folder: Path, name: str, member: str) -> Any:
    version, integrity = PACKAGES[name]
    data = (folder / f"{name}-{version}.tgz").read_bytes()
    algo, digest = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algo, data).digest()).decode() != digest:
        sys.exit(f"{name}-{version}.tgz does not match its published integrity")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        handle = tar.extractfile(f"package/{member}")
        assert handle is not None
        return json.loads(handle.read())


# TopoJSON.

def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative; the ends stay."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = (abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if norm
                 else math.hypot(px - x1, py - y1))
            if d > worst:
                worst, index = d, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        out.extend(arc if not out else arc[1:])
    return out


def polygons_of(geometry: dict[str, Any]) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def merge(polygons: list[list[list[int]]], arcs: list[list[tuple[float, float]]]) -> list[list[int]]:
    """The rings of the union of polygons: arcs used by two of them (a shared border) go,
    the others are chained end to start into rings."""
    used: dict[int, int] = {}
    for polygon in polygons:
        for ring in polygon:
            for index in ring:
                key = index if index >= 0 else ~index
                used[key] = used.get(key, 0) + 1
    outer = [index for polygon in polygons for ring in polygon for index in ring
             if used[index if index >= 0 else ~index] == 1]

    def ends(index: int) -> tuple[tuple[float, float], tuple[float, float]]:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        return arc[0], arc[-1]

    by_start: dict[tuple[float, float], list[int]] = {}
    for index in outer:
        by_start.setdefault(ends(index)[0], []).append(index)
    rings: list[list[int]] = []
    left = set(outer)
    for index in outer:
        if index not in left:
            continue
        ring = [index]
        left.discard(index)
        start, end = ends(index)
        while end != start:
            nxt = next((i for i in by_start.get(end, []) if i in left), None)
            if nxt is None:
                break
            ring.append(nxt)
            left.discard(nxt)
            end = ends(nxt)[1]
        rings.append(ring)
    return rings


# Geometry of the output.

def area(ring: list[tuple[float, float]]) -> float:
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def edge_distance(x: float, y: float, ring: list[tuple[float, float]], k: float) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        ax, ay, bx, by, px = x1 * k, y1, x2 * k, y2, x * k
        dx, dy = bx - ax, by - ay
        along = ((px - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy) if dx or dy else 0.0
        t = max(0.0, min(1.0, along))
        best = min(best, math.hypot(px - ax - t * dx, y - ay - t * dy))
    return best


def anchor(ring: list[tuple[float, float]]) -> tuple[float, float]:
    """A point well inside a ring (the farthest from its edge on a grid, refined once),
    distances measured with longitude shrunk by the cosine of the latitude."""
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    k = math.cos(math.radians((south + north) / 2))
    best = ((west + east) / 2, (south + north) / 2)
    best_d = -1.0
    span_x, span_y = east - west, north - south
    for _ in range(2):
        steps = 24
        for i in range(steps + 1):
            for j in range(steps + 1):
                x = west + span_x * i / steps
                y = south + span_y * j / steps
                if not inside(x, y, ring):
                    continue
                d = edge_distance(x, y, ring, k)
                if d > best_d:
                    best, best_d = (x, y), d
        span_x, span_y = span_x / 6, span_y / 6
        west, south = best[0] - span_x / 2, best[1] - span_y / 2
    return round(best[0], 2), round(best[1], 2)


def path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data in hundredths of a degree, relative moves; y grows southwards."""
    out = []
    cx = cy = 0
    for ring in rings:
        points = [(round(x * 100), round(-y * 100)) for x, y in ring]
        dedup = [points[0]]
        for p in points[1:]:
            if p != dedup[-1]:
                dedup.append(p)
        if len(dedup) > 1 and dedup[-1] == dedup[0]:
            dedup.pop()
        if len(dedup) < 3:
            continue
        x, y = dedup[0]
        parts = [f"m{x - cx} {y - cy}".replace(" -", "-")]
        cx, cy = x, y
        steps = []
        for x, y in dedup[1:]:
            steps.append(f"{x - cx} {y - cy}".replace(" -", "-"))
            cx, cy = x, y
        parts.append("l" + " ".join(steps).replace(" -", "-"))
        parts.append("z")
        cx, cy = dedup[0]  # after a closepath, a relative move starts from the ring's first point
        out.append("".join(parts))
    return "".join(out)


def unwrap(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring that crosses the antimeridian (a jump of more than 180 degrees between two
    points) as two copies, one continued east past 180 and one west past -180: each is
    drawn, and the map's frame shows the part of it that lies in view."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(ring)):
        return [ring]
    east = [(x + 360 if x < 0 else x, y) for x, y in ring]
    west = [(x - 360 if x > 0 else x, y) for x, y in ring]
    return [east, west]


def build(folder: Path) -> dict[str, Any]:
    topology = read_package(folder, "world-atlas", "countries-50m.json")
    codes = read_package(folder, "i18n-iso-countries", "codes.json")
    alpha3 = {row[2]: row[1] for row in codes}
    arcs = decode_arcs(topology)
    simple = [simplify(arc, TOLERANCE) for arc in arcs]
    shapes: dict[str, list[list[list[int]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha3.get(geometry.get("id", "")) or UNNUMBERED.get(geometry["properties"]["name"])
        if code is None:
            continue  # disputed areas without a code of their own (N. Cyprus, Somaliland, ...)
        shapes.setdefault(code, []).extend(polygons_of(geometry))
    rings_of: dict[str, list[list[int]]] = {code: [r for p in polys for r in p]
                                              for code, polys in shapes.items()}
    for code, members in UNIONS.items():
        rings_of[code] = merge([p for m in members for p in shapes.get(m, [])], arcs)
    countries: dict[str, Any] = {}
    for code in sorted(rings_of):
        exact = [ring_points(r, arcs) for r in rings_of[code]]
        drawn = [ring_points(r, simple) for r in rings_of[code]]
        parts = sorted(zip(exact, drawn, strict=True), key=lambda pair: -area(pair[0]))
        kept = [d for e, d in parts if area(e) >= MIN_PART] or [parts[0][1]]
        main = parts[0][0]
        xs = [x for ring in kept for x, _ in ring]
        ys = [y for ring in kept for _, y in ring]
        kept = [part for ring in kept for part in unwrap(ring)]
        mx, my = [x for x, _ in main], [y for _, y in main]
        countries[code] = {
            "d": path(kept),
            "box": [math.floor(min(xs)), math.floor(min(ys)), math.ceil(max(xs)), math.ceil(max(ys))],
            "main": [math.floor(min(mx)), math.floor(min(my)), math.ceil(max(mx)), math.ceil(max(my))],
            "anchor": list(anchor(main)),
        }
    for code, (lon, lat) in POINTS.items():
        countries[code] = {"d": "", "box": [math.floor(lon), math.floor(lat), math.ceil(lon), math.ceil(lat)],
                           "main": [math.floor(lon), math.floor(lat), math.ceil(lon), math.ceil(lat)],
                           "anchor": [lon, lat], "point": True}
    return {
        "attribution": "Natural Earth (public domain), 1:50m countries, via world-atlas "
                       f"{PACKAGES['world-atlas'][0]}",
        "units": "hundredths of a degree; x = longitude, y = minus latitude",
        "countries": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="a folder with the packed .tgz files")
    args = parser.parse_args()
    if args.source:
        data = build(args.source)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            npm_pack(Path(tmp))
            data = build(Path(tmp))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(data['countries'])} shapes, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
