"""PyTorch reference for parity cases: SGD, SAM (and ASAM), BiSAM-tanh and BiSAM-log, written from
/work/shared/docs/ALGORITHMS.md independently of the TensorFlow.js engine, so `npm run parity:torch`
can cross-check the engine's numbers.

    /usr/bin/python3 tools/bench/torch_parity.py CASE.json      (or - for stdin)

Reads the parity case format of `npm run parity` (README.md, "Headless CLI"; schema in
tools/cli/parityCase.ts) and prints the same result JSON: {"params": [{"shape", "values"}...] in tfjs
layouts, "steps": [{"loss", "perturbedLoss", "ascentGradNorm", "perturbationNorm", "q"}...]}.
Everything runs in float64; only the case's inputs and initial weights are first rounded to float32,
because that is what the engine starts from. The model, layouts, losses, schedules and perturbation
come from the exported script (src/export/experiment_template.py), so the export and this reference
are one code: nn.Sequential in PyTorch's NCHW layouts (conv2d, maxPool2d, activation, globalAvgPool,
flatten, dense), weights converted from and back to tfjs layouts at the edges. The two-pass loop and
the base step (torch.optim.SGD itself) are this file's own, a second reading of ALGORITHMS.md beside
the export's optimizer classes.
Exit codes: 0 done, 2 a case this reference does not cover (message on stderr).
"""
import json
import os
import sys

import torch

# The model, layouts, losses, schedules and perturbation are the exported script's own (one copy of each):
# src/export/experiment_template.py imports as a module while its placeholders are unfilled.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "export"))
import experiment_template as playground  # noqa: E402
from experiment_template import (  # noqa: E402
    EPS, GAMMA, PHI, ascent_perturbation, bisam_q, cross_entropy, global_norm, to_tfjs_layout, to_torch_layout,
)

# The app's defaults for the knobs read here; the CLI passes fully parsed cases, so these only
# matter when the script is run by hand.
DEFAULTS = {
    "lr": 0.05, "momentum": 0.9, "weightDecay": 5e-4, "nesterov": False, "labelSmoothing": 0.0,
    "rho": 0.05, "adaptive": False, "bisamMu": 1.0, "bisamAlpha": 0.1, "m": 0, "sgdProbeEvery": 0,
}
# A hand-written case may use the knobs' former names, which the engine still reads.
FORMER_NAMES = {"mu": "bisamMu", "alpha": "bisamAlpha", "sharpnessProbeEvery": "sgdProbeEvery"}
SCHEDULE_DEFAULTS = {"kind": "constant", "floor": 0.0, "every": 1000, "factor": 0.1, "warmupSteps": 0}
METHODS = ("sgd", "sam", "bisam-tanh", "bisam-log")
# The layers a parity case may hold (BatchNorm, residual blocks and dropout have no case here).
LAYERS = ("conv2d", "maxPool2d", "activation", "globalAvgPool", "flatten", "dense")


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------- model and weight layouts

def build_model(layers, input_shape):
    """The export's nn.Sequential for the layer specs (NHWC flatten order, so a dense kernel is a plain
    transpose), plus one converter pair (tfjs→torch, torch→tfjs) per weight. An [N, D] input is a
    [1, 1, D] image flattened first, as the engine takes it."""
    unknown = [spec["type"] for spec in layers if spec["type"] not in LAYERS]
    if unknown:
        raise Unsupported(f"layer type {unknown[0]} (batchNorm, residual and dropout are not covered)")
    shape = tuple(input_shape[1:])
    if len(shape) == 1:
        shape, layers = (1, 1, shape[0]), [{"type": "flatten"}, *layers]
    try:
        model = playground.build_model(layers, shape)
    except SystemExit as problem:
        raise Unsupported(str(problem)) from None
    converters = [((lambda t, p=p: to_torch_layout(t, p)), to_tfjs_layout) for p in model.parameters()]
    return model, converters


def phi_tanh(alpha):
    return PHI["bisam-tanh"]({"bisamAlpha": alpha})


phi_log = PHI["bisam-log"]({})


def smoothed_targets(labels, num_classes, s):
    """1 - s on the true class, s/(K-1) on each other: the reference code's smoothing, not F.cross_entropy's s/K."""
    return playground.smoothed_targets(labels, num_classes, s, torch.float64)


def learning_rate_at(base, schedule, step, total):
    return playground.learning_rate_at(base, {**SCHEDULE_DEFAULTS, **(schedule or {})}, step, total)


def grads_of(value, params):
    return torch.autograd.grad(value, params)


def float32_rounded(values, shape):
    """What the engine starts from: the JSON numbers rounded to float32, then exact in float64."""
    return torch.tensor(values, dtype=torch.float32).reshape(shape).to(torch.float64)


