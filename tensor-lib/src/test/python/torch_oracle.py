#!/usr/bin/python3
"""Differential oracle: evaluates each case with PyTorch and compares with Tensorshell's result.

Input: a JSON list of cases written by the Java side (org.tensorshell.diff.TorchOracle), each with
inputs (dtype, shape, flat data, optional view expression), a Python expression over x[0], x[1], ...
and Tensorshell's outcome (outputs or an error). Output: one line per case, tab separated:
name, OK|FAIL, detail.
"""
import json
import math
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)

DTYPES = {
    "torch.float32": torch.float32,
    "torch.float64": torch.float64,
    "torch.int64": torch.int64,
    "torch.int32": torch.int32,
    "torch.bool": torch.bool,
}
TOL = {torch.float32: (1e-5, 1e-6), torch.float64: (1e-12, 1e-14)}


def make_input(spec):
    if spec.get("scalar") is not None:
        return spec["scalar"]
    dt = DTYPES[spec["dtype"]]
    t = torch.tensor(spec["data"], dtype=torch.float64 if dt.is_floating_point else torch.int64)
    t = t.to(dt).reshape(spec["shape"])
    if spec.get("view"):
        t = eval("t" + spec["view"], {"t": t, "torch": torch})
    if spec.get("requires_grad"):
        t.requires_grad_(True)
    return t


def as_list(r):
    if isinstance(r, torch.Tensor):
        return [r]
    if isinstance(r, (tuple, list)):
        out = []
        for e in r:
            out.extend(as_list(e))
        return out
    if isinstance(r, (int, float, bool)):
        return [torch.tensor(r)]
    raise TypeError("unexpected result type %s" % type(r))


def compare(expected, got):
    """expected: torch tensor; got: dict(dtype, shape, data) from Java. Returns None or a message."""
    if str(expected.dtype) != got["dtype"]:
        return "dtype: torch %s, tensorshell %s" % (expected.dtype, got["dtype"])
    if list(expected.shape) != got["shape"]:
        return "shape: torch %s, tensorshell %s" % (list(expected.shape), got["shape"])
    e = expected.detach().reshape(-1)
    if expected.dtype.is_floating_point:
        g = torch.tensor(got["data"], dtype=torch.float64).to(expected.dtype)
        rtol, atol = TOL[expected.dtype]
        # values near zero that come out of cancellation are judged against the tensor's scale
        finite = e[torch.isfinite(e)]
        scale = float(finite.abs().max()) if finite.numel() else 1.0
        atol = atol * max(1.0, scale) if expected.dtype == torch.float64 else max(atol, rtol * scale * 0.1)
        if not torch.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True):
            diff = (g.double() - e.double()).abs()
            diff[torch.isnan(diff)] = 0
            i = int(diff.argmax()) if diff.numel() else 0
            return "values differ (rtol %g): worst at flat index %d: torch %r, tensorshell %r" % (
                rtol, i, e[i].item(), g[i].item())
    else:
        g = torch.tensor(got["data"], dtype=torch.int64)
        if not torch.equal(g, e.to(torch.int64)):
            i = int((g != e.to(torch.int64)).nonzero()[0])
            return "values differ at flat index %d: torch %r, tensorshell %r" % (i, e[i].item(), g[i].item())
    return None


def run_case(c):
    xs = [make_input(s) for s in c["inputs"]]
    env = {"torch": torch, "F": F, "math": math, "x": xs}
    try:
        r = eval(c["py"], env)
        expected = r if isinstance(r, str) else as_list(r)
        torch_error = None
    except Exception as ex:  # PyTorch rejected the input: Tensorshell must too
        expected, torch_error = None, "%s: %s" % (type(ex).__name__, str(ex).splitlines()[0] if str(ex) else "")
    java = c["java"]
    if torch_error is not None:
        if "error" in java:
            return "OK", "both raise (torch: %s)" % torch_error
        return "FAIL", "torch raises %s but tensorshell returned a result" % torch_error
    if "error" in java:
        return "FAIL", "tensorshell raises %s but torch returns a result" % java["error"]
    if "string" in java:
        if isinstance(r, str) and r == java["string"]:
            return "OK", ""
        return "FAIL", "text differs:\ntorch:\n%s\ntensorshell:\n%s" % (r, java["string"])
    outs = java["outputs"]
    if len(outs) != len(expected):
        return "FAIL", "torch returns %d tensors, tensorshell %d" % (len(expected), len(outs))
    for k, (e, g) in enumerate(zip(expected, outs)):
        msg = compare(e, g)
        if msg:
            return "FAIL", "output %d: %s" % (k, msg)
    return "OK", ""


def main():
    cases = json.load(open(sys.argv[1]))
    with open(sys.argv[2], "w") as out:
        for c in cases:
            try:
                status, detail = run_case(c)
            except Exception as ex:
                status, detail = "FAIL", "oracle could not evaluate: %s: %s" % (type(ex).__name__, ex)
            out.write("%s\t%s\t%s\n" % (c["name"], status, detail.replace("\t", " ").replace("\n", " ")))


if __name__ == "__main__":
    main()
