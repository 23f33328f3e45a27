#!/usr/bin/python3
"""Autograd differential oracle: runs each generated graph in PyTorch and compares gradients.

Input: a JSON list of graphs written by org.tensorshell.diff.GradDiffTest: float32 leaves (requiring
grad) and constants as flat data with shapes, a Python program over them (it ends with loss.backward()),
the expressions whose values are compared (leaf and retained gradients) and Tensorshell's values for them
(null where Tensorshell has no gradient), or Tensorshell's error. Output: one line per graph, tab
separated: name, OK|FAIL, detail.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)

RTOL = 1e-5


def tensor(spec, requires_grad):
    t = torch.tensor(spec["data"], dtype=torch.float64).to(torch.float32).reshape(spec["shape"])
    return t.requires_grad_() if requires_grad else t


def close(expected, got):
    """Elementwise within RTOL of the expected value, or of the tensor's largest value (cancellation, with a
    floor of 0.1 so that gradients that are mathematically 0 may carry float32 noise of ~1e-7)."""
    if list(expected.shape) != got["shape"]:
        return "shape: torch %s, tensorshell %s" % (list(expected.shape), got["shape"])
    e = expected.detach().double().reshape(-1)
    g = torch.tensor(got["data"], dtype=torch.float64)
    if e.numel() == 0:
        return None
    scale = e.abs().max().item() if torch.isfinite(e).all() else 1.0
    tol = RTOL * e.abs() + RTOL * max(scale, 0.1)
    bad = ~(((g - e).abs() <= tol) | (torch.isnan(g) & torch.isnan(e)) | (g == e))
    if bad.any():
        i = int(bad.nonzero()[0])
        return "worst at flat index %d: torch %.9g, tensorshell %.9g (of %d elements, %d differ)" % (
            i, e[i].item(), g[i].item(), e.numel(), int(bad.sum()))
    return None


def run(c):
    env = {"torch": torch, "F": F}
    for name, spec in c["leaves"].items():
        env[name] = tensor(spec, True)
    for name, spec in c["constants"].items():
        env[name] = tensor(spec, False)
    try:
        exec(c["py"], env)
        expected = [eval(e, env) for e in c["compared"]]
        torch_error = None
    except Exception as ex:
        torch_error = "%s: %s" % (type(ex).__name__, str(ex).splitlines()[0] if str(ex) else "")
    java = c["java"]
    if torch_error is not None:
        if "error" in java:
            return "OK", "both raise (torch: %s; tensorshell: %s)" % (torch_error, java["error"])
        return "FAIL", "torch raises %s but tensorshell computed gradients" % torch_error
    if "error" in java:
        return "FAIL", "tensorshell raises %s but torch computes the gradients" % java["error"]
    for name, e, g in zip(c["compared"], expected, java["grads"]):
        if e is None or g is None:
            if (e is None) != (g is None):
                return "FAIL", "%s: torch %s, tensorshell %s" % (
                    name, "None" if e is None else "a gradient", "None" if g is None else "a gradient")
            continue
        msg = close(e, g)
        if msg:
            return "FAIL", "%s: %s" % (name, msg)
    return "OK", ""


def main():
    cases = json.load(open(sys.argv[1]))
    with open(sys.argv[2], "w") as out:
        for c in cases:
            try:
                status, detail = run(c)
            except Exception as ex:
                status, detail = "FAIL", "oracle could not evaluate: %s: %s" % (type(ex).__name__, ex)
            out.write("%s\t%s\t%s\n" % (c["name"], status, detail.replace("\t", " ").replace("\n", " ")))


if __name__ == "__main__":
    main()
