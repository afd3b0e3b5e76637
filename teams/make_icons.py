"""Draw the Teams app icons (standard library only): `python teams/make_icons.py`.

- color.png: 192x192, white "system" symbol (three connected people/nodes around a centre) on the
  accent colour, the symbol inside the central safe area;
- outline.png: 32x32, the same symbol in white on a transparent background (Teams' rule: only white
  and transparent).

The PNGs are committed; run this again only to change the design.
"""
from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x1F, 0x5C, 0x99)
WHITE = (255, 255, 255)
SAMPLES = 4  # supersampling per axis, for smooth edges

# The symbol in unit coordinates: nodes (x, y, radius) and the lines between them.
OUTER = [(0.5, 0.16), (0.18, 0.76), (0.82, 0.76)]
CENTRE = (0.5, 0.56)
NODES = [(x, y, 0.13) for x, y in OUTER] + [(*CENTRE, 0.09)]
LINES = [(OUTER[0], OUTER[1]), (OUTER[1], OUTER[2]), (OUTER[2], OUTER[0])] + [(p, CENTRE) for p in OUTER]


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _inside(x: float, y: float, line_width: float) -> bool:
    if any(math.hypot(x - nx, y - ny) <= r for nx, ny, r in NODES):
        return True
    return any(_segment_distance(x, y, a, b) <= line_width / 2 for a, b in LINES)


def coverage(size: int, margin: float, line_width: float) -> list[list[float]]:
    """For each pixel, the fraction covered by the symbol drawn inside [margin, 1 - margin]."""
    span = 1 - 2 * margin
    rows = []
    for row in range(size):
        values = []
        for col in range(size):
            hits = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    u = ((col + (sx + 0.5) / SAMPLES) / size - margin) / span
                    v = ((row + (sy + 0.5) / SAMPLES) / size - margin) / span
                    hits += 0 <= u <= 1 and 0 <= v <= 1 and _inside(u, v, line_width)
            values.append(hits / SAMPLES**2)
        rows.append(values)
    return rows


def png(width: int, height: int, rgba_rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rgba_rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def color_icon(size: int = 192) -> bytes:
    rows = []
    for values in coverage(size, margin=0.22, line_width=0.07):
        row = bytearray()
        for c in values:
            row += bytes(round(bg + (fg - bg) * c) for bg, fg in zip(ACCENT, WHITE, strict=True)) + b"\xff"
        rows.append(bytes(row))
    return png(size, size, rows)


def outline_icon(size: int = 32) -> bytes:
    rows = []
    for values in coverage(size, margin=0.06, line_width=0.09):
        rows.append(b"".join(bytes(WHITE) + bytes([round(255 * c)]) for c in values))
    return png(size, size, rows)


def main() -> None:
    (HERE / "color.png").write_bytes(color_icon())
    (HERE / "outline.png").write_bytes(outline_icon())
    print(f"Wrote {HERE / 'color.png'} and {HERE / 'outline.png'}")


if __name__ == "__main__":
    main()
