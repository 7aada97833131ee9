"""PyTorch reference for the probes (ALGORITHMS.md, "Probes"): the exact Hessian of the training loss
by torch.autograd.functional.hessian, its eigenvalues, power iteration and Hutchinson's quadratic forms
with that exact Hessian from the engine's own start and Rademacher vectors, and the common-ρ sharpness
under the CE, Q_tanh and Q_log adversaries. float64 throughout; the model and layouts are
torch_parity.py's.

    /usr/bin/python3 tools/bench/torch_probe_parity.py CASE.json      (or - for stdin)

Reads {numClasses, input, labels, layers, params (tfjs layouts), smoothing, rho, mu, alpha, iterations,
start: [flat tfjs-order values], rademacher: [[flat values]...]} and prints {eigenvalues (ascending),
trace, powerIteration: [λ per iteration], quadraticForms: [zᵀHz...], common: {ce|qTanh|qLog:
{lossIncrease, errorIncrease, flips}}}. The whole input is one chunk (≤ 128 examples).
Exit codes: 0 done, 2 a case this reference does not cover.
"""
import os
import sys

import torch
from torch.autograd.functional import hessian
from torch.nn.utils.stateless import functional_call

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_parity import (  # noqa: E402
    EPS, Unsupported, bisam_q, build_model, case_main, cross_entropy, float32_rounded, global_norm, phi_log,
    phi_tanh, smoothed_targets,
)


def flat_tfjs(tensors, converters):
    """Parameters in the engine's order and layouts, as one flat vector (how start and z are given)."""
    return torch.cat([to_tfjs(t).reshape(-1) for t, (_, to_tfjs) in zip(tensors, converters)])


def from_flat_tfjs(flat, shapes, converters):
    out, offset = [], 0
    for shape, (to_torch, _) in zip(shapes, converters):
        size = 1
        for s in shape:
            size *= s
        out.append(to_torch(flat[offset:offset + size].reshape(shape)))
        offset += size
    return out


def run_case(case):
    model, converters = build_model(case["layers"], case["input"]["shape"])
    names = [name for name, _ in model.named_parameters()]
    shapes = [p["shape"] for p in case["params"]]
    if len(names) != len(shapes):
        raise Unsupported(f"the layers have {len(names)} weight tensors, the case {len(shapes)}")
    weights = from_flat_tfjs(
        torch.cat([float32_rounded(p["values"], p["shape"]).reshape(-1) for p in case["params"]]), shapes, converters
    )
    x = float32_rounded(case["input"]["values"], case["input"]["shape"])
    if x.dim() == 4:
        x = x.permute(0, 3, 1, 2)
    labels = torch.tensor(case["labels"])
    targets = smoothed_targets(labels, case["numClasses"], case["smoothing"])

    def logits_at(tensors):
        return functional_call(model, dict(zip(names, tensors)), (x,))

    def loss_of_flat(flat):
        return cross_entropy(logits_at(from_flat_tfjs(flat, shapes, converters)), targets)

    # The Hessian in the engine's flat order, so start and z vectors apply as given.
    w_flat = flat_tfjs(weights, converters)
    h = hessian(loss_of_flat, w_flat)
    h = (h + h.T) / 2
    v = torch.tensor(case["start"], dtype=torch.float64)
    v = v / v.norm()
    sequence = []
    for _ in range(case["iterations"]):
        hv = h @ v
        sequence.append(float(v @ hv))
        v = hv / hv.norm()
    forms = [float(z @ h @ z) for z in (torch.tensor(r, dtype=torch.float64) for r in case["rademacher"])]
    return {
        "eigenvalues": torch.linalg.eigvalsh(h).tolist(),
        "trace": float(torch.trace(h)),
        "powerIteration": sequence,
        "quadraticForms": forms,
        "common": common_rho(weights, logits_at, labels, targets, case),
    }


def common_rho(weights, logits_at, labels, targets, case):
    """e_A = ρ ∇A/(‖∇A‖+eps) at w, then ΔL, Δerr and right→wrong flips at w + e_A (ALGORITHMS.md)."""
    adversaries = {
        "ce": lambda z: cross_entropy(z, targets),
        "qTanh": lambda z: bisam_q(z, labels, phi_tanh(case["alpha"]), case["mu"]),
        "qLog": lambda z: bisam_q(z, labels, phi_log, case["mu"]),
    }
    params = [w.clone().requires_grad_(True) for w in weights]
    clean_logits = logits_at(params)
    clean_loss = cross_entropy(clean_logits, targets).item()
    right = clean_logits.argmax(dim=1) == labels
    out = {}
    for name, objective in adversaries.items():
        grads = torch.autograd.grad(objective(logits_at(params)), params)
        scale = case["rho"] / (global_norm(grads) + EPS)
        with torch.no_grad():
            perturbed = logits_at([w + g * scale for w, g in zip(weights, grads)])
            right_after = perturbed.argmax(dim=1) == labels
            out[name] = {
                "lossIncrease": cross_entropy(perturbed, targets).item() - clean_loss,
                "errorIncrease": (right.double().mean() - right_after.double().mean()).item(),
                "flips": int((right & ~right_after).sum()),
            }
    return out


if __name__ == "__main__":
    sys.exit(case_main(run_case, "torch_probe_parity", sys.argv[1:]))
