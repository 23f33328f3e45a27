#!/usr/bin/python3
"""PyTorch's side of bench/: the same workloads as CoreBench.java, printed as `threads key value` lines."""
import sys
import time

import torch


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


def main():
    which = sys.argv[1:] or ["matmul", "add", "small_add", "softmax"]
    for threads in (1, 2):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        if "matmul" in which:
            a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
            t = median_time(lambda: torch.matmul(a, b), 7)
            print(threads, "matmul_gflops", 2 * 2048 ** 3 / t / 1e9, flush=True)
        if "add" in which:
            n = 16 << 20
            x, y = torch.randn(n), torch.randn(n)
            out = torch.empty(n)
            t = median_time(lambda: torch.add(x, y), 15)
            print(threads, "add16m_gbps", 12 * n / t / 1e9, flush=True)
        if "small_add" in which:
            x, y = torch.randn(8), torch.randn(8)
            t = median_time(lambda: torch.add(x, y), 15, inner=20000)
            print(threads, "add8_us", t * 1e6, flush=True)
        if "softmax" in which:
            x = torch.randn(4096, 1000)
            t = median_time(lambda: torch.softmax(x, 1), 15)
            print(threads, "softmax_ms", t * 1e3, flush=True)


if __name__ == "__main__":
    main()