def two_pass_group(model, params, x, labels, targets, method, hp):
    """One group's ascent pass, e, and descent pass at w + e (w restored from a copy afterwards)."""
    logits = model(x)
    loss = cross_entropy(logits, targets)
    if method == "sam":
        ascent = loss
    else:
        phi = phi_tanh(hp["bisamAlpha"]) if method == "bisam-tanh" else phi_log
        ascent = bisam_q(logits, labels, phi, hp["bisamMu"])
    g_a = grads_of(ascent, params)  # no weight decay in the ascent gradient
    e = ascent_perturbation(g_a, params, hp["rho"], hp["adaptive"])
    saved = [p.detach().clone() for p in params]
    with torch.no_grad():
        for p, e_i in zip(params, e):
            p.add_(e_i)
    perturbed_logits = model(x)
    g_d = grads_of(cross_entropy(perturbed_logits, targets), params)
    with torch.no_grad():
        for p, s in zip(params, saved):
            p.copy_(s)
    row = {
        "loss": loss.item(),
        "perturbedLoss": cross_entropy(perturbed_logits, targets).item(),
        "ascentGradNorm": global_norm(g_a).item(),
        "perturbationNorm": global_norm(e).item(),
    }
    if method != "sam":
        row["q"] = ascent.item()
    return g_d, row


def load_model(case):
    """The case's layers holding the case's weights (tfjs layouts converted), with the converters."""
    model, converters = build_model(case["layers"], case["input"]["shape"])
    params = list(model.parameters())
    if len(params) != len(case["params"]):
        raise Unsupported(f"the layers have {len(params)} weight tensors, the case {len(case['params'])}")
    with torch.no_grad():
        for p, given, (to_torch, _) in zip(params, case["params"], converters):
            p.copy_(to_torch(float32_rounded(given["values"], given["shape"])))
    return model, converters


def run_case(case):
    method = case["optimizer"]["name"]
    if method not in METHODS:
        raise Unsupported(f"optimizer {method} (only {', '.join(METHODS)})")
    hp = {**DEFAULTS, **{FORMER_NAMES.get(key, key): value for key, value in case["optimizer"].items()}}
    if hp["sgdProbeEvery"] or case.get("mask"):
        raise Unsupported("sgdProbeEvery and mask")
    model, converters = load_model(case)
    params = list(model.parameters())

    x = float32_rounded(case["input"]["values"], case["input"]["shape"])
    if x.dim() == 4:
        x = x.permute(0, 3, 1, 2)  # NHWC → NCHW
    labels = torch.tensor(case["labels"])
    targets = smoothed_targets(labels, case["numClasses"], hp["labelSmoothing"])
    optimizer = torch.optim.SGD(
        params, lr=hp["lr"], momentum=hp["momentum"], weight_decay=hp["weightDecay"], nesterov=hp["nesterov"]
    )
    steps, n = case.get("steps", 1), x.shape[0]
    # m-sharpness: groups of m consecutive examples, each with its own e; size-weighted mean of their g_d.
    m = hp["m"] if 0 < hp["m"] < n else n
    groups = [(start, min(start + m, n)) for start in range(0, n, m)]
    rows = []
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate_at(hp["lr"], hp.get("schedule"), step, steps)
        if method == "sgd":
            loss = cross_entropy(model(x), targets)
            direction = grads_of(loss, params)
            row = {"loss": loss.item()}
        else:
            direction = [torch.zeros_like(p) for p in params]
            row = {}
            for a, b in groups:
                weight = (b - a) / n
                g_d, group_row = two_pass_group(model, params, x[a:b], labels[a:b], targets[a:b], method, hp)
                direction = [d + weight * g for d, g in zip(direction, g_d)]
                for key, value in group_row.items():
                    row[key] = row.get(key, 0.0) + weight * value
        for p, d in zip(params, direction):
            p.grad = d.clone()
        optimizer.step()  # d = g + λw; buf = β buf + d; nesterov; w -= η d
        rows.append(row)
    out = [
        {"shape": list(given["shape"]), "values": to_tfjs(p.detach()).reshape(-1).tolist()}
        for p, given, (_, to_tfjs) in zip(params, case["params"], converters)
    ]
    return {"params": out, "steps": rows}


def case_main(run, name, argv):
    """The reference scripts' one command line: a case file (or - for stdin) in, the result JSON out;
    exit code 2 for bad arguments or a case the reference does not cover."""
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    if len(argv) != 1:
        print(f"usage: {name}.py CASE.json|-", file=sys.stderr)
        return 2
    text = sys.stdin.read() if argv[0] == "-" else open(argv[0], encoding="utf8").read()
    try:
        result = run(json.loads(text))
    except Unsupported as error:
        print(f"{name}: not covered: {error}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(case_main(run_case, "torch_parity", sys.argv[1:]))
