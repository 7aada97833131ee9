"""PyTorch reference for parity cases: SGD, SAM (and ASAM), BiSAM-tanh and BiSAM-log, written from
/work/shared/docs/ALGORITHMS.md independently of the TensorFlow.js engine, so `npm run parity:torch`
can cross-check the engine's numbers.

    /usr/bin/python3 tools/bench/torch_parity.py CASE.json      (or - for stdin)

Reads the parity case format of `npm run parity` (README.md, "Headless CLI"; schema in
tools/cli/parityCase.ts) and prints the same result JSON: {"params": [{"shape", "values"}...] in tfjs
layouts, "steps": [{"loss", "perturbedLoss", "ascentGradNorm", "perturbationNorm", "q"}...]}.
Everything runs in float64; only the case's inputs and initial weights are first rounded to float32,
because that is what the engine starts from. The model is a standard nn.Sequential in PyTorch's NCHW
layouts (conv2d, maxPool2d, activation, globalAvgPool, flatten, dense); weights are converted from
and back to tfjs layouts at the edges. The base step is torch.optim.SGD itself.
Exit codes: 0 done, 2 a case this reference does not cover (message on stderr).
"""
import json
import math
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

# The app's defaults for the knobs read here; the CLI passes fully parsed cases, so these only
# matter when the script is run by hand.
DEFAULTS = {
    "lr": 0.05, "momentum": 0.9, "weightDecay": 5e-4, "nesterov": False, "labelSmoothing": 0.0,
    "rho": 0.05, "adaptive": False, "bisamMu": 1.0, "bisamAlpha": 0.1, "m": 0, "sgdProbeEvery": 0,
}
# A hand-written case may use the knobs' former names, which the engine still reads.
FORMER_NAMES = {"mu": "bisamMu", "alpha": "bisamAlpha", "sharpnessProbeEvery": "sgdProbeEvery"}
SCHEDULE_DEFAULTS = {"kind": "constant", "floor": 0.0, "every": 1000, "factor": 0.1, "warmupSteps": 0}
EPS = 1e-12
GAMMA = math.log(math.e - 1)  # φ_log(0) = 1 - log(1 + e^γ) = 0
METHODS = ("sgd", "sam", "bisam-tanh", "bisam-log")


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------- model and weight layouts

