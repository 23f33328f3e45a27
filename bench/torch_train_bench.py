#!/usr/bin/python3
"""PyTorch's side of TrainBench: the API.md model trained on Fashion-MNIST, as `threads key value` lines.

Usage: torch_train_bench.py THREADS [STEPS] [WARMUP] [DATA_DIR]. One thread setting per process, so that
peak_rss_mb (VmHWM) belongs to that setting alone. The data path is PyTorch's fastest: the training set
decoded once into a float32 [60000, 1, 28, 28] tensor (what torchvision's ToTensor gives), a randperm per
epoch and one index_select per batch of 32, with no per-item DataLoader overhead.
"""
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.flatten = nn.Flatten()
        self.d1 = nn.Linear(21632, 128)
        self.d2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.flatten(x)
        x = F.relu(self.d1(x))
        return F.log_softmax(self.d2(x), 1)


def idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def vm_hwm_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    data = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    images = torch.from_numpy(idx(os.path.join(data, "train-images-idx3-ubyte.gz"), 16).reshape(-1, 1, 28, 28)
                              .astype(np.float32) / 255)
    labels = torch.from_numpy(idx(os.path.join(data, "train-labels-idx1-ubyte.gz"), 8).astype(np.int64))

    model = MyModel()
    optimizer = torch.optim.Adam(model.parameters())
    loss_object = nn.CrossEntropyLoss(reduction="sum")
    model.train()
    times = []
    order, pos = torch.randperm(len(labels)), 0
    for _ in range(steps):
        t0 = time.perf_counter()
        if pos + 32 > len(labels):
            order, pos = torch.randperm(len(labels)), 0
        batch = order[pos:pos + 32]
        pos += 32
        x, y = images.index_select(0, batch), labels.index_select(0, batch)
        predictions = model(x)
        loss = loss_object(predictions, y)
        loss.item()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        times.append(time.perf_counter() - t0)
    print(threads, "step_ms", statistics.median(times[warmup:]) * 1e3, flush=True)
    print(threads, "peak_rss_mb", vm_hwm_mb(), flush=True)


if __name__ == "__main__":
    main()
