"""Reference trajectories of PyTorch 1.13's optimizers, LR schedulers and gradient clipping for
OptimTest.java. Prints one line per value set: `key v1 v2 ...` (float32 values printed with repr of
the float64 they widen to)."""
import math
import torch

torch.set_num_threads(1)


def emit(key, values):
    print(key, " ".join(repr(float(v)) for v in values))


def data():
    x = torch.tensor([[math.sin(i * 7 + j * 3) for j in range(3)] for i in range(5)], dtype=torch.float32)
    y = torch.tensor([[math.cos(i * 5 + j) for j in range(4)] for i in range(5)], dtype=torch.float32)
    w = torch.tensor([[0.5 * math.sin(i * 4 + j + 1) for j in range(4)] for i in range(3)], dtype=torch.float32)
    b = torch.tensor([0.1 * j - 0.15 for j in range(4)], dtype=torch.float32)
    return x, y, w, b


def loss_fn(x, y, w, b):
    return ((x @ w + b) - y).pow(2).mean()


x, y, w0, b0 = data()
emit("data.x", x.flatten())
emit("data.y", y.flatten())
emit("data.w", w0.flatten())
emit("data.b", b0.flatten())

O = torch.optim
CASES = {
    "sgd": lambda p: O.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: O.SGD(p, lr=0.05, momentum=0.9),
    "sgd_dampening_wd": lambda p: O.SGD(p, lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.01),
    "sgd_nesterov": lambda p: O.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.1),
    "sgd_maximize": lambda p: O.SGD(p, lr=0.01, momentum=0.5, maximize=True),
    "adam": lambda p: O.Adam(p, lr=0.01),
    "adam_default": lambda p: O.Adam(p),
    "adam_wd_amsgrad": lambda p: O.Adam(p, lr=0.01, weight_decay=0.1, amsgrad=True),
    "adam_maximize": lambda p: O.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, maximize=True),
    "adamw": lambda p: O.AdamW(p, lr=0.01),
    "adamw_amsgrad": lambda p: O.AdamW(p, lr=0.01, weight_decay=0.1, amsgrad=True),
    "rmsprop": lambda p: O.RMSprop(p, lr=0.01),
    "rmsprop_centered_momentum": lambda p: O.RMSprop(p, lr=0.01, momentum=0.9, centered=True, weight_decay=0.01),
    "rmsprop_maximize": lambda p: O.RMSprop(p, lr=0.001, alpha=0.9, maximize=True, momentum=0.5),
    "rmsprop_centered": lambda p: O.RMSprop(p, lr=0.01, centered=True),
    "adagrad": lambda p: O.Adagrad(p, lr=0.1),
    "adagrad_opts": lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.01, weight_decay=0.1, initial_accumulator_value=0.5, eps=1e-8),
    "adagrad_maximize": lambda p: O.Adagrad(p, lr=0.05, maximize=True),
    "groups_adam": lambda p: O.Adam([{"params": [p[0]]}, {"params": [p[1]], "lr": 0.05, "betas": (0.5, 0.9)}], lr=0.01),
    "groups_sgd": lambda p: O.SGD([{"params": [p[0]], "momentum": 0.5}, {"params": [p[1]], "lr": 0.2}], lr=0.1),
}

for name, make in CASES.items():
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = make([w, b])
    for step in range(20):
        opt.zero_grad()
        loss_fn(x, y, w, b).backward()
        opt.step()
        emit("optim.%s.%d.w" % (name, step), w.detach().flatten())
        emit("optim.%s.%d.b" % (name, step), b.detach().flatten())


def sched(name, make_opt, make_sched, extra=None, metrics=None):
    p = torch.zeros(2, requires_grad=True)
    opt = make_opt([p])
    s = make_sched(opt)
    lrs, ex = [s.get_last_lr()[0] if hasattr(s, "get_last_lr") and metrics is None else opt.param_groups[0]["lr"]], []
    if extra:
        ex.append(extra(opt))
    for i in range(30):
        opt.step()
        if metrics is None:
            s.step()
        else:
            s.step(metrics(i))
        lrs.append(opt.param_groups[0]["lr"])
        if extra:
            ex.append(extra(opt))
    emit("sched.%s.lr" % name, lrs)
    if extra:
        emit("sched.%s.extra" % name, ex)


S = O.lr_scheduler
sgd = lambda p: O.SGD(p, lr=0.1)
sched("step", sgd, lambda o: S.StepLR(o, step_size=7, gamma=0.5))
sched("multistep", sgd, lambda o: S.MultiStepLR(o, milestones=[5, 12, 12, 20], gamma=0.3))
sched("exp", sgd, lambda o: S.ExponentialLR(o, gamma=0.9))
sched("cos", sgd, lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001))
sched("linear", sgd, lambda o: S.LinearLR(o, start_factor=0.25, total_iters=8))
sched("linear_default", sgd, lambda o: S.LinearLR(o))
sched("onecycle", lambda p: O.SGD(p, lr=0.1, momentum=0.9), lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=30),
      extra=lambda o: o.param_groups[0]["momentum"])
sched("onecycle3", lambda p: O.Adam(p, lr=0.1),
      lambda o: S.OneCycleLR(o, max_lr=0.01, total_steps=40, three_phase=True, anneal_strategy="linear",
                             div_factor=10.0, final_div_factor=100.0, pct_start=0.25),
      extra=lambda o: o.param_groups[0]["betas"][0])
plateau_metric = lambda i: max(0.5, 1 - 0.05 * i) + 0.01 * (i % 3)
sched("plateau", sgd, lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1,
                                                     min_lr=0.002), metrics=plateau_metric)
sched("plateau_max_abs", sgd, lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.02,
                                                             threshold_mode="abs"), metrics=plateau_metric)

# gradient clipping on the model's gradients at the initial weights
for name, fn in [
    ("norm2", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.5)),
    ("norm_inf", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.3, float("inf"))),
    ("norm1_noclip", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 100.0, 1.0)),
    ("norm3", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.2, 3.0)),
    ("value", lambda ps: torch.nn.utils.clip_grad_value_(ps, 0.05)),
]:
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    loss_fn(x, y, w, b).backward()
    total = fn([w, b])
    emit("clip.%s.total" % name, [total] if total is not None else [])
    emit("clip.%s.w" % name, w.grad.flatten())
    emit("clip.%s.b" % name, b.grad.flatten())
