#!/usr/bin/python3
"""PyTorch's side of CoreBench: the same workloads, as `threads key value` lines for 1 and 2 threads.

With --serve it reads `key threads` lines from stdin and answers each with one value, so that
CoreBench can alternate rounds of its own measurements with PyTorch's (`blas_library 0` answers with the
path of the OpenBLAS this process runs on, or none). Arguments other than
--serve pick workloads (matmul, add, small_add, softmax) for the printed mode.
"""
import sys
import time

import torch

from openblas_info import openblas_config, openblas_path


def median_time(fn, reps, inner=1):
    fn()
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
    made = {}

    def lazily(name, make):
        if name not in made:
            made[name] = make()
        return made[name]

    n = 16 << 20

    def matmul():
        a, b = lazily("mm", lambda: (torch.randn(2048, 2048), torch.randn(2048, 2048)))
        return 2 * 2048 ** 3 / median_time(lambda: torch.matmul(a, b), 7) / 1e9

    def add():
        x, y = lazily("add", lambda: (torch.randn(n), torch.randn(n)))
        return 12 * n / median_time(lambda: torch.add(x, y), 15) / 1e9

    def small_add():
        x, y = lazily("add8", lambda: (torch.randn(8), torch.randn(8)))
        return median_time(lambda: torch.add(x, y), 15, inner=20000) * 1e6

    def softmax():
        x = lazily("softmax", lambda: torch.randn(4096, 1000))
        return median_time(lambda: torch.softmax(x, 1), 15) * 1e3

    return {"matmul": ("matmul_gflops", matmul), "add": ("add16m_gbps", add),
            "small_add": ("add8_us", small_add), "softmax": ("softmax_ms", softmax)}


def main():
    work = workloads()
    if sys.argv[1:] == ["--serve"]:
        print("PyTorch's BLAS:", openblas_config(), file=sys.stderr, flush=True)
        by_key = {key: measure for key, measure in work.values()}
        for line in sys.stdin:
            key, threads = line.split()
            if key == "blas_library":
                print(openblas_path() or "none", flush=True)
                continue
            torch.set_num_threads(int(threads))
            print(by_key[key](), flush=True)
        return
    which = sys.argv[1:] or list(work)
    for threads in (1, 2):
        torch.set_num_threads(threads)
        for name in which:
            key, measure = work[name]
            print(threads, key, measure(), flush=True)


if __name__ == "__main__":
    main()
