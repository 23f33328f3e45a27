"""A small reader and writer of the safetensors format for PyTorch 1.13 (Debian has no safetensors
package), used by SafeTensorsInteropTest to move tensors between Tensorshell and PyTorch.

    python3 safetensors_io.py check FILE       # FILE (written by Java) holds exactly expected(); exit 1 if not
    python3 safetensors_io.py write FILE       # write expected() as the reference implementation lays it out
    python3 safetensors_io.py model FILE       # write a seeded torch.nn model's state_dict
    python3 safetensors_io.py same FILE1 FILE2 # the two files hold bitwise-identical tensors
    python3 safetensors_io.py prepare DIR      # write DIR/torch.safetensors and DIR/torch_model.safetensors
    python3 safetensors_io.py verify DIR       # check DIR/java.safetensors and DIR/java_copy.safetensors
"""
import json
import struct
import sys

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "BOOL": torch.bool}
CODES = {v: k for k, v in DTYPES.items()}
# the reference writer orders data by dtype, widest-aligned first, then by name
RANK = {"BOOL": 0, "I32": 8, "F32": 10, "F64": 11, "I64": 12}


def read(path):
    """(tensors in data order, metadata); raises ValueError on anything malformed."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("shorter than 8 bytes")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError("header runs past the end")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    metadata = header.pop("__metadata__", {})
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    out, at = {}, 0
    for name, info in entries:
        begin, end = info["data_offsets"]
        if begin != at:
            raise ValueError("hole or overlap before " + name)
        dtype = DTYPES[info["dtype"]]
        shape = info["shape"]
        numel = 1
        for s in shape:
            numel *= s
        itemsize = torch.empty((), dtype=dtype).element_size()
        if end - begin != numel * itemsize or end > len(data):
            raise ValueError("bad span for " + name)
        raw = bytearray(data[begin:end])
        if numel == 0:
            t = torch.empty(shape, dtype=dtype)
        else:
            t = torch.frombuffer(raw, dtype=dtype).reshape(shape).clone()
        out[name] = t
        at = end
    if at != len(data):
        raise ValueError("trailing data")
    return out, metadata


def write(tensors, path, metadata=None):
    names = sorted(tensors, key=lambda k: (-RANK[CODES[tensors[k].dtype]], k))
    header, blobs, at = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in names:
        t = tensors[name].contiguous()
        b = t.numpy().tobytes() if t.dtype != torch.bool else t.to(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def expected():
    """The tensors SafeTensorsInteropTest.expected() builds in Java, in the same order."""
    return {
        "layer.weight": torch.arange(12, dtype=torch.float32).reshape(3, 4) * 0.25 - 1.5,
        "layer.bias": torch.tensor([0.1, -2.5, float("inf"), -0.0, float("nan")], dtype=torch.float64),
        "steps": torch.tensor(2 ** 40 + 3, dtype=torch.int64),
        "idx": torch.tensor([[-1, 0, 1], [2147483647, -2147483648, 7]], dtype=torch.int32),
        "mask": torch.tensor([True, False, True, True, False]),
        "empty": torch.empty(0, 3, dtype=torch.float32),
        "transposed": torch.arange(6, dtype=torch.float32).reshape(2, 3).t().contiguous(),
    }


def bits(t):
    if t.dtype == torch.float32:
        return t.view(torch.int32)
    if t.dtype == torch.float64:
        return t.view(torch.int64)
    return t


def same(a, b, what):
    problems = []
    if list(a) != list(b):
        problems.append("%s: keys %s != %s" % (what, list(a), list(b)))
    for k in a:
        if k not in b:
            continue
        x, y = a[k], b[k]
        if x.dtype != y.dtype or x.shape != y.shape:
            problems.append("%s: %s is %s %s, expected %s %s" % (what, k, y.dtype, list(y.shape), x.dtype, list(x.shape)))
        elif not torch.equal(bits(x), bits(y)):
            problems.append("%s: %s values differ: %s vs %s" % (what, k, y, x))
    return problems


def model_state():
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.ReLU(), torch.nn.Flatten(),
                            torch.nn.Linear(4 * 26 * 26, 10), torch.nn.BatchNorm1d(10))
    m(torch.randn(8, 1, 28, 28))  # moves the batch-norm running statistics
    return dict(m.state_dict())


def main(argv):
    cmd = argv[1]
    if cmd == "check":
        got, meta = read(argv[2])
        exp = expected()
        # Java writes in map order, so the data order is the insertion order
        problems = same(exp, got, "java->python")
        if meta != {"format": "pt", "writer": "tensorshell"}:
            problems.append("metadata %s" % meta)
        print("\n".join(problems) if problems else "OK")
        return 1 if problems else 0
    if cmd == "prepare":
        write(expected(), argv[2] + "/torch.safetensors", {"format": "pt"})
        write(model_state(), argv[2] + "/torch_model.safetensors", {"format": "pt"})
    elif cmd == "verify":
        problems = []
        got, meta = read(argv[2] + "/java.safetensors")
        problems += same(expected(), got, "java->python")
        if meta != {"format": "pt", "writer": "tensorshell"}:
            problems.append("metadata %s" % meta)
        a, _ = read(argv[2] + "/torch_model.safetensors")
        b, _ = read(argv[2] + "/java_copy.safetensors")
        problems += same(dict(sorted(a.items())), dict(sorted(b.items())), "python->java->python")
        print("\n".join(problems) if problems else "OK")
        return 1 if problems else 0
    elif cmd == "write":
        write(expected(), argv[2], {"format": "pt"})
    elif cmd == "model":
        write(model_state(), argv[2], {"format": "pt"})
    elif cmd == "same":
        a, _ = read(argv[2])
        b, _ = read(argv[3])
        problems = same(dict(sorted(a.items())), dict(sorted(b.items())), "roundtrip")
        print("\n".join(problems) if problems else "OK")
        return 1 if problems else 0
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
