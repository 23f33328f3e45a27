#!/usr/bin/python3
"""PyTorch's side of TrainStepTiming: the same model, loss, backward and SGD update, ms per phase."""
import sys
import time

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


threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.set_num_threads(threads)
torch.manual_seed(0)
model = MyModel()
loss_object = nn.CrossEntropyLoss(reduction='sum')
x = torch.rand(32, 1, 28, 28)
y = torch.randint(0, 10, (32,))
phase = [0.0, 0.0, 0.0]
steps = 110
total = []
for i in range(steps):
    t0 = time.perf_counter()
    loss = loss_object(model(x), y)
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    with torch.no_grad():
        for p in model.parameters():
            p.sub_(p.grad * 1e-4)
    model.zero_grad(set_to_none=False)
    t3 = time.perf_counter()
    if i >= 10:
        phase[0] += (t1 - t0) * 1e3
        phase[1] += (t2 - t1) * 1e3
        phase[2] += (t3 - t2) * 1e3
        total.append((t3 - t0) * 1e3)
n = steps - 10
total.sort()
print("torch threads %d: mean forward %.2f ms, backward %.2f ms, update+zeroGrad %.2f ms; step median %.2f ms, min %.2f ms"
      % (threads, phase[0] / n, phase[1] / n, phase[2] / n, total[n // 2], total[0]))
