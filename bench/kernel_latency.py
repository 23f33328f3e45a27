#!/usr/bin/python3
"""Kernel latency, side by side through jupyter_client in one run: Tensorshell vs Debian's ipykernel.

Measures, for each kernel:
  * start: process start until the kernel answers kernel_info (jupyter_client's "ready"),
    plus the first cell (ours: a 3x3 random tensor; ipykernel: `import torch; x = torch.randn(3, 3); x`),
    median of --starts fresh kernels, started alternately (ours, ipykernel, ours, ...);
  * trivial: round trip of a trivial cell (`1 + 1`): execute_request sent until both the
    execute_reply and the closing `idle` status arrived; p50 and p90 of --cells runs after --warmup (5) cells;
  * empty: the same for an empty cell, which runs no code: the kernel's and the protocol's own share.

Usage: bench/kernel_latency.py [--starts 3] [--cells 50] [--warmup 5] [--java-cell CODE] [--ours tensorshell]
The Java first cell defaults to `var x = randn(3, 3); x` (the issue's figure).
"""
import argparse
import os
import statistics
import sys
import time

try:
    from jupyter_client.manager import start_new_kernel
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
except ImportError:
    print("skipped: python3-jupyter-client is not installed")
    sys.exit(0)

FIRST_CELL = "var x = randn(3, 3); x"


def run_cell(kc, code, timeout=60):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    got_reply = got_idle = False
    status = None
    while not (got_reply and got_idle):
        if not got_reply:
            try:
                r = kc.get_shell_msg(timeout=0.001 if got_idle else 0)
                if r["parent_header"].get("msg_id") == msg_id:
                    got_reply, status = True, r["content"]["status"]
                continue
            except Exception:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.001)
        except Exception:
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError(code)
            continue
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            got_idle = True
    if status != "ok":
        raise RuntimeError(f"cell failed ({status}): {code}")
    return time.perf_counter() - t0


def measure(kernels, starts, cells, warmup, trivial="1 + 1"):
    """kernels: (name, first cell) pairs. Their starts alternate (ours, ipykernel, ours, ...), so that a slow
    phase of a shared machine falls on both; each kernel's cells run right after its last start."""
    start_times = {name: [] for name, _ in kernels}
    cell_times = {}
    for i in range(starts):
        for name, first_cell in kernels:
            t0 = time.perf_counter()
            km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
            ready = time.perf_counter() - t0
            first = run_cell(kc, first_cell)
            start_times[name].append((ready, first))
            if i == starts - 1:
                for _ in range(warmup):
                    run_cell(kc, trivial)
                rt = sorted(run_cell(kc, trivial) for _ in range(cells))
                # an empty cell runs no code at all: what is left is the kernel's and the protocol's own cost
                empty = sorted(run_cell(kc, "") for _ in range(cells))
                cell_times[name] = (rt, empty)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    out = {}
    for name, _ in kernels:
        st = start_times[name]
        rt, empty = cell_times[name]
        out[name] = {"ready": statistics.median(r for r, _ in st), "first": statistics.median(f for _, f in st),
                     "total": statistics.median(r + f for r, f in st),
                     "p50": rt[len(rt) // 2], "p90": rt[int(len(rt) * 0.9)], "empty": empty[len(empty) // 2]}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--starts", type=int, default=3)
    ap.add_argument("--cells", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5, help="trivial cells run before the timed ones")
    ap.add_argument("--ours", default="tensorshell")
    ap.add_argument("--java-cell", default=FIRST_CELL)
    args = ap.parse_args()
    ksm = KernelSpecManager()
    try:
        ksm.get_kernel_spec(args.ours)
    except NoSuchKernel:
        print(f"skipped: kernelspec {args.ours!r} is not installed (run install/install.sh)")
        return 0
    try:
        import torch  # noqa: F401
        py_first = "import torch; x = torch.randn(3, 3); x"
    except ImportError:
        py_first = "import random; x = [random.random() for _ in range(9)]; x"
        print("note: python3-torch is not installed; ipykernel's first cell does not import torch")

    both = measure([(args.ours, args.java_cell), ("python3", py_first)], args.starts, args.cells, args.warmup)
    ours, ipy = both[args.ours], both["python3"]

    print(f"first cell, ours:      {args.java_cell}")
    print(f"first cell, ipykernel: {py_first}")
    load = os.getloadavg()[0]
    print(f"load average while measuring: {load:.1f} on {os.cpu_count()} cores"
          + ("  (machine busy: absolute numbers are inflated)" if load > os.cpu_count() else ""))
    print(f"{'':32}{'tensorshell':>14}{'ipykernel':>14}{'ratio':>9}")
    rows = [("start to ready [s]", "ready", 1), ("first cell [s]", "first", 1),
            ("start to ready + first cell [s]", "total", 1),
            ("trivial cell p50 [ms]", "p50", 1000), ("trivial cell p90 [ms]", "p90", 1000),
            ("empty cell p50 [ms]", "empty", 1000)]
    for label, key, scale in rows:
        a, b = ours[key] * scale, ipy[key] * scale
        print(f"{label:32}{a:14.3f}{b:14.3f}{a / b:9.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
