#!/usr/bin/python3
"""PyTorch's side of AutogradBench: a tiny backward and a 2-layer MLP step, as `threads key value` lines."""
import time

import torch
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


def main():
    for threads in (1, 2):
        torch.set_num_threads(threads)
        torch.manual_seed(0)
        a = torch.randn(8, requires_grad=True)
        b = torch.randn(8, requires_grad=True)

        def tiny():
            (a * b).sum().backward()

        print(threads, "tiny_backward_us", median_time(tiny, 15, 2000) * 1e6, flush=True)
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

        print(threads, "mlp_step_ms", median_time(mlp, 15, 20) * 1e3, flush=True)


if __name__ == "__main__":
    main()
