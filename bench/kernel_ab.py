#!/usr/bin/python3
"""A/B of kernel variants on issue 5's trivial-cell figure, for deciding whether a change to the kernel helps.

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 bench/kernel_ab.py tensorshell,variant [--rounds 10]

Each round starts every named kernelspec once, in turn, and in each start runs the first cell, the warm-up cells
and the timed trivial cells exactly as bench/kernel_latency.py does. Per start it reports:
  * p50: the trivial cell's round trip, the figure of issue 5;
  * kernel CPU: the kernel process's user+system CPU per timed cell (all its threads, the JIT's included).

On these shared two-core machines a single start's p50 moves by several milliseconds with the machine's phase, and
in a fresh kernel's first cells the machine is CPU-bound (javac, the JIT's compiler threads, ZeroMQ and the client
together want more than two cores), so the CPU a variant spends per cell says as much as its latency. Compare the
medians over ten rounds or more, and count in how many rounds a variant was better: a difference of a millisecond
is within what alternating starts of the same kernel show.

A variant is a kernelspec directory next to the installed one: copy <prefix>/share/jupyter/kernels/tensorshell,
edit the copy's kernel.json (JVM flags) or point it at another build's lib/, and remove it afterwards.
"""
import argparse
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_latency import FIRST_CELL, run_cell  # noqa: E402
from jupyter_client.manager import start_new_kernel  # noqa: E402


def cpu_ms(pid):
    """User plus system CPU of a process (all its threads) so far, in milliseconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kernels", help="comma-separated kernelspec names")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--cells", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--cell", default="1 + 1")
    args = ap.parse_args()
    names = args.kernels.split(",")
    results = {n: [] for n in names}
    for r in range(args.rounds):
        for n in names:
            km, kc = start_new_kernel(kernel_name=n, startup_timeout=120)
            try:
                pid = km.provisioner.process.pid
                run_cell(kc, FIRST_CELL)
                for _ in range(args.warmup):
                    run_cell(kc, args.cell)
                before = cpu_ms(pid)
                times = sorted(run_cell(kc, args.cell) for _ in range(args.cells))
                cpu = (cpu_ms(pid) - before) / args.cells
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)
            results[n].append((1000 * times[len(times) // 2], cpu))
            print(f"round {r}  {n:20s} p50 {results[n][-1][0]:6.1f} ms   kernel CPU {cpu:5.1f} ms/cell", flush=True)
    base = names[0]
    print()
    for n in names:
        p50 = statistics.median(x[0] for x in results[n])
        cpu = statistics.median(x[1] for x in results[n])
        line = f"{n:20s} p50 median {p50:6.1f} ms   kernel CPU median {cpu:5.1f} ms/cell"
        if n != base:
            faster = sum(1 for a, b in zip(results[n], results[base]) if a[0] < b[0])
            line += f"   p50 lower than {base} in {faster} of {args.rounds} rounds"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
