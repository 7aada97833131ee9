"""PyTorch CPU reference for `npm run bench`: the small CNN, one SGD step and one SAM step.

Prints one JSON object: {"torch": version, "threads": n, "rows": [{"method", "batch", "msPerStep"}]}.
Run with Debian's python3 (python3-torch); the benchmark calls it only where torch imports.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def small_cnn() -> nn.Module:
    # Same layers as the playground's `small-cnn` preset (55,338 parameters).
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(7 * 7 * 32, 32), nn.ReLU(), nn.Linear(32, 10),
    )


def sgd_step(model, opt, x, y):
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    opt.step()


def sam_step(model, opt, x, y, rho=0.05):
    # davda54/sam: ascent pass, perturb by rho·g/‖g‖, descent pass at w+e, restore, base step.
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    params = [p for p in model.parameters() if p.grad is not None]
    norm = torch.norm(torch.stack([p.grad.norm(2) for p in params]), 2)
    saved = [p.detach().clone() for p in params]
    with torch.no_grad():
        for p in params:
            p.add_(p.grad * (rho / (norm + 1e-12)))
    opt.zero_grad()
    F.cross_entropy(model(x), y).backward()
    with torch.no_grad():
        for p, s in zip(params, saved):
            p.copy_(s)
    opt.step()


def measure(step, batch, steps):
    torch.manual_seed(0)
    model = small_cnn()
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    for _ in range(5):
        step(model, opt, x, y)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step(model, opt, x, y)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    torch.set_num_threads(threads)
    rows = []
    for batch in (64, 128):
        for method, step in (("sgd", sgd_step), ("sam", sam_step)):
            rows.append({"method": method, "batch": batch, "msPerStep": measure(step, batch, steps)})
    print(json.dumps({"torch": torch.__version__, "threads": threads, "rows": rows}))


if __name__ == "__main__":
    main()
