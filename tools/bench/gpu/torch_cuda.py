"""PyTorch CUDA rows for the GPU run (run.sh): the same small CNN, SGD and SAM steps as the CPU
reference (torch_reference.py, imported from beside this file), timed on the GPU with a synchronise
after each step so a step's time includes its kernels, not just their launch.

Prints a Markdown table, or one line saying why there is none (no torch, no CUDA device).
"""
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print("PyTorch CUDA: skipped (python3 has no torch)")
    sys.exit(0)

from torch_reference import sam_step, sgd_step, small_cnn


def measure(step, batch, steps, device):
    torch.manual_seed(0)
    model = small_cnn().to(device)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    x = torch.randn(batch, 1, 28, 28, device=device)
    y = torch.randint(0, 10, (batch,), device=device)
    for _ in range(5):
        step(model, opt, x, y)
    torch.cuda.synchronize()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step(model, opt, x, y)
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    if not torch.cuda.is_available():
        print(f"PyTorch CUDA: skipped (torch {torch.__version__} sees no CUDA device)")
        return
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    batches = [int(b) for b in sys.argv[2].split(",")] if len(sys.argv) > 2 else [64, 256, 1024]
    device = torch.device("cuda")
    print(f"PyTorch {torch.__version__} CUDA on {torch.cuda.get_device_name(0)}, median of {steps} steps\n")
    print("| method | batch | ms/step | examples/s |")
    print("|---|---|---|---|")
    for batch in batches:
        for method, step in (("sgd", sgd_step), ("sam", sam_step)):
            ms = measure(step, batch, steps, device)
            print(f"| {method} | {batch} | {ms:.2f} | {batch * 1000 / ms:,.0f} |")


if __name__ == "__main__":
    main()
