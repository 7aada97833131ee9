"""PyTorch reference for the robust evaluation (ALGORITHMS.md, "Robustness"): FGSM and PGD-k with a
given start, written independently of the TensorFlow.js engine (the attacks are the exported script's,
src/export/experiment_template.py), so `npm run parity:torch` can cross-check the perturbed inputs and
the robust accuracies.

    /usr/bin/python3 tools/bench/torch_robust.py CASE.json      (or - for stdin)

A case: {"numClasses", "layers", "params" (tfjs layouts, as torch_parity.py reads them),
"normalisation": {"mean", "std"} (one number or one per channel, applied to pixels in [0, 1]),
"input": {"shape": [N, H, W, C], "values" in [0, 1]}, "labels", "epsilons", "pgdSteps",
"startDirections": N·H·W·C numbers u in [-1, 1] (PGD starts at clip(x + ε·u, 0, 1))}.
Prints {"fgsm": [{"epsilon", "values", "accuracy"}...], "pgd": [...]} with values in NHWC order.
The model runs in eval mode; everything is float64 after rounding the case's numbers to float32.
"""
import sys

import torch

from torch_parity import Unsupported, case_main, float32_rounded, load_model
# The attacks are the exported script's own (one copy): torch_parity put its folder on the path.
from experiment_template import fgsm, pgd  # noqa: E402


def classifier(model, normalisation):
    """Logits of NCHW pixels in [0, 1]: (x − mean)/std per channel, then the model."""
    mean = torch.tensor(normalisation["mean"], dtype=torch.float64).reshape(-1, 1, 1)
    std = torch.tensor(normalisation["std"], dtype=torch.float64).reshape(-1, 1, 1)
    return lambda x: model((x - mean) / std)


def attacked(classify, adversarial, labels, epsilon):
    with torch.no_grad():
        accuracy = (classify(adversarial).argmax(dim=1) == labels).double().mean().item()
    return {
        "epsilon": epsilon,
        "values": adversarial.permute(0, 2, 3, 1).reshape(-1).tolist(),  # NCHW → NHWC
        "accuracy": accuracy,
    }


def run_case(case):
    shape = case["input"]["shape"]
    if len(shape) != 4:
        raise Unsupported("robust cases need image inputs [N, H, W, C]")
    model, _ = load_model(case)
    model.eval()
    classify = classifier(model, case["normalisation"])
    x = float32_rounded(case["input"]["values"], shape).permute(0, 3, 1, 2)
    directions = float32_rounded(case["startDirections"], shape).permute(0, 3, 1, 2)
    labels = torch.tensor(case["labels"])
    # ε as float32, as the engine holds it.
    epsilons = [float(torch.tensor(e, dtype=torch.float32)) for e in case["epsilons"]]
    return {
        "fgsm": [attacked(classify, fgsm(classify, x, labels, e), labels, e) for e in epsilons],
        "pgd": [
            attacked(classify, pgd(classify, x, labels, e, case["pgdSteps"], directions), labels, e)
            for e in epsilons
        ],
    }


if __name__ == "__main__":
    sys.exit(case_main(run_case, "torch_robust", sys.argv[1:]))
