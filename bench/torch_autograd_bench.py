#!/usr/bin/python3
"""PyTorch's side of AutogradBench: a tiny backward and a 2-layer MLP step.

Without arguments it prints `threads key value` lines for 1 and 2 threads. With --serve it reads
`key threads` lines from stdin and answers each with one value, so that AutogradBench can alternate
rounds of its own measurements with PyTorch's (a slow phase of a shared machine then falls on both).
"""
import sys
import time

import torch

from openblas_info import openblas_config
import torch.nn.functional as F


def median_time(fn, reps, inner=1):
    for _ in range(3):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    times.sort()
    return times[len(times) // 2]


def workloads():
    torch.manual_seed(0)
    a = torch.randn(8, requires_grad=True)
    b = torch.randn(8, requires_grad=True)

    def tiny():
        (a * b).sum().backward()

    w1 = torch.randn(784, 256, requires_grad=True)
    b1 = torch.zeros(256, requires_grad=True)
    w2 = torch.randn(256, 10, requires_grad=True)
    b2 = torch.zeros(10, requires_grad=True)
    x = torch.randn(64, 784)
    y = torch.randint(0, 10, (64,))

    def mlp():
        h = torch.relu(x @ w1 + b1)
        loss = F.cross_entropy(h @ w2 + b2, y)
        loss.backward()

    return {
        "tiny_backward_us": lambda: median_time(tiny, 15, 2000) * 1e6,
        "mlp_step_ms": lambda: median_time(mlp, 15, 20) * 1e3,
    }


def main():
    work = workloads()
    if sys.argv[1:] == ["--serve"]:
        print("PyTorch's BLAS:", openblas_config(), file=sys.stderr, flush=True)
        for line in sys.stdin:
            key, threads = line.split()
            torch.set_num_threads(int(threads))
            print(work[key](), flush=True)
        return
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for key, measure in work.items():
            print(threads, key, measure(), flush=True)


if __name__ == "__main__":
    main()
