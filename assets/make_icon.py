# Draws the Opsplan icon: a rounded blue tile with three rising bars and a capacity line.
import struct, zlib
N = 256
def inside_round_rect(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r); cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1
rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        px = (0, 0, 0, 0)
        if inside_round_rect(x + .5, y + .5, 8, 8, 248, 248, 44):
            t = y / N
            px = (int(30 + 20 * t), int(90 + 30 * t), int(170 + 40 * t), 255)
            for i, h in enumerate((70, 115, 160)):
                bx0 = 52 + i * 56
                if bx0 <= x < bx0 + 40 and 200 - h <= y < 200:
                    px = (255, 255, 255, 255) if i < 2 else (255, 196, 64, 255)
            if 96 <= y < 104 and 36 <= x < 220:
                px = (235, 80, 70, 255)
            if 200 <= y < 206 and 40 <= x < 216:
                px = (220, 230, 245, 255)
        row += bytes(px)
    rows.append(bytes(row))
raw = b"".join(rows)
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open("opsplan.png", "wb").write(png)
