"""PNG checks for the display tests: size from IHDR, pixels decoded with Pillow when it is installed
(Debian's python3-pil), else by a small decoder of our own (non-interlaced 8-bit PNGs, what Java's
ImageIO and Chromium write)."""
import base64
import struct
import zlib
from collections import Counter

try:
    from PIL import Image
    import io
except ImportError:  # the fallback decoder below does the same checks, slower
    Image = None

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def from_base64(data):
    """Bytes of a PNG given as base64 text (a MIME bundle's image/png, a data: URL's payload)."""
    if isinstance(data, list):  # nbformat may store multi-line strings as lists
        data = "".join(data)
    return base64.b64decode(data)


def size(png):
    """(width, height) from the IHDR chunk; raises AssertionError when the bytes are not a PNG."""
    if png[:8] != SIGNATURE or png[12:16] != b"IHDR":
        raise AssertionError(f"not a PNG: {png[:16]!r}")
    return struct.unpack(">II", png[16:24])


def colours(png):
    """Counter of pixel values (tuples), decoding the whole image."""
    if Image is not None:
        img = Image.open(io.BytesIO(png))
        img.load()
        rgba = img.convert("RGBA")
        return Counter(dict((c, n) for n, c in rgba.getcolors(maxcolors=rgba.width * rgba.height)))
    return Counter(_pixels(png))


def assert_picture(test, png, min_width=1, min_height=1, min_colours=2, max_dominant=0.999):
    """The bytes decode as a PNG at least this big, with at least `min_colours` distinct pixel values and
    no single value covering more than `max_dominant` of the picture (not blank)."""
    w, h = size(png)
    test.assertGreaterEqual(w, min_width, f"PNG {w}x{h} too narrow")
    test.assertGreaterEqual(h, min_height, f"PNG {w}x{h} too low")
    c = colours(png)
    test.assertEqual(sum(c.values()), w * h, "pixel count differs from IHDR size")
    test.assertGreaterEqual(len(c), min_colours, f"PNG {w}x{h} has {len(c)} colour(s): blank")
    dominant = c.most_common(1)[0][1] / (w * h)
    test.assertLessEqual(dominant, max_dominant, f"PNG {w}x{h}: one colour covers {dominant:.2%}: blank")
    return w, h


def _pixels(png):
    w, h = size(png)
    depth, colour, interlace = png[24], png[25], png[28]
    if depth != 8 or interlace != 0 or colour not in CHANNELS:
        raise AssertionError(f"PNG decoder: only non-interlaced 8-bit images (depth {depth}, interlace {interlace})")
    pos, idat = 8, []
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        if kind == b"IDAT":
            idat.append(png[pos + 8:pos + 8 + length])
        elif kind == b"IEND":
            break
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    bpp = CHANNELS[colour]
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        raise AssertionError(f"PNG decoder: {len(raw)} bytes of image data for {w}x{h}x{bpp}")
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        _unfilter(f, row, prev, bpp)
        for x in range(0, stride, bpp):
            yield bytes(row[x:x + bpp])
        prev = row


def _unfilter(f, row, prev, bpp):
    if f == 0:
        return
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        if f == 1:
            row[i] = (row[i] + a) & 0xFF
        elif f == 2:
            row[i] = (row[i] + b) & 0xFF
        elif f == 3:
            row[i] = (row[i] + ((a + b) >> 1)) & 0xFF
        elif f == 4:
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        else:
            raise AssertionError(f"PNG decoder: unknown filter {f}")
