"""PyTorch 1.13 side of OptimTiming.java: one optimizer step over the API.md model's 2.77M parameters.
PyTorch's Adam allocates two parameter-sized temporaries per step; with glibc's defaults they are mmapped and
page-faulted afresh each time. Run also with MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000
for PyTorch at its best."""
import time
import torch

shapes = [(32, 1, 3, 3), (32,), (128, 21632), (128,), (10, 128), (10,)]
torch.manual_seed(0)
for threads in (1, 2):
    torch.set_num_threads(threads)
    params = [torch.randn(s, requires_grad=True) for s in shapes]
    for p in params:
        p.grad = torch.randn_like(p)
    makers = [("Adam", lambda p: torch.optim.Adam(p)), ("AdamW", lambda p: torch.optim.AdamW(p)),
              ("SGD(momentum=0.9)", lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9)),
              ("RMSprop", lambda p: torch.optim.RMSprop(p)), ("Adagrad", lambda p: torch.optim.Adagrad(p)),
              ("zeroGrad", lambda p: torch.optim.Adam(p))]
    for name, make in makers:
        opt = make(params)
        fn = opt.zero_grad if name == "zeroGrad" else opt.step
        for _ in range(30):
            fn()
        ts = []
        for _ in range(100):
            t0 = time.perf_counter()
            fn()
            ts.append((time.perf_counter() - t0) * 1e3)
        ts.sort()
        print("pytorch     threads=%d %-18s median %.3f ms  min %.3f ms" % (threads, name, ts[50], ts[0]))