class TfSamePad(nn.Module):
    """TensorFlow's 'same' padding: the odd row/column goes to the bottom/right, not split evenly."""

    def __init__(self, size, kernel, stride):
        super().__init__()
        h, w = size
        self.pads = []
        for n in (w, h):  # F.pad wants (left, right, top, bottom)
            total = max((math.ceil(n / stride) - 1) * stride + kernel - n, 0)
            self.pads += [total // 2, total - total // 2]

    def forward(self, x):
        return F.pad(x, self.pads)


ACTIVATIONS = {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def build_model(layers, input_shape):
    """nn.Sequential for the layer specs, plus one converter pair (tfjs→torch, torch→tfjs) per weight."""
    modules, converters = [], []
    shape = tuple(input_shape[1:])  # (D,) or, in NHWC, (H, W, C) → kept as (C, H, W) below
    if len(shape) == 3:
        shape = (shape[2], shape[0], shape[1])
    flattened_chw = None  # (C, H, W) of the last flatten: the next dense kernel's rows are in (h, w, c) order
    for spec in layers:
        kind = spec["type"]
        if kind == "conv2d":
            c, h, w = shape
            k, s = spec["kernelSize"], spec.get("strides", 1)
            if spec.get("padding", "same") == "same":
                modules.append(TfSamePad((h, w), k, s))
                h, w = math.ceil(h / s), math.ceil(w / s)
            else:
                h, w = (h - k) // s + 1, (w - k) // s + 1
            modules += [nn.Conv2d(c, spec["filters"], k, stride=s), ACTIVATIONS[spec.get("activation", "relu")]()]
            converters += [conv_kernel_layout(), identity_layout()]
            shape = (spec["filters"], h, w)
        elif kind == "maxPool2d":
            p = spec["poolSize"]  # tfjs: strides = poolSize, 'valid'
            modules.append(nn.MaxPool2d(p))
            shape = (shape[0], shape[1] // p, shape[2] // p)
        elif kind == "activation":
            modules.append(ACTIVATIONS[spec["activation"]]())
        elif kind == "globalAvgPool":
            modules.append(GlobalAvgPool())
            shape = (shape[0],)
        elif kind == "flatten":
            if len(shape) == 3:
                flattened_chw = shape
                modules.append(nn.Flatten())
            shape = (math.prod(shape),)
        elif kind == "dense":
            if len(shape) != 1:
                raise Unsupported("dense on a 4-D tensor (add a flatten)")
            modules += [nn.Linear(shape[0], spec["units"]), ACTIVATIONS[spec.get("activation", "linear")]()]
            converters += [dense_kernel_layout(flattened_chw), identity_layout()]
            flattened_chw = None
            shape = (spec["units"],)
        else:
            raise Unsupported(f"layer type {kind} (batchNorm, residual and dropout are not covered)")
    return nn.Sequential(*modules), converters


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def identity_layout():
    return (lambda t: t), (lambda t: t)


def conv_kernel_layout():
    # tfjs [kh, kw, in, out] ↔ torch [out, in, kh, kw]
    return (lambda t: t.permute(3, 2, 0, 1)), (lambda t: t.permute(2, 3, 1, 0))


def dense_kernel_layout(chw):
    """tfjs [in, out] ↔ torch [out, in]; after a conv stack, tfjs rows run (h, w, c), torch's (c, h, w)."""
    if chw is None:
        return (lambda t: t.T), (lambda t: t.T)
    c, h, w = chw

    def to_torch(t):
        return t.reshape(h, w, c, -1).permute(2, 0, 1, 3).reshape(c * h * w, -1).T

    def to_tfjs(t):
        return t.T.reshape(c, h, w, -1).permute(1, 2, 0, 3).reshape(c * h * w, -1)

    return to_torch, to_tfjs


def float32_rounded(values, shape):
    """What the engine starts from: the JSON numbers rounded to float32, then exact in float64."""
    return torch.tensor(values, dtype=torch.float32).reshape(shape).to(torch.float64)


# ---------------------------------------------------------------- losses (ALGORITHMS.md, "Shared pieces", "BiSAM")

def smoothed_targets(labels, num_classes, s):
    """1 - s on the true class, s/(K-1) on each other: the reference code's smoothing, not F.cross_entropy's s/K."""
    one_hot = F.one_hot(labels, num_classes).to(torch.float64)
    return one_hot * (1 - s) + (1 - one_hot) * (s / (num_classes - 1))


def cross_entropy(logits, targets):
    """L = (1/n) Σ_i Σ_j -t_ij log softmax(z_i)_j (the CE form, not the reference's KL form)."""
    return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1).mean()


def phi_tanh(alpha):
    return lambda m: torch.tanh(alpha * m)


def phi_log(m):
    return 1 - F.softplus(GAMMA - m)


def bisam_q(logits, labels, phi, mu):
    """Q = (1/n) Σ_i (1/μ) log Σ_j exp(μ φ(z_ij - z_iy)); the j = y term is φ(0) = 0, kept in the sum."""
    margins = logits - logits.gather(1, labels[:, None])
    return (torch.logsumexp(mu * phi(margins), dim=1) / mu).mean()


# ---------------------------------------------------------------- one step of each method

def learning_rate_at(base, schedule, step, total):
    """The engine's schedule (src/engine/optim/schedule.ts): warm-up, then constant, cosine or step decay."""
    sch = {**SCHEDULE_DEFAULTS, **(schedule or {})}
    warm = sch["warmupSteps"]
    if step < warm:
        return base * (step + 1) / warm
    progress = min(1.0, (step - warm) / max(1, total - warm))
    if sch["kind"] == "constant":
        return base
    if sch["kind"] == "cosine":
        floor = base * sch["floor"]
        return floor + (base - floor) * (1 + math.cos(math.pi * progress)) / 2
    return base * sch["factor"] ** ((step - warm) // sch["every"])


def grads_of(value, params):
    return torch.autograd.grad(value, params)


def global_norm(tensors):
    return torch.sqrt(sum((t * t).sum() for t in tensors))


def perturbation(grads, params, rho, adaptive):
    """SAM: e = ρ g/(‖g‖+eps); ASAM: e = ρ T²g/(‖Tg‖+eps), T = |w| (davda54/sam's first_step)."""
    if not adaptive:
        scale = rho / (global_norm(grads) + EPS)
        return [g * scale for g in grads]
    scaled = [g * p.abs() for g, p in zip(grads, params)]
    scale = rho / (global_norm(scaled) + EPS)
    return [tg * p.abs() * scale for tg, p in zip(scaled, params)]


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
    e = perturbation(g_a, params, hp["rho"], hp["adaptive"])
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
