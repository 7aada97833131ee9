#!/usr/bin/env python3
# __PLAYGROUND_HEADER__
"""One SAM Playground experiment as a plain PyTorch program: the app's dataset reader, model, seeds,
batch order and all its methods, written from ALGORITHMS.md; edit it freely.

    python3 experiment.py --help
    python3 experiment.py --steps 200 --data-dir public/data --out bundle.json
    torchrun --nproc_per_node=4 experiment.py --device cuda --perturb local

Data-parallel runs (torchrun) use DistributedDataParallel: the global batch is split over the ranks.
For the two-pass methods, --perturb local lets each rank perturb with its own gradient (the SAM
reference code's multi-GPU recipe: no_sync on the ascent pass), --perturb global all-reduces the
ascent gradient first (the same numbers as a single process). Rank 0 writes the bundle, which the
playground imports ("Import bundle…") next to its live runs.

Same as the app: with --seeds S every run trains S replicas, replica k with seed + k for its initial
weights, batch order, augmentation, subset and label noise (the bundle keeps each seed, so the page
draws bands); the toy points come from the experiment seed alone. Readers for the shipped IDX
sets, the 2-D toys (drawn from the seed), CIFAR-10 binary batches, own IDX files and a CSV; subset,
label noise and crop/flip augmentation use the app's seeded draws, so on one process the batches, and
in float64 the first steps, equal the app's (checked for every one of these). Not equal to the app:
dropout (PyTorch's random numbers); several ranks with --perturb local, SSAM-F's Fisher mask and ESAM's
selection (each rank's share), BatchNorm statistics (per rank); a CSV number must be decimal text
(JavaScript also reads hex). The robust evaluation (FGSM, PGD, noise) and the probes (λ_max, Hessian
trace, common-ρ sharpness, 1-D line, 2-D surface) measure every seed, as in the app (probes on the app's
schedule and at the end); the line runs from the initial weights, or, when the link names a run
(probeLineFrom), from that run's replica of the same seed to each other run's. Every evaluation also
records, under label noise, the accuracy of the noisy-labelled training examples against their true and
noisy labels, and for 2-D data the decision boundary on the app's grid.
"""
import argparse
import base64
import copy
import gzip
import json
import math
import os
import re
import struct
import sys
import time
import traceback
from contextlib import contextmanager, nullcontext

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F



def embedded(text):
    """The JSON the playground wrote here; None in the bare template, which tools/bench/torch_*.py import."""
    return None if text.startswith("__") else json.loads(text)


EXPERIMENT = embedded(r"""__PLAYGROUND_EXPERIMENT__""")
# Initial weights exported from the app (tfjs layouts, float32 little-endian, base64) for the seed
# EXPERIMENT["weightsSeed"], or None: the app's own seeded initialisation, which this script reproduces
# for every seed (and uses for the seeds the weights are not of).
WEIGHTS = embedded(r"""__PLAYGROUND_WEIGHTS__""")

EPS = 1e-12
M32 = 0xFFFFFFFF


# ---------------------------------------------------------------- the app's seeded randomness (src/engine/random.ts)

def imul(a, b):
    return (a * b) & M32


def mulberry32(seed):
    """The app's createRng: floats in [0, 1), bit for bit."""
    state = seed & M32

    def next_value():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & M32)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return next_value


def derive_seed(seed, *labels):
    h = (seed ^ 0x9E3779B9) & M32
    for label in labels:
        h = imul(h ^ (label & M32), 0x85EBCA6B)
        h ^= h >> 13
        h = imul(h, 0xC2B2AE35)
        h ^= h >> 16
    return h


def seeded_permutation(n, seed):
    rng, order = mulberry32(seed), list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(rng() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def alea_uniform(count, seed):
    """tf.randomUniform([count], 0, 1, 'float32', seed): seedrandom's Alea seeded with str(seed) (SSAM-D)."""
    n = 0xEFC8249D

    def mash(data):
        nonlocal n
        for ch in data:
            n += ord(ch)
            h = 0.02519603282416938 * n
            n = int(h) & M32
            h -= n
            h *= n
            n = int(h) & M32
            h -= n
            n += h * 0x100000000
        return (int(n) & M32) * 2.3283064365386963e-10

    s = [mash(" "), mash(" "), mash(" ")]
    for i in range(3):
        s[i] -= mash(str(seed))
        if s[i] < 0:
            s[i] += 1
    c, out = 1, []
    for _ in range(count):
        t = 2091639 * s[0] + c * 2.3283064365386963e-10
        c = int(t)
        s = [s[1], s[2], t - c]
        out.append(s[2])
    return torch.tensor(out, dtype=torch.float32)


# ---------------------------------------------------------------- data (src/engine/data): readers, toys, regime, batches

def fail(where, problem):
    raise SystemExit(f"{where}: {problem}")


def bytes_tensor(data):
    return torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.zeros(0, dtype=torch.uint8)


def read_idx(path):
    """An IDX file of unsigned bytes, gzip-framed or not (idx.ts)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4:
        fail(path, "too short for an IDX header")
    zero, kind, dims = struct.unpack(">HBB", data[:4])
    if zero != 0 or kind != 0x08:
        fail(path, "not an IDX file of unsigned bytes")
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    body = bytes_tensor(data[4 + 4 * dims:])
    if body.numel() != math.prod(shape):
        fail(path, f"{body.numel()} bytes for shape {list(shape)}")
    return body.reshape(shape)


def value_statistics(values):
    """statistics.ts: mean and std over all values (bytes as value/255); std 1 for constant data."""
    if values.numel() == 0:
        return 0.0, 1.0
    v = values.double() * (1 / 255) if values.dtype == torch.uint8 else values.double()
    mean = v.sum().item() / v.numel()
    variance = max(0.0, (v * v).sum().item() / v.numel() - mean * mean)
    return mean, (math.sqrt(variance) if variance > 1e-12 else 1.0)


class Dataset:
    """Train and test splits as N×H×W×C bytes (images) or float32 (features), normalised per batch."""

    def __init__(self, train_x, train_y, test_x, test_y, num_classes, mean=None, std=None):
        self.train_x, self.train_y, self.test_x, self.test_y = train_x, train_y.long(), test_x, test_y.long()
        self.true_train_y = self.train_y
        self.num_classes = num_classes
        self.image_shape = tuple(train_x.shape[1:])
        if mean is None:
            mean, std = value_statistics(train_x)
        self.mean, self.std = mean, std

    def normalised(self, images, dtype):
        """gatherBatch: value·(1/(255·std)) − mean/std in double (bytes; 1/std for features), stored as float32, NHWC → NCHW."""
        scale = 1 / ((255 if images.dtype == torch.uint8 else 1) * self.std)
        x = images.double() * scale - self.mean / self.std
        return x.float().to(dtype).permute(0, 3, 1, 2).contiguous()


def shipped_dataset(spec, data_dir):
    files = spec["files"]
    h, w, c = spec["imageShape"]
    for name in files.values():
        if not os.path.isfile(os.path.join(data_dir, name)):
            fail(f"--data-dir {data_dir}", f"no {name} (the app's public/data holds the IDX files)")
    read = lambda name: read_idx(os.path.join(data_dir, files[name]))
    return Dataset(read("trainImages").reshape(-1, h, w, c), read("trainLabels"), read("testImages").reshape(-1, h, w, c),
                   read("testLabels"), spec["numClasses"], spec["mean"], spec["std"])


IDX_ROLES = {"trainImages": r"train[-_.]images", "trainLabels": r"train[-_.]labels",
             "testImages": r"(t10k|test)[-_.]images", "testLabels": r"(t10k|test)[-_.]labels"}


def idx_dataset(data_dir):
    """idxFiles.ts: four IDX files named train-images…, train-labels…, t10k-images…, t10k-labels…; classes 0 … max label."""
    found = {}
    for name in sorted(os.listdir(data_dir)):
        role = next((r for r, pattern in IDX_ROLES.items() if re.search(pattern, name.lower())), None)
        if role:
            found[role] = read_idx(os.path.join(data_dir, name))
    missing = [role for role in IDX_ROLES if role not in found]
    if missing:
        fail(f"--data-dir {data_dir}", f"IDX: missing {', '.join(missing)} (four files: train and t10k images and labels)")
    num_classes = int(found["trainLabels"].max()) + 1
    if num_classes < 2:
        fail(f"--data-dir {data_dir}", "every training label is 0; a classification needs two classes")
    if int(found["testLabels"].max()) >= num_classes:
        fail(f"--data-dir {data_dir}", f"a test label is ≥ the {num_classes} classes of the training labels")
    return Dataset(found["trainImages"][..., None], found["trainLabels"], found["testImages"][..., None], found["testLabels"], num_classes)


def cifar10_dataset(data_dir):
    """cifar10.ts: every data_batch_N.bin trains (N order), test_batch.bin tests; records are 1 label + 3,072 channel-major pixels."""
    if not os.path.isdir(data_dir):
        fail("--data-dir", f"{data_dir} is not a folder of CIFAR-10 binary batches")
    train_names = sorted(n for n in os.listdir(data_dir) if re.fullmatch(r"data_batch_[1-9]\.bin", n))
    if not train_names:
        fail(f"--data-dir {data_dir}", "CIFAR-10: no data_batch_N.bin")
    if not os.path.isfile(os.path.join(data_dir, "test_batch.bin")):
        fail(f"--data-dir {data_dir}", "CIFAR-10: test_batch.bin is missing")

    def batch(name):
        with open(os.path.join(data_dir, name), "rb") as f:
            data = f.read()
        if not data or len(data) % 3073:
            fail(name, f"{len(data)} bytes is not a whole number of 3073-byte records (1 label + 3,072 pixels)")
        records = bytes_tensor(data).reshape(-1, 3073)
        if int(records[:, 0].max()) > 9:
            fail(name, "a record has a label above 9; CIFAR-10 labels are 0–9")
        return records[:, 1:].reshape(-1, 3, 32, 32).permute(0, 2, 3, 1).contiguous(), records[:, 0]

    train = [batch(n) for n in train_names]
    test_x, test_y = batch("test_batch.bin")
    return Dataset(torch.cat([x for x, _ in train]), torch.cat([y for _, y in train]), test_x, test_y, 10)


DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
LABEL_HEADERS = ["label", "class", "target"]


def number_or_none(text):
    return float(text) if DECIMAL.fullmatch(text) else None


def csv_dataset(path):
    """csv.ts: numeric features and a class column (label/class/target, else the last); every 5th row tests;
    a square number (≥ 64) of features is a grayscale image. Numbers are decimal text (JavaScript's Number() also reads hex)."""
    if not os.path.isfile(path):
        fail("--data-dir", f"{path} is not a CSV file")
    with open(path, encoding="utf8") as f:
        lines = re.split(r"\r?\n", f.read())
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        fail(path, "file is empty")
    sep = "\t" if "\t" in lines[0] else ","
    first = [field.strip() for field in lines[0].split(sep)]
    header = any(field == "" or number_or_none(field) is None or not math.isfinite(number_or_none(field)) for field in first)
    names = first if header else [f"column {i + 1}" for i in range(len(first))]
    lower = [n.lower() for n in names]
    label_column = next((lower.index(h) for h in LABEL_HEADERS if h in lower), len(names) - 1)
    if len(names) < 2:
        fail(path, f"rows need at least one feature and a label, found {len(names)} column")
    rows, labels = [], []
    for number, line in enumerate(lines[1 if header else 0:], start=2 if header else 1):
        fields = [field.strip() for field in line.split(sep)]
        if len(fields) != len(names):
            fail(path, f"row {number} has {len(fields)} fields, expected {len(names)}")
        values = []
        for column, text in enumerate(fields):
            value = number_or_none(text)
            if column == label_column:
                if value is None or not value.is_integer() or not 0 <= value < 256:
                    fail(path, f'row {number}: label "{text}" is not a class number 0–255')
                labels.append(int(value))
            elif value is None or not math.isfinite(value):
                fail(path, f'row {number}, column {column + 1} ({names[column]}): "{text}" is not a number')
            else:
                values.append(value)
        rows.append(values)
    if not rows:
        fail(path, "holds a header but no data rows")
    num_classes = max(labels) + 1
    if num_classes < 2:
        fail(path, "every label is 0; a classification needs at least two classes")
    features, labels = torch.tensor(rows, dtype=torch.float32), torch.tensor(labels)
    test = torch.tensor([(row + 1) % 5 == 0 for row in range(len(rows))])
    if not test.any():
        fail(path, f"{len(rows)} rows leave none for testing (every 5th row tests)")
    f_count = features.shape[1]
    side = round(math.sqrt(f_count))
    shape = (side, side, 1) if side * side == f_count and f_count >= 64 else (1, 1, f_count)
    return Dataset(features[~test].reshape(-1, *shape), labels[~test], features[test].reshape(-1, *shape), labels[test], num_classes)


def uniform_noise(rng, half):
    return (2 * rng() - 1) * half


def gaussian(rng):
    """Box–Muller, as toys.ts draws it."""
    return math.sqrt(-2 * math.log(1 - rng())) * math.cos(2 * math.pi * rng())


def spiral_point(label, i, per_class, noise, rng):
    r = 5 * i / per_class
    t = 1.75 * 2 * math.pi * i / per_class + label * math.pi
    return r * math.sin(t) + uniform_noise(rng, noise), r * math.cos(t) + uniform_noise(rng, noise)


def moons_point(label, i, per_class, noise, rng):
    t = math.pi * rng()
    x, y = (math.cos(t), math.sin(t)) if label == 0 else (1 - math.cos(t), 0.5 - math.sin(t))
    return 3 * (x - 0.5) + 1.5 * noise * gaussian(rng), 3 * (y - 0.25) + 1.5 * noise * gaussian(rng)


def circles_point(label, i, per_class, noise, rng):
    r = 2.5 * rng() if label == 1 else 3.5 + 1.5 * rng()
    angle = 2 * math.pi * rng()
    return r * math.sin(angle) + uniform_noise(rng, 5 * noise), r * math.cos(angle) + uniform_noise(rng, 5 * noise)


def xor_point(label, i, per_class, noise, rng):
    x = (0.3 + 4.7 * rng()) * (-1 if rng() < 0.5 else 1)
    y = (0.3 + 4.7 * rng()) * math.copysign(1, x) * (1 if label == 1 else -1)
    return x + uniform_noise(rng, 5 * noise), y + uniform_noise(rng, 5 * noise)


def blobs_point(label, i, per_class, noise, rng):
    angle = 2 * math.pi * label / 3 + math.pi / 2
    spread = 0.5 + 2 * noise
    return 3 * math.cos(angle) + spread * gaussian(rng), 3 * math.sin(angle) + spread * gaussian(rng)


TOYS = {"spiral": (spiral_point, 2), "moons": (moons_point, 2), "circles": (circles_point, 2), "xor": (xor_point, 2),
        "blobs": (blobs_point, 3)}


def generate_toy(name, count, noise, seed):
    """toys.ts generateToy: point n has class n mod K, drawn from one mulberry32 stream; float32 N×2."""
    point, k = TOYS[name]
    per_class, rng = math.ceil(count / k), mulberry32(seed)
    points = [point(n % k, n // k, per_class, noise, rng) for n in range(count)]
    return torch.tensor(points, dtype=torch.float32).reshape(count, 1, 1, 2), torch.tensor([n % k for n in range(count)])


def toy_dataset(toy, seed):
    train_x, train_y = generate_toy(toy["name"], toy["trainCount"], toy["noise"], derive_seed(seed, 0))
    test_x, test_y = generate_toy(toy["name"], toy["testCount"], toy["noise"], derive_seed(seed, 1))
    return Dataset(train_x, train_y, test_x, test_y, TOYS[toy["name"]][1])


def balanced_subset(labels, num_classes, size, seed):
    """subset.ts: classes take turns in a seeded order, each giving its next example of its own seeded order."""
    by_class = [[] for _ in range(num_classes)]
    for example in seeded_permutation(len(labels), derive_seed(seed, 0)):
        by_class[labels[example]].append(example)
    chosen, turn = [], 0
    class_order = seeded_permutation(num_classes, derive_seed(seed, 1))
    while len(chosen) < size:
        for k in class_order:
            if turn < len(by_class[k]) and len(chosen) < size:
                chosen.append(by_class[k][turn])
        turn += 1
    return sorted(chosen)


def noisy_labels(labels, num_classes, noise, seed):
    """labelNoise.ts: two draws per example; with probability rate a wrong class (uniform other, or c+1 for pair)."""
    rng, out = mulberry32(seed), list(labels)
    for i, label in enumerate(labels):
        flip_draw, class_draw = rng(), rng()
        if flip_draw < noise["rate"]:
            offset = 1 if noise["kind"] == "pair" else 1 + math.floor(class_draw * (num_classes - 1))
            out[i] = (label + offset) % num_classes
    return out


def load_data(data_dir, seed):
    """The experiment's data before its regime (experimentData.ts); toy points are drawn from the experiment seed."""
    source, streams = EXPERIMENT["data"], EXPERIMENT["data"]["streams"]
    kind = source["kind"]
    if kind == "toy":
        data = toy_dataset(source["toy"], derive_seed(seed, streams["toys"]))
    elif kind == "shipped":
        data = shipped_dataset(source["spec"], data_dir)
    elif kind == "cifar10":
        data = cifar10_dataset(data_dir)
    elif kind == "idx":
        data = idx_dataset(data_dir)
    else:
        data = csv_dataset(os.path.join(data_dir, source["label"]) if os.path.isdir(data_dir) else data_dir)
    return data


def with_regime(data, seed):
    """seedStream.ts: a replica's training data, its subset and noisy labels drawn from its own seed."""
    streams, regime = EXPERIMENT["data"]["streams"], EXPERIMENT["config"]
    data = copy.copy(data)
    if regime.get("subset") and regime["subset"] < data.train_y.numel():
        keep = torch.tensor(balanced_subset(data.train_y.tolist(), data.num_classes, regime["subset"], derive_seed(seed, streams["subset"])))
        data.train_x, data.train_y = data.train_x[keep], data.train_y[keep]
        data.true_train_y = data.train_y
    noise = regime.get("labelNoise")
    if noise and noise["rate"] > 0:
        labels = noisy_labels(data.train_y.tolist(), data.num_classes, noise, derive_seed(seed, streams["labelNoise"]))
        data.train_y = torch.tensor(labels)
    return data


def augmentation_draws(augment, batch_size, height, seed, step):
    """augment.ts: per example three draws from (seed, step): row offset, column offset, flip; offsets in [0, 2·padding]."""
    padding = 4 if height >= 32 else max(1, height // 14)
    rng = mulberry32(derive_seed(seed, EXPERIMENT["data"]["streams"]["augment"], step))
    rows, columns, flips = [padding] * batch_size, [padding] * batch_size, [False] * batch_size
    for i in range(batch_size):
        row, column, flip = rng(), rng(), rng()
        if augment["crop"]:
            rows[i], columns[i] = math.floor(row * (2 * padding + 1)), math.floor(column * (2 * padding + 1))
        if augment["flip"]:
            flips[i] = flip < 0.5
    return padding, torch.tensor(rows), torch.tensor(columns), torch.tensor(flips)


def augmented(x, draws, black):
    """Crop with zero (black: −mean/std after normalisation) padding, then flip; x is N×C×H×W. Pure selection, so exact."""
    padding, rows, columns, flips = draws
    n, c, h, w = x.shape
    padded = F.pad(x, (padding, padding, padding, padding), value=black)
    j = torch.arange(w)
    row_index = (torch.arange(h)[None, :] + rows[:, None]).to(x.device)
    column_index = (torch.where(flips[:, None], w - 1 - j[None, :], j[None, :]) + columns[:, None]).to(x.device)
    examples = torch.arange(n, device=x.device)[:, None, None, None]
    channels = torch.arange(c, device=x.device)[None, :, None, None]
    return padded[examples, channels, row_index[:, None, :, None], column_index[:, None, None, :]]


class SeededBatcher:
    """Batch t of every run: epoch e = t // steps_per_epoch is a fresh seeded permutation; the last partial batch is dropped."""

    def __init__(self, count, batch_size, seed):
        if batch_size > count:
            raise SystemExit(f"batch size {batch_size} exceeds the {count} training examples")
        self.count, self.batch_size, self.seed = count, batch_size, seed
        self.steps_per_epoch = count // batch_size
        self.epoch, self.order = -1, []

    def indices_at(self, step):
        epoch = step // self.steps_per_epoch
        if epoch != self.epoch:
            self.order, self.epoch = seeded_permutation(self.count, derive_seed(self.seed, epoch)), epoch
        start = (step % self.steps_per_epoch) * self.batch_size
        return self.order[start:start + self.batch_size]


# ---------------------------------------------------------------- the model (src/engine/model), tfjs layouts at the edges

class TfSamePad(nn.Module):
    """TensorFlow's 'same' padding: the odd row/column goes to the bottom/right."""

    def __init__(self, kernel, stride):
        super().__init__()
        self.kernel, self.stride = kernel, stride

    def forward(self, x):
        pads = []
        for n in (x.shape[3], x.shape[2]):
            total = max((math.ceil(n / self.stride) - 1) * self.stride + self.kernel - n, 0)
            pads += [total // 2, total - total // 2]
        return F.pad(x, pads)


ACTIVATIONS = {"linear": nn.Identity, "relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def conv(c_in, spec_filters, kernel, stride, padding="same", bias=True):
    layers = [TfSamePad(kernel, stride)] if padding == "same" else []
    return nn.Sequential(*layers, nn.Conv2d(c_in, spec_filters, kernel, stride=stride, bias=bias))


def batch_norm(channels):
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)


class NhwcFlatten(nn.Module):
    """tfjs flattens (h, w, c): so do we, and dense kernels keep their tfjs row order."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1).flatten(1) if x.dim() == 4 else x


class Residual(nn.Module):
    """conv3×3(stride)-BN-relu-conv3×3-BN + shortcut (identity or 1×1 conv + BN), then relu; convs without bias."""

    def __init__(self, c_in, filters, stride):
        super().__init__()
        self.conv1, self.bn1 = conv(c_in, filters, 3, stride, bias=False), batch_norm(filters)
        self.conv2, self.bn2 = conv(filters, filters, 3, 1, bias=False), batch_norm(filters)
        self.shortcut = None
        if stride != 1 or c_in != filters:
            self.shortcut = nn.Sequential(conv(c_in, filters, 1, stride, bias=False), batch_norm(filters))

    def forward(self, x):
        main = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(main + (self.shortcut(x) if self.shortcut is not None else x))


def build_model(layers, image_shape):
    h, w, c = image_shape
    modules, features = [], None
    for spec in layers:
        kind = spec["type"]
        if kind == "conv2d":
            k, s = spec["kernelSize"], spec.get("strides", 1)
            modules += [conv(c, spec["filters"], k, s, spec.get("padding", "same")), ACTIVATIONS[spec.get("activation", "relu")]()]
            h, w = (math.ceil(h / s), math.ceil(w / s)) if spec.get("padding", "same") == "same" else ((h - k) // s + 1, (w - k) // s + 1)
            c = spec["filters"]
        elif kind == "residual":
            modules.append(Residual(c, spec["filters"], spec.get("strides", 1)))
            h, w, c = math.ceil(h / spec.get("strides", 1)), math.ceil(w / spec.get("strides", 1)), spec["filters"]
        elif kind == "maxPool2d":
            modules.append(nn.MaxPool2d(spec["poolSize"]))
            h, w = h // spec["poolSize"], w // spec["poolSize"]
        elif kind == "batchNorm":
            modules.append(batch_norm(c))
        elif kind == "activation":
            modules.append(ACTIVATIONS[spec["activation"]]())
        elif kind == "globalAvgPool":
            modules.append(GlobalAvgPool())
            features = c
        elif kind == "dropout":
            modules.append(nn.Dropout(spec["rate"]))
        elif kind == "flatten":
            modules.append(NhwcFlatten())
            features = features or h * w * c
        elif kind == "dense":
            if features is None:
                raise SystemExit("layers: dense on a 4-D tensor needs a flatten or globalAvgPool before it")
            modules += [nn.Linear(features, spec["units"]), ACTIVATIONS[spec.get("activation", "linear")]()]
            features = spec["units"]
        else:
            raise SystemExit(f"layers: unknown layer type {kind!r}")
    return nn.Sequential(*modules)


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean(dim=(2, 3))


def to_torch_layout(values, param):
    """tfjs → torch: conv kernels [kh, kw, in, out] → [out, in, kh, kw], dense kernels [in, out] → [out, in]."""
    if param.dim() == 4:
        kh, kw, c_in, c_out = param.shape[2], param.shape[3], param.shape[1], param.shape[0]
        return values.reshape(kh, kw, c_in, c_out).permute(3, 2, 0, 1)
    if param.dim() == 2:
        return values.reshape(param.shape[1], param.shape[0]).T
    return values.reshape(param.shape)


def to_tfjs_layout(param):
    if param.dim() == 4:
        return param.permute(2, 3, 1, 0)
    return param.T if param.dim() == 2 else param


def initial_weights(model, seed):
    """The app's initialWeights: U(±1/√fan_in) from one mulberry32 stream in tfjs layout order, BN γ=1, β=0."""
    rng, fan_in, out = mulberry32(seed), 1, []
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            out += [torch.ones(module.weight.shape), torch.zeros(module.bias.shape)]
        elif isinstance(module, (nn.Conv2d, nn.Linear)):
            fan_in = math.prod(to_tfjs_layout(module.weight).shape[:-1])
            tensors = [module.weight] + ([module.bias] if module.bias is not None else [])
            for p in tensors:
                bound = 1 / math.sqrt(fan_in)
                values = torch.tensor([-bound + 2 * bound * rng() for _ in range(p.numel())], dtype=torch.float32)
                out.append(to_torch_layout(values, p))
    return out


def exported_weights(model):
    params = list(model.parameters())
    if len(WEIGHTS) != len(params):
        raise SystemExit(f"weights: {len(WEIGHTS)} tensors for a model with {len(params)}")
    out = []
    for i, (given, p) in enumerate(zip(WEIGHTS, params)):
        values = torch.frombuffer(bytearray(base64.b64decode(given["float32"])), dtype=torch.float32)
        if values.numel() != p.numel():
            raise SystemExit(f"weights[{i}]: {values.numel()} values for a tensor of {p.numel()}")
        out.append(to_torch_layout(values.clone(), p))
    return out


# ---------------------------------------------------------------- losses (ALGORITHMS.md, "Shared pieces", "BiSAM")

def smoothed_targets(labels, num_classes, s, dtype):
    """1 − s on the true class, s/(K−1) on each other (the reference code's smoothing, not F.cross_entropy's)."""
    one_hot = F.one_hot(labels, num_classes).to(dtype)
    return one_hot if s == 0 else one_hot * (1 - s - s / (num_classes - 1)) + s / (num_classes - 1)


def per_example_ce(logits, targets):
    return -(targets * F.log_softmax(logits, dim=1)).sum(dim=1)


def cross_entropy(logits, targets):
    return per_example_ce(logits, targets).mean()


GAMMA = math.log(math.e - 1)
PHI = {
    "bisam-tanh": lambda hp: (lambda m: torch.tanh(hp["bisamAlpha"] * m)),
    "bisam-log": lambda hp: (lambda m: 1 - F.softplus(GAMMA - m)),
}


def bisam_q(logits, labels, phi, mu):
    """Q = (1/n) Σ_i (1/μ) log Σ_j exp(μ φ(z_ij − z_iy)), the j = y term exactly φ(0) = 0."""
    true_class = F.one_hot(labels, logits.shape[1]).to(logits.dtype)
    margins = logits - (logits * true_class).sum(dim=1, keepdim=True)
    return (torch.logsumexp(mu * phi(margins) * (1 - true_class), dim=1)).mean() / mu


# ---------------------------------------------------------------- schedules (src/methods/common/schedule.ts)

def learning_rate_at(base, sch, step, total):
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


def learning_rate_range(base, sch, total):
    if sch["kind"] == "constant":
        return base, base
    if sch["kind"] == "cosine":
        return base, base * sch["floor"]
    return base, learning_rate_at(base, sch, max(0, total - 1), total)


def proportional_to_lr(low, high, lr, lr_range):
    """GSAM's ProportionScheduler: low at η_min, high at η_max (high when the rate never changes)."""
    top, bottom = lr_range
    if not top > bottom:
        return high
    return low + (high - low) * min(1.0, max(0.0, (lr - bottom) / (top - bottom)))


# ---------------------------------------------------------------- passes (forward-backward, DDP-aware)

def global_norm(tensors):
    return torch.sqrt(sum((t * t).sum() for t in tensors))


def global_dot(a, b):
    return sum((x * y).sum() for x, y in zip(a, b))


def global_cosine(a, b):
    return global_dot(a, b) / (global_norm(a) * global_norm(b) + EPS)


class Batch:
    """One step's batch (this rank's share) and the passes on it. `sync` all-reduces the gradient over
    the ranks (DDP's backward); without it the backward runs under no_sync and stays local."""

    def __init__(self, net, x, labels, targets, distributed):
        self.net, self.x, self.labels, self.targets, self.distributed = net, x, labels, targets, distributed
        self.params = [p for p in net.parameters()]
        module = net.module if distributed else net
        self.buffers = [b for b in module.buffers() if b.dtype.is_floating_point]

    def part(self, start, end):
        return Batch(self.net, self.x[start:end], self.labels[start:end], self.targets[start:end], self.distributed)

    def grad(self, objective=None, sync=True, x=None, targets=None):
        """Training-mode forward, objective(logits) (default: the smoothed CE), backward: logits, value, grads."""
        x = self.x if x is None else x
        targets = self.targets if targets is None else targets
        for p in self.params:
            p.grad = None
        context = self.net.no_sync() if self.distributed and not sync else nullcontext()
        with context:
            logits = self.net(x)
            value = objective(logits) if objective else cross_entropy(logits, targets)
            value.backward()
        return logits.detach(), value.detach(), [p.grad.detach().clone() for p in self.params]

    def at(self, shift, measure):
        """measure() at w + shift, then w and the BatchNorm statistics restored from copies, never by subtracting."""
        saved = [p.detach().clone() for p in self.params]
        stats = [b.clone() for b in self.buffers]
        with torch.no_grad():
            for p, e in zip(self.params, shift):
                p.add_(e)
        try:
            return measure()
        finally:
            with torch.no_grad():
                for p, s in zip(self.params, saved):
                    p.copy_(s)
                for b, s in zip(self.buffers, stats):
                    b.copy_(s)

    def forward(self):
        with torch.no_grad():
            return self.net(self.x)


def ascent_perturbation(grads, params, rho, adaptive, eps=EPS):
    """SAM: e = ρ g/(‖g‖+eps); ASAM: e = ρ T²g/(‖Tg‖+eps), T = |w|."""
    if not adaptive:
        scale = rho / (global_norm(grads) + eps)
        return [g * scale for g in grads]
    scaled = [g * p.detach().abs() for g, p in zip(grads, params)]
    scale = rho / (global_norm(scaled) + eps)
    return [tg * p.detach().abs() * scale for tg, p in zip(scaled, params)]


def correct(logits, labels):
    return (logits.argmax(dim=1) == labels).to(logits.dtype)


def step_metrics(batch, clean_logits, loss, perturbed_logits=None, g_a=None, e=None, g_d=None):
    """ALGORITHMS.md, "Per-step metrics": loss, accuracy, and what the perturbation did to the batch."""
    row = {"loss": loss, "accuracy": correct(clean_logits, batch.labels).mean()}
    if perturbed_logits is None:
        return row
    perturbed_loss = cross_entropy(perturbed_logits, batch.targets)
    ok, ok_after = correct(clean_logits, batch.labels), correct(perturbed_logits, batch.labels)
    row.update(perturbedLoss=perturbed_loss, sharpness=perturbed_loss - loss, errorRateChange=(ok - ok_after).mean(),
               flipRate=(ok * (1 - ok_after)).mean(), ascentGradNorm=global_norm(g_a), perturbationNorm=global_norm(e))
    if g_d is not None:
        row["gradCosine"] = global_cosine(g_a, g_d)
    return row


# ---------------------------------------------------------------- the methods (ALGORITHMS.md; src/methods/*/step.ts)

class PlaygroundOptimizer(torch.optim.Optimizer):
    """torch.optim.SGD's update (d = g + λw; buf = β buf + d; nesterov; w −= η d) under every method;
    step(batch, lr, step, total) runs the method's passes and returns the step's metrics."""

    def __init__(self, params, hp, seed, perturb):
        super().__init__(params, dict(hp))
        self.hp, self.seed, self.sync_ascent = hp, seed, perturb == "global"
        self.params = self.param_groups[0]["params"]

    def direction(self, i, g, update):
        hp, p = self.hp, self.params[i]
        d = g + hp["weightDecay"] * p.detach() if hp["weightDecay"] else g
        if hp["momentum"] == 0:
            return d
        state = self.state[p]
        buf = state.get("momentum_buffer", torch.zeros_like(p)) * hp["momentum"] + d
        if update:
            state["momentum_buffer"] = buf
        return d + hp["momentum"] * buf if hp["nesterov"] else buf

    @torch.no_grad()
    def base_step(self, grads, lr):
        for i, (p, g) in enumerate(zip(self.params, grads)):
            p.sub_(self.direction(i, g, True) * lr)


class SGD(PlaygroundOptimizer):
    """One pass; with sgdProbeEvery = k, every k-th step also measures SAM's perturbation (forward only)."""

    def step(self, batch, lr, step, total):
        logits, loss, g = batch.grad()
        every = self.hp["sgdProbeEvery"]
        if every > 0 and step % every == 0:
            e = ascent_perturbation(g, self.params, self.hp["rho"], self.hp["adaptive"])
            row = step_metrics(batch, logits, loss, batch.at(e, batch.forward), g, e)
        else:
            row = step_metrics(batch, logits, loss)
        self.base_step(g, lr)
        return row


class SAM(PlaygroundOptimizer):
    """g_a = ∇A(w) (A = CE), e = ρ g_a/(‖g_a‖+eps) (or ASAM), g_d = ∇L(w+e), base step with g_d; m-sharpness
    runs this per group of m examples. Subclasses change the adversary, ρ, e or the descent direction."""
    report_q = False

    def ascent_objective(self, batch):
        return None

    def rho_at(self, lr, total):
        return self.hp["rho"]

    def perturbation(self, g_a, rho):
        return ascent_perturbation(g_a, self.params, rho, self.hp["adaptive"])

    def descent(self, g_a, g_d):
        return g_d

    def before(self, batch, step, total):
        return {}

    def after(self, batch, g_a, step, total):
        return {}

    def group(self, batch, rho):
        logits, value, g_a = batch.grad(self.ascent_objective(batch), sync=self.sync_ascent)
        e = self.perturbation(g_a, rho)
        p_logits, _, g_d = batch.at(e, lambda: batch.grad())
        loss = cross_entropy(logits, batch.targets) if self.report_q else value
        return dict(direction=self.descent(g_a, g_d), g_a=g_a, logits=logits, p_logits=p_logits, loss=loss, q=value,
                    ascentGradNorm=global_norm(g_a), perturbationNorm=global_norm(e), gradCosine=global_cosine(g_a, g_d))

    def step(self, batch, lr, step, total):
        extra = self.before(batch, step, total)
        rho = self.rho_at(lr, total)
        n, m = batch.x.shape[0], self.hp["m"]
        bounds = [(a, min(a + m, n)) for a in range(0, n, m)] if 0 < m < n else [(0, n)]
        stats = [b.clone() for b in batch.buffers]
        results, weights, after_groups = [], [(b - a) / n for a, b in bounds], []
        for a, b in bounds:
            if len(bounds) > 1:  # each group's clean pass starts from the step's BN statistics (GroupedBatchNorm)
                with torch.no_grad():
                    for buf, s in zip(batch.buffers, stats):
                        buf.copy_(s)
            results.append(self.group(batch.part(a, b) if len(bounds) > 1 else batch, rho))
            after_groups.append([buf.clone() for buf in batch.buffers])
        if len(bounds) > 1:
            with torch.no_grad():
                for i, buf in enumerate(batch.buffers):
                    buf.copy_(sum(w * state[i] for w, state in zip(weights, after_groups)))
        mix = lambda key: sum(w * r[key] for w, r in zip(weights, results))
        self.base_step([sum(w * r["direction"][i] for w, r in zip(weights, results)) for i in range(len(self.params))], lr)
        logits = torch.cat([r["logits"] for r in results])
        p_logits = torch.cat([r["p_logits"] for r in results])
        row = step_metrics(batch, logits, mix("loss"), p_logits, [torch.zeros(1)], [torch.zeros(1)])
        row.update(ascentGradNorm=mix("ascentGradNorm"), perturbationNorm=mix("perturbationNorm"), gradCosine=mix("gradCosine"))
        row.update(extra)
        if self.report_q:
            row["bisamQ"] = mix("q")
        if type(self).rho_at is not SAM.rho_at:
            row["rho"] = rho
        g_a = [sum(w * r["g_a"][i] for w, r in zip(weights, results)) for i in range(len(self.params))]
        row.update(self.after(batch, g_a, step, total))
        return row


class BiSAM(SAM):
    """SAM whose adversary maximises Q, a lower bound of the 0-1 loss, on the same first-pass logits."""
    report_q = True

    def __init__(self, params, hp, seed, perturb, name):
        super().__init__(params, hp, seed, perturb)
        self.phi = PHI[name](hp)

    def ascent_objective(self, batch):
        return lambda logits: bisam_q(logits, batch.labels, self.phi, self.hp["bisamMu"])


class GSAM(SAM):
    """ρ_t follows the learning rate; descend along g_p − α g_⊥ (g_⊥: the clean gradient's part orthogonal to g_p)."""

    def rho_at(self, lr, total):
        sch = self.hp["schedule"]
        return proportional_to_lr(self.hp["gsamRhoMin"], self.hp["rho"], lr, learning_rate_range(self.hp["lr"], sch, total))

    def descent(self, g, g_p):
        g_norm, p_norm = global_norm(g), global_norm(g_p)
        along = global_dot(g, g_p) / (g_norm * p_norm + EPS) * g_norm / (p_norm + EPS)
        return [gp - self.hp["gsamAlpha"] * (gi - gp * along) for gi, gp in zip(g, g_p)]


def top_k_mask(scores, k):
    mask = torch.zeros_like(scores)
    if k >= scores.numel():
        return torch.ones_like(scores)
    if k > 0:
        mask[torch.topk(scores, k).indices] = 1
    return mask


class SSAM(SAM):
    """SAM with e = mask ⊙ ρ g/(‖g‖ + 1e-7); SSAM-F: Fisher mask every k steps; SSAM-D: random mask, drop and regrow."""

    def __init__(self, params, hp, seed, perturb, name):
        super().__init__(params, hp, seed, perturb)
        self.fisher = name == "ssam-f"
        self.mask = torch.ones(sum(p.numel() for p in self.params), dtype=self.params[0].dtype, device=self.params[0].device)

    def flat(self, tensors):
        """All tensors as one vector in the app's order (tfjs layouts), so seeded scores land on the same weights."""
        return torch.cat([to_tfjs_layout(t).reshape(-1) for t in tensors])

    def perturbation(self, g_a, rho):
        e = ascent_perturbation(g_a, self.params, rho, self.hp["adaptive"], 1e-7)
        chunks = self.mask.split([p.numel() for p in self.params])
        return [t * to_torch_layout(m, p) for t, m, p in zip(e, chunks, self.params)]

    def before(self, batch, step, total):
        hp = self.hp
        if self.fisher and step % hp["ssamMaskUpdateEvery"] == 0:
            fisher = torch.zeros_like(self.mask)
            stats = [b.clone() for b in batch.buffers]
            k = batch.targets.shape[1]
            for i in range(min(hp["ssamFisherSamples"], batch.x.shape[0])):
                one = F.one_hot(batch.labels[i:i + 1], k).to(batch.x.dtype)
                _, _, g = batch.grad(sync=False, x=batch.x[i:i + 1], targets=one)
                fisher += self.flat(g) ** 2
            with torch.no_grad():
                for b, s in zip(batch.buffers, stats):
                    b.copy_(s)
            self.mask = top_k_mask(fisher, math.floor(fisher.numel() * (1 - hp["ssamSparsity"])))
        if not self.fisher and step == 0:
            n = self.mask.numel()
            scores = alea_uniform(n, derive_seed(self.seed, 0x55A0)).to(self.mask)
            self.mask = top_k_mask(scores, n - math.ceil(n * hp["ssamSparsity"]))
        return {}

    def after(self, batch, g_a, step, total):
        hp = self.hp
        update = step % hp["ssamMaskUpdateEvery"] == 0
        if update and not self.fisher:
            n, s = self.mask.numel(), hp["ssamSparsity"]
            random = alea_uniform(n, derive_seed(self.seed, 0x55A1, step)).to(self.mask)
            rate = hp["ssamDropRate"] * (1 + math.cos(math.pi * min(1, step / total))) / 2 if total > 0 else hp["ssamDropRate"]
            live = n - n * s
            abs_grad = self.flat(g_a).abs()
            kept = top_k_mask((abs_grad + 1e-7) * self.mask, math.floor(live * (1 - rate)))
            regrown = top_k_mask((random + 1e-7) * (1 - self.mask), math.floor(min(live * rate, n * s)))
            self.mask = torch.clamp(kept + regrown, max=1)
        return {"maskSparsity": 1 - self.mask.sum() / self.mask.numel(), "ssamMaskUpdated": float(update)}


class SAMPa(PlaygroundOptimizer):
    """x̃ = x + ρ ∇f(y_t)/‖∇f(y_t)‖; y_{t+1} = x − η d(∇f(y_t)); base step with (1−λ)∇f(x̃) + λ∇f(y_{t+1})."""

    def step(self, batch, lr, step, total):
        hp = self.hp
        look = self.state.setdefault("look_ahead", [torch.zeros_like(p) for p in self.params])
        clean_logits = batch.net(batch.x).detach()
        loss = cross_entropy(clean_logits, batch.targets)
        e = ascent_perturbation(look, self.params, hp["rho"], hp["adaptive"])
        look_step = [-lr * self.direction(i, g, False) for i, g in enumerate(look)]
        p_logits, _, g_p = batch.at(e, lambda: batch.grad())
        _, _, g_y = batch.at(look_step, lambda: batch.grad())
        row = step_metrics(batch, clean_logits, loss, p_logits, look, e, g_p)
        lam = hp["sampaLambda"]
        self.base_step([(1 - lam) * a + lam * b for a, b in zip(g_p, g_y)], lr)
        self.state["look_ahead"] = g_y
        return row


class BSAM(PlaygroundOptimizer):
    """g, g_max = ∇L(w + ρ_max ĝ), g_min = ∇L(w − ρ_min,t ĝ); descend along g_max + g − (‖g_max‖/‖g_min‖) g_min."""

    def step(self, batch, lr, step, total):
        hp = self.hp
        logits, loss, g = batch.grad(sync=self.sync_ascent)
        rho_min = proportional_to_lr(0, hp["bsamRhoMin"], lr, learning_rate_range(hp["lr"], hp["schedule"], total))
        high = ascent_perturbation(g, self.params, hp["rho"], hp["adaptive"])
        low = ascent_perturbation(g, self.params, rho_min, hp["adaptive"])
        h_logits, _, g_max = batch.at(high, lambda: batch.grad())
        _, _, g_min = batch.at([-t for t in low], lambda: batch.grad())
        ratio = global_norm(g_max) / (global_norm(g_min) + EPS)
        row = step_metrics(batch, logits, loss, h_logits, g, high, g_max)
        self.base_step([a + b - ratio * c for a, b, c in zip(g_max, g, g_min)], lr)
        row["bsamRhoMin"] = rho_min
        return row


class ESAM(PlaygroundOptimizer):
    """SWP: each tensor perturbed with probability β, e = ρ g/(β(‖g‖+1e-7)); SDS: descend on the ⌊γn⌋ sharpest examples."""

    def step(self, batch, lr, step, total):
        hp = self.hp
        rng = mulberry32(derive_seed(self.seed, 0xE5A0, step))
        kept = [rng() < hp["esamBeta"] for _ in self.params]
        logits, loss, g = batch.grad(sync=self.sync_ascent)
        g = [t if k else torch.zeros_like(t) for t, k in zip(g, kept)]
        e = ascent_perturbation(g, self.params, hp["rho"] / hp["esamBeta"], hp["adaptive"], 1e-7)
        e = [t if k else torch.zeros_like(t) for t, k in zip(e, kept)]

        def sharpest():
            p_logits = batch.forward()
            rise = per_example_ce(p_logits, batch.targets) - per_example_ce(logits, batch.targets)
            n = rise.numel()
            chosen = torch.topk(rise, min(n, max(1, math.floor(hp["esamGamma"] * n)))).indices
            return p_logits, batch.grad(x=batch.x[chosen], targets=batch.targets[chosen])[2]

        p_logits, g_d = batch.at(e, sharpest)
        row = step_metrics(batch, logits, loss, p_logits, g, e, g_d)
        self.base_step(g_d, lr)
        dropped = sum(p.numel() for p, k in zip(self.params, kept) if not k)
        row["maskSparsity"] = dropped / sum(p.numel() for p in self.params)
        return row


METHODS = {
    "sgd": SGD, "sam": SAM, "gsam": GSAM, "sampa": SAMPa, "bsam": BSAM, "esam": ESAM,
    "bisam-tanh": lambda *a: BiSAM(*a, "bisam-tanh"), "bisam-log": lambda *a: BiSAM(*a, "bisam-log"),
    "ssam-f": lambda *a: SSAM(*a, "ssam-f"), "ssam-d": lambda *a: SSAM(*a, "ssam-d"),
}


# ---------------------------------------------------------------- evaluation (src/engine/session/evaluation.ts)

@torch.no_grad()
def evaluate(model, data, examples, dtype, device):
    """Inference mode on the first `examples` test images: loss (plain CE), accuracy, per class, confusion."""
    model.eval()
    k, n = data.num_classes, min(examples, data.test_y.numel())
    confusion, loss_sum = torch.zeros(k, k, dtype=torch.long), 0.0
    for start in range(0, n, 500):
        end = min(n, start + 500)
        x = data.normalised(data.test_x[start:end], dtype).to(device)
        y = data.test_y[start:end].to(device)
        logits = model(x)
        loss_sum += per_example_ce(logits, F.one_hot(y, k).to(dtype)).sum().item()
        confusion += torch.bincount(y.cpu() * k + logits.argmax(1).cpu(), minlength=k * k).reshape(k, k)
    model.train()
    per_class = [(confusion[c, c] / max(1, confusion[c].sum().item())).item() for c in range(k)]
    return {"testLoss": loss_sum / n, "testAccuracy": confusion.diag().sum().item() / n,
            "perClassAccuracy": per_class, "confusion": confusion.tolist()}


@torch.no_grad()
def memorisation(model, data, examples, dtype, device):
    """dataRegimeEvaluation.ts, under label noise: inference mode on the first `examples` noisy-labelled training
    examples, accuracy against their true labels and against their noisy ones (rising = memorising the noise)."""
    flipped = (data.train_y != data.true_train_y).nonzero().flatten()[:examples]
    if flipped.numel() == 0:
        return {}
    model.eval()
    predicted = torch.cat([model(data.normalised(data.train_x[flipped[a:a + 500]], dtype).to(device)).argmax(1).cpu()
                           for a in range(0, flipped.numel(), 500)])
    model.train()
    n = flipped.numel()
    return {"noisyTrueAccuracy": (predicted == data.true_train_y[flipped]).sum().item() / n,
            "noisyLabelAccuracy": (predicted == data.train_y[flipped]).sum().item() / n}


@torch.no_grad()
def decision_boundary(model, data, dtype, device):
    """dataRegimeEvaluation.ts, for 2-D data: the predicted class at each cell centre of an n×n grid over
    [−extent, extent]², row-major from the top row (y = +extent) down, normalised as training batches are."""
    if data.image_shape != (1, 1, 2):
        return {}
    n, extent = EXPERIMENT["decisionBoundary"]["resolution"], EXPERIMENT["decisionBoundary"]["extent"]
    centres = [(-extent + (column + 0.5) * 2 * extent / n, extent - (row + 0.5) * 2 * extent / n) for row in range(n) for column in range(n)]
    grid = torch.tensor([[(v - data.mean) / data.std for v in c] for c in centres], dtype=torch.float64).float()
    model.eval()
    classes = model(grid.to(dtype).reshape(n * n, 2, 1, 1).to(device)).argmax(1).cpu()
    model.train()
    return {"boundary": classes.tolist()}


# ---------------------------------------------------------------- robust accuracy (src/engine/evaluation, ALGORITHMS.md "Robustness")

def per_example_draws(seed, purpose, count, pixels, fill):
    """attackNoise.ts: example i's draws come from its own stream (seed, purpose, i), whatever the chunking."""
    return torch.tensor([fill(mulberry32(derive_seed(seed, purpose, i)), pixels) for i in range(count)], dtype=torch.float32)


def pgd_start_directions(seed, count, pixels):
    """U(−1, 1) per pixel: PGD starts at clip(x + ε·u, 0, 1)."""
    return per_example_draws(seed, 1, count, pixels, lambda rng, n: [2 * rng() - 1 for _ in range(n)])


def gaussian_noise(seed, count, pixels):
    """N(0, 1) per pixel by Box–Muller, both outputs used."""
    def fill(rng, n):
        out = []
        while len(out) < n:
            radius = math.sqrt(-2 * math.log(1 - rng()))
            angle = 2 * math.pi * rng()
            out += [radius * math.cos(angle), radius * math.sin(angle)]
        return out[:n]

    return per_example_draws(seed, 2, count, pixels, fill)


def gradient_sign(classify, x, labels):
    """sign(∇ₓ Σᵢ CE(f(xᵢ), yᵢ)): the sum gives each example its own gradient."""
    x = x.detach().requires_grad_(True)
    loss = F.cross_entropy(classify(x), labels, reduction="sum")
    (gradient,) = torch.autograd.grad(loss, x)
    return gradient.sign()


def fgsm(classify, x, labels, epsilon):
    return (x + epsilon * gradient_sign(classify, x, labels)).clamp(0, 1)


def pgd(classify, x, labels, epsilon, steps, directions):
    """x₀ = clip(x + ε·u, 0, 1); x_{i+1} = clip(Π_ε(x_i + α·sign ∇ₓ CE), 0, 1), α = 2.5ε/k."""
    alpha = 2.5 * epsilon / steps
    current = (x + epsilon * directions).clamp(0, 1)
    for _ in range(steps):
        ascended = current + alpha * gradient_sign(classify, current, labels)
        current = torch.min(torch.max(ascended, x - epsilon), x + epsilon).clamp(0, 1)
    return current


class RobustEvaluation:
    """Clean, FGSM, PGD-k and Gaussian-noise accuracy of a model in inference mode on the first E_r test
    images, pixels in [0, 1] before normalisation; the same seeded PGD starts and noise for every run and seed."""

    def __init__(self, settings, data, seed, dtype, device):
        self.settings, self.data = settings, data
        self.n = min(settings["examples"], data.test_y.numel())
        h, w, c = data.image_shape
        nchw = lambda t: t.reshape(self.n, h, w, c).permute(0, 3, 1, 2).to(device=device, dtype=dtype)
        self.x = nchw((data.test_x[:self.n].double() / 255).float())
        self.labels = data.test_y[:self.n].to(device)
        attacks = settings["attacks"]
        self.starts = nchw(pgd_start_directions(seed, self.n, h * w * c)) if "pgd" in attacks else None
        self.normals = nchw(gaussian_noise(seed, self.n, h * w * c)) if "noise" in attacks else None

    def __call__(self, run_id, replica, step, model):
        s, began = self.settings, time.perf_counter()
        model.eval()
        classify = lambda x01: model((x01 - self.data.mean) / self.data.std)
        counts = {"clean": 0, "fgsm": [0] * len(s["eps"]), "pgd": [0] * len(s["eps"]), "noise": [0] * len(s["sigmas"])}
        right = lambda x, y: int((classify(x).argmax(dim=1) == y).sum())
        for a in range(0, self.n, 500):
            x, y, b = self.x[a:a + 500], self.labels[a:a + 500], a + 500
            with torch.no_grad():
                counts["clean"] += right(x, y)
                for j, sigma in enumerate(s["sigmas"] if "noise" in s["attacks"] else []):
                    counts["noise"][j] += right((x + sigma * self.normals[a:b]).clamp(0, 1), y)
            for j, eps in enumerate(e / 255 for e in s["eps"]):
                if "fgsm" in s["attacks"]:
                    counts["fgsm"][j] += right(fgsm(classify, x, y, eps).detach(), y)
                if "pgd" in s["attacks"]:
                    counts["pgd"][j] += right(pgd(classify, x, y, eps, s["pgdSteps"], self.starts[a:b]).detach(), y)
        model.train()
        share = lambda key: [c / self.n for c in counts[key]] if key in s["attacks"] else []
        passes = ("fgsm" in s["attacks"]) + ("pgd" in s["attacks"]) * s["pgdSteps"] * len(s["eps"])
        record = {"runId": run_id, "replica": replica, "step": step, "examples": self.n, "clean": counts["clean"] / self.n, "eps": s["eps"],
                  "sigmas": s["sigmas"], "pgdSteps": s["pgdSteps"], "fgsm": share("fgsm"), "pgd": share("pgd"),
                  "noise": share("noise"), "gradientEvaluations": passes, "ms": (time.perf_counter() - began) * 1000}
        return {"kind": "robust", "runId": run_id, "step": step, "record": record}


# ---------------------------------------------------------------- probes (src/engine/probes, ALGORITHMS.md "Probes")
# Every run and replica sees the same probe batch, start vector, Rademacher vectors and surface directions,
# drawn from the experiment seed as the app draws them. A probe never moves the run (weights, BatchNorm
# statistics restored from copies); forwards are training-mode (batch statistics) without dropout.

PROBE_BATCH_LABEL, PROBE_CHUNK = 0x70726F62, 128
PROBE_SEEDS = {"powerStart": 0x7001, "trace": 0x7002, "surfaceX": 0x7003, "surfaceY": 0x7004}


def mulberry32_tensor(seed, count):
    """The first `count` values of mulberry32(seed) at once, in float64. Value i depends only on the state
    seed + (i+1)·0x6D2B79F5, so the stream vectorises (a million draws in a blink instead of seconds)."""

    def imul32(a, b):  # (a·b) mod 2^32 without overflowing int64: b in 16-bit halves
        return (a * (b & 0xFFFF) + (((a * (b >> 16)) & 0xFFFF) << 16)) & M32

    t = (seed + torch.arange(1, count + 1, dtype=torch.int64) * 0x6D2B79F5) & M32
    t = imul32(t ^ (t >> 15), t | 1)
    t = (t ^ ((t + imul32(t ^ (t >> 7), t | 61)) & M32)) & M32
    return ((t ^ (t >> 14)) & M32).double() / 4294967296


def seeded_vectors(params, kind, seed):
    """randomVectors.ts: one stream over all tensors in the model's order, drawn in tfjs layouts and stored in float32
    as the app does, then laid out for torch. "gaussian": Box–Muller, radius then angle, both outputs used (a tensor
    of odd size drops its last one); "rademacher": ±1, one draw each."""
    sizes = [p.numel() for p in params]
    draws = [n + n % 2 if kind == "gaussian" else n for n in sizes]
    stream, start, out = mulberry32_tensor(seed, sum(draws)), 0, []
    for p, n, m in zip(params, sizes, draws):
        u = stream[start:start + m]
        start += m
        if kind == "gaussian":
            radius, angle = torch.sqrt(-2 * torch.log(1 - u[0::2])), 2 * math.pi * u[1::2]
            values = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1).reshape(-1)[:n]
        else:
            values = torch.where(u < 0.5, -1.0, 1.0)
        out.append(to_torch_layout(values.float(), p).to(p))
    return out


class ProbeBatch:
    """probeBatch.ts: P examples of a replica's training data (after its regime: subset, noisy labels) chosen by the
    experiment seed, in chunks of 128."""

    def __init__(self, data, size, seed, dtype, device):
        size = min(size, data.train_y.numel())
        chosen = seeded_permutation(data.train_y.numel(), derive_seed(seed, PROBE_BATCH_LABEL))[:size]
        self.chunks = [(data.normalised(data.train_x[chosen[a:a + PROBE_CHUNK]], dtype).to(device),
                        data.train_y[chosen[a:a + PROBE_CHUNK]].to(device)) for a in range(0, size, PROBE_CHUNK)]
        self.size, self.num_classes = size, data.num_classes

    def targets(self, labels, smoothing, dtype):
        return smoothed_targets(labels, self.num_classes, smoothing, dtype)


@contextmanager
def probing(model):
    """with probing(model) as params: training-mode forwards without dropout (the app's probe model has none);
    weights and buffers restored from copies afterwards, so a probe never moves the run."""
    params = list(model.parameters())
    saved, buffers = [p.detach().clone() for p in params], [b.clone() for b in model.buffers()]
    model.train()
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.eval()
    try:
        yield params
    finally:
        set_weights(params, saved)
        with torch.no_grad():
            for b, s in zip(model.buffers(), buffers):
                b.copy_(s)
        model.train()


def set_weights(params, values):
    with torch.no_grad():
        for p, v in zip(params, values):
            p.copy_(v)


def hessian_vector_product(model, params, batch, smoothing, v):
    """Hv of the mean training loss over the probe batch by double backprop, chunk by chunk (evaluator.ts)."""
    out = [torch.zeros_like(p) for p in params]
    for x, y in batch.chunks:
        grads = torch.autograd.grad(cross_entropy(model(x), batch.targets(y, smoothing, x.dtype)), params, create_graph=True)
        hv = torch.autograd.grad(sum((g * t).sum() for g, t in zip(grads, v)), params)
        out = [o + h.detach() * (y.numel() / batch.size) for o, h in zip(out, hv)]
    return out


def loss_and_accuracy(model, batch, smoothing):
    """Mean training loss and accuracy over the probe batch at the model's current weights (one forward per chunk)."""
    loss, right = 0.0, 0.0
    with torch.no_grad():
        for x, y in batch.chunks:
            logits = model(x)
            loss += cross_entropy(logits, batch.targets(y, smoothing, x.dtype)).item() * y.numel()
            right += correct(logits, y).sum().item()
    return loss / batch.size, right / batch.size


def lambda_max(model, params, batch, settings, seed, smoothing):
    """hessian.ts powerIteration: v ← Hv/‖Hv‖, λ = vᵀHv, k times from the app's seeded Gaussian start; λ after each."""
    k = settings["iterations"]
    start = seeded_vectors(params, "gaussian", derive_seed(seed, PROBE_SEEDS["powerStart"]))
    v = [t / (global_norm(start) + EPS) for t in start]
    per_iteration = []
    for _ in range(k):
        hv = hessian_vector_product(model, params, batch, smoothing, v)
        per_iteration.append(global_dot(v, hv).item())
        v = [t / (global_norm(hv) + EPS) for t in hv]
    return {"lambdaMax": per_iteration[-1], "perIteration": per_iteration, "hvp": "double-backprop"}, (2 * k, 0)


def hessian_trace(model, params, batch, settings, seed, smoothing):
    """hessian.ts hutchinsonTrace: tr H ≈ mean of zᵀHz over n Rademacher z (sample i from deriveSeed(trace seed, i)),
    formed as d·uᵀHu with u = z/√d as the app does; with the standard error of the mean (sample std / √n)."""
    n, d = settings["traceSamples"], sum(p.numel() for p in params)
    trace_seed = derive_seed(seed, PROBE_SEEDS["trace"])
    samples = []
    for i in range(n):
        u = [z / math.sqrt(d) for z in seeded_vectors(params, "rademacher", derive_seed(trace_seed, i))]
        samples.append(global_dot(u, hessian_vector_product(model, params, batch, smoothing, u)).item() * d)
    mean = sum(samples) / n
    result = {"mean": mean, "samples": samples, "hvp": "double-backprop"}
    if n > 1:
        result["standardError"] = math.sqrt(sum((s - mean) ** 2 for s in samples) / (n - 1) / n)
    return result, (2 * n, 0)


def common_rho(model, params, batch, settings, smoothing):
    """commonRho.ts: per chunk of 128 and adversary A ∈ {CE, Q_tanh, Q_log}, e_A = ρ_p·∇A/‖∇A‖ on that chunk (like a
    training step), then ΔL = L(w+e_A) − L(w), Δerr and flips (right at w, wrong at w+e_A); means over the probe
    batch, flips a count."""
    mu, alpha, rho = settings["mu"], settings["alpha"], settings["rho"]
    adversaries = {"ce": lambda z, y, t: cross_entropy(z, t),
                   "qTanh": lambda z, y, t: bisam_q(z, y, lambda m: torch.tanh(alpha * m), mu),
                   "qLog": lambda z, y, t: bisam_q(z, y, lambda m: 1 - F.softplus(GAMMA - m), mu)}
    totals = {name: [0.0, 0.0, 0.0] for name in adversaries}
    weights = [p.detach().clone() for p in params]
    for x, y in batch.chunks:
        targets = batch.targets(y, smoothing, x.dtype)
        for name, objective in adversaries.items():
            logits = model(x)
            e = ascent_perturbation(torch.autograd.grad(objective(logits, y, targets), params), params, rho, False)
            set_weights(params, [w + d for w, d in zip(weights, e)])
            with torch.no_grad():
                after = model(x)
            set_weights(params, weights)
            logits = logits.detach()
            ok, ok_after = correct(logits, y), correct(after, y)
            sums = [(cross_entropy(after, targets) - cross_entropy(logits, targets)).item() * y.numel(),
                    (ok - ok_after).sum().item(), (ok * (1 - ok_after)).sum().item()]
            totals[name] = [t + s for t, s in zip(totals[name], sums)]
    result = {name: {"lossIncrease": loss / batch.size, "errorIncrease": error / batch.size, "flips": round(flips)}
              for name, (loss, error, flips) in totals.items()}
    return result, (len(adversaries), len(adversaries))


def evenly_spaced(low, high, count):
    return [low + (high - low) * i / (count - 1) for i in range(count)]


def line(model, params, batch, settings, start, smoothing):
    """landscape.ts lineLandscape: loss and accuracy at w(t) = (1−t)·w_a + t·w_b, t ∈ [−0.5, 1.5]; w_b the run's weights,
    w_a the start: ("init", this replica's initial weights) or (run id, that run's replica of the same seed now)."""
    origin, w_from = start
    t = evenly_spaced(-0.5, 1.5, settings["linePoints"])
    w_to = [p.detach().clone() for p in params]
    loss, accuracy = [], []
    for ti in t:
        set_weights(params, [a * (1 - ti) + b * ti for a, b in zip(w_from, w_to)])
        point = loss_and_accuracy(model, batch, smoothing)
        loss.append(point[0])
        accuracy.append(point[1])
    return {"t": t, "loss": loss, "accuracy": accuracy, "from": origin}, (0, len(t))


def filter_normalised(direction, params):
    """directions.ts (Li et al. 2018): each filter (conv output channel, dense output unit: torch's axis 0) of the
    direction rescaled to the norm of the same filter of the weights; biases and BatchNorm parameters get 0."""
    out = []
    for d, p in zip(direction, params):
        if p.dim() < 2:
            out.append(torch.zeros_like(d))
            continue
        axes = tuple(range(1, d.dim()))
        norm = lambda t: t.pow(2).sum(dim=axes, keepdim=True).sqrt()
        out.append(d * (norm(p.detach()) / (norm(d) + EPS)))
    return out


def surface(model, params, batch, settings, seed, smoothing):
    """landscape.ts surfaceLandscape: loss and accuracy on the grid w + a·d1 + b·d2, a, b ∈ [−1, 1], with the app's
    seeded Gaussian directions, filter-normalised to these weights."""
    d1, d2 = (filter_normalised(seeded_vectors(params, "gaussian", derive_seed(seed, PROBE_SEEDS[axis])), params)
              for axis in ("surfaceX", "surfaceY"))
    coordinates = evenly_spaced(-1, 1, settings["gridSize"])
    center = [p.detach().clone() for p in params]
    loss, accuracy = [], []
    for a in coordinates:
        loss.append([])
        accuracy.append([])
        for b in coordinates:
            set_weights(params, [w + x * a + y * b for w, x, y in zip(center, d1, d2)])
            point = loss_and_accuracy(model, batch, smoothing)
            loss[-1].append(point[0])
            accuracy[-1].append(point[1])
    return {"coordinates": coordinates, "loss": loss, "accuracy": accuracy}, (0, len(coordinates) ** 2)


class Probes:
    """The configured probes of one replica of a run, as the app's probe records (one event per probe)."""

    def __init__(self, settings, data, seed, dtype, device):
        self.settings, self.seed = settings, seed
        self.batch = ProbeBatch(data, settings["size"], seed, dtype, device)

    def __call__(self, run, replica, step, model, line_start):
        events = []
        smoothing = run["hparams"]["labelSmoothing"]
        for kind in self.settings["kinds"]:
            began = time.perf_counter()
            with probing(model) as params:
                if kind == "hessian":
                    result, (grads, forwards) = lambda_max(model, params, self.batch, self.settings, self.seed, smoothing)
                elif kind == "trace":
                    result, (grads, forwards) = hessian_trace(model, params, self.batch, self.settings, self.seed, smoothing)
                elif kind == "common":
                    result, (grads, forwards) = common_rho(model, params, self.batch, self.settings, smoothing)
                elif kind == "line":
                    result, (grads, forwards) = line(model, params, self.batch, self.settings, line_start, smoothing)
                else:
                    result, (grads, forwards) = surface(model, params, self.batch, self.settings, self.seed, smoothing)
            spend = {"gradientEvaluations": grads, "forwardEvaluations": forwards, "ms": (time.perf_counter() - began) * 1000}
            # The settings it was measured with (probeSettingsUsed), P as actually used, as the app's records.
            settings = {key: self.batch.size if key == "size" else self.settings[key]
                        for key in EXPERIMENT["probeSettingsUsed"][kind]}
            record = {"kind": kind, "runId": run["id"], "replica": replica, "step": step, "result": result,
                      "spend": spend, "settings": settings}
            events.append({"kind": "probe", "runId": run["id"], "step": step, "record": record})
        return events


# ---------------------------------------------------------------- the bundle (src/config/bundle.ts)

def finite(value):
    return value if value is not None and math.isfinite(value) else None


def series(rec):
    names = sorted({key for row in rec["rows"] for key in row})
    return {"steps": rec["steps"], "wallMs": rec["wallMs"], "metrics": {k: [finite(row.get(k)) for row in rec["rows"]] for k in names},
            "evaluations": rec["evaluations"]}


def mean_of(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def mean_series(replicas):
    """A run over seeds keeps its seeds; its own columns hold their mean (the page re-averages on import)."""
    first = replicas[0]
    metrics = {k: [mean_of([r["metrics"].get(k, [None] * len(first["steps"]))[i] for r in replicas]) for i in range(len(first["steps"]))]
               for k in sorted({k for r in replicas for k in r["metrics"]})}
    # As the page averages replicas (seedSeries.ts): loss and accuracies their mean, the decision boundary replica 0's.
    means = ("testLoss", "testAccuracy", "noisyTrueAccuracy", "noisyLabelAccuracy")
    evaluations = [{"step": e["step"], **{key: mean_of([r["evaluations"][i][key] for r in replicas]) for key in means if key in e},
                    **({"boundary": e["boundary"]} if "boundary" in e else {})}
                   for i, e in enumerate(first["evaluations"])]
    return {"steps": first["steps"], "wallMs": first["wallMs"], "metrics": metrics, "evaluations": evaluations}


def write_bundle(path, config, runs, per_seed, events, environment):
    """per_seed: [(seed, [record per run])]; one seed writes plain runs, several add each seed as a replica."""
    out = []
    for i, run in enumerate(runs):
        replicas = [{"seed": seed, **series(records[i])} for seed, records in per_seed]
        body = {k: v for k, v in replicas[0].items() if k != "seed"} if len(replicas) == 1 else {**mean_series(replicas), "replicas": replicas}
        out.append({"id": run["id"], "name": run["name"] + " (PyTorch)", **({"color": run["color"]} if "color" in run else {}),
                    "optimizer": run["optimizer"], "gradEvalsPerStep": EXPERIMENT["gradEvalsPerStep"][run["optimizer"]], **body})
    bundle = {"format": "sam-playground-bundle", "bundleVersion": 1, "config": config, "runs": out, "events": events,
              "environment": environment}
    with open(path, "w", encoding="utf8") as f:
        json.dump(bundle, f, allow_nan=False)


# ---------------------------------------------------------------- the lockstep comparison, seed by seed

def default_data_dir():
    source = EXPERIMENT["data"]
    return {"shipped": "public/data", "toy": "."}.get(source["kind"], source.get("label", "."))


def arguments():
    config = EXPERIMENT["config"]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=config["steps"], help="training steps of every run (default %(default)s)")
    parser.add_argument("--batch-size", type=int, default=config["batchSize"], help="global batch size, split over the ranks (default %(default)s)")
    parser.add_argument("--seed", type=int, default=config["seed"],
                        help="the experiment seed: the toy points, and the seed of the first replica (replica k: seed + k, also for its subset and label noise) (default %(default)s)")
    parser.add_argument("--seeds", type=int, default=config.get("seeds", 1),
                        help="replicas per run: replica k uses seed + k for its initial weights, batch order and augmentation (default %(default)s)")
    parser.add_argument("--eval-every", type=int, default=config["evalEvery"], help="test evaluation every N steps (default %(default)s)")
    parser.add_argument("--eval-examples", type=int, default=config["evalExamples"], help="test examples per evaluation (default %(default)s)")
    parser.add_argument("--data-dir", default=default_data_dir(),
                        help=f"{EXPERIMENT['data']['help']} (default %(default)s)")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu", help="cpu (gloo) or cuda (NCCL, one GPU per rank)")
    parser.add_argument("--dtype", choices=["float32", "float64"], default="float32", help="arithmetic precision (default %(default)s)")
    parser.add_argument("--perturb", choices=["local", "global"], default="local",
                        help="with several ranks: each rank perturbs with its own ascent gradient (local, no_sync), or all-reduce it first (global)")
    parser.add_argument("--out", default="bundle.json", help="the playground bundle rank 0 writes (default %(default)s)")
    parser.add_argument("--weights-out", help="also write the final weights (tfjs layouts) as JSON here, per run and seed")
    parser.add_argument("--metrics-out", help="also write every step's metrics as JSON lines here")
    parser.add_argument("--runs", help="comma-separated run ids to train (default: all: %s)" % ",".join(r["id"] for r in EXPERIMENT["runs"]))
    parser.add_argument("--no-robust", action="store_true",
                        help="skip the robust evaluation (configured: %s)" % ("yes" if config.get("robust") else "no"))
    parser.add_argument("--no-probes", action="store_true",
                        help="skip the probes (configured: %s)" % (", ".join((config.get("probes") or {}).get("kinds", [])) or "none"))
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads per rank (0: PyTorch's default)")
    return parser.parse_args()


def with_output_units(layers, num_classes):
    """The last dense layer emits one logit per class (user files tell their classes only when read)."""
    last = layers[-1] if layers else {}
    return layers if last.get("type") != "dense" else [*layers[:-1], {**last, "units": num_classes}]


class Context:
    """What every seed's training shares: settings, data, device, ranks and the robust evaluation."""

    def __init__(self, args):
        self.args = args
        self.world, self.rank = int(os.environ.get("WORLD_SIZE", "1")), int(os.environ.get("RANK", "0"))
        self.distributed = self.world > 1
        if args.device == "cuda" and not torch.cuda.is_available():
            raise SystemExit("--device cuda: no CUDA device is available")
        self.device = torch.device(f"cuda:{int(os.environ.get('LOCAL_RANK', '0'))}" if args.device == "cuda" else "cpu")
        if args.device == "cuda":
            torch.cuda.set_device(self.device)
        if args.threads:
            torch.set_num_threads(args.threads)
        if self.distributed:
            dist.init_process_group("nccl" if args.device == "cuda" else "gloo")
        if args.batch_size % self.world:
            raise SystemExit(f"--batch-size {args.batch_size} does not split over {self.world} ranks")
        if args.seeds < 1:
            raise SystemExit(f"--seeds {args.seeds}: must be at least 1")
        self.dtype = getattr(torch, args.dtype)
        self.runs = [r for r in EXPERIMENT["runs"] if not args.runs or r["id"] in args.runs.split(",")]
        if not self.runs:
            raise SystemExit(f"--runs {args.runs}: no such run ids")
        self.data = load_data(args.data_dir, args.seed)
        self.layers = with_output_units(EXPERIMENT["layers"], self.data.num_classes)
        self.augment = EXPERIMENT["config"].get("augment")
        if self.augment and not (self.augment["crop"] or self.augment["flip"]):
            self.augment = None
        if self.augment and min(self.data.image_shape[:2]) < 8:
            raise SystemExit(f"augment: needs images of at least 8×8 pixels, these are {self.data.image_shape[0]}×{self.data.image_shape[1]}")
        robust = EXPERIMENT["config"].get("robust")
        self.robust = None
        if robust and not args.no_robust and self.rank == 0:
            if self.data.train_x.dtype != torch.uint8:
                print("robust evaluation skipped: it attacks pixels, and this dataset holds features", file=sys.stderr)
            else:
                self.robust = RobustEvaluation(robust, self.data, derive_seed(args.seed, EXPERIMENT["robustStream"]), self.dtype, self.device)
        probes = EXPERIMENT["config"].get("probes")
        self.probe_settings = None
        if probes and probes["kinds"] and not args.no_probes and self.rank == 0:
            self.probe_settings = probes
            origin = probes.get("lineFrom")
            if origin is not None and "line" in probes["kinds"] and origin not in [r["id"] for r in self.runs]:
                if origin in [r["id"] for r in EXPERIMENT["runs"]]:
                    raise SystemExit(f"--runs {args.runs}: the 1-D lines start at run {origin} (probeLineFrom), which --runs leaves out")
                print(f"probeLineFrom={origin} names no run; the 1-D lines start at the initial weights, as in the app", file=sys.stderr)
                self.probe_settings = {**probes, "lineFrom": None}
        self.log = open(args.metrics_out, "w", encoding="utf8") if args.metrics_out and self.rank == 0 else None
        self.events = []

    def replica_models(self, seed):
        """Every run's model at seed's initial weights (the exported ones for the seed they came from, when given),
        and those weights (the 1-D line probe starts there)."""
        models, nets, optimizers, initials = [], [], [], []
        for run in self.runs:
            model = build_model(self.layers, self.data.image_shape)
            start = exported_weights(model) if WEIGHTS and seed == EXPERIMENT["weightsSeed"] else initial_weights(model, derive_seed(seed, 0))
            with torch.no_grad():
                for p, w in zip(model.parameters(), start):
                    p.copy_(w)
            model = model.to(device=self.device, dtype=self.dtype)
            initials.append([p.detach().clone() for p in model.parameters()])
            device_ids = [self.device] if self.args.device == "cuda" else None
            nets.append(nn.parallel.DistributedDataParallel(model, device_ids=device_ids) if self.distributed else model)
            optimizers.append(METHODS[run["optimizer"]](model.parameters(), run["hparams"], seed, self.args.perturb))
            models.append(model)
        return models, nets, optimizers, initials

    def batch_at(self, data, batcher, step, seed):
        """This rank's share of the global batch of `step`, augmented as the app does (draws for the whole batch)."""
        args = self.args
        share = args.batch_size // self.world
        part = slice(self.rank * share, (self.rank + 1) * share)
        indices = batcher.indices_at(step)
        x = data.normalised(data.train_x[indices], self.dtype)
        if self.augment:
            draws = augmentation_draws(self.augment, args.batch_size, data.image_shape[0], seed, step)
            x = augmented(x, draws, -data.mean / data.std)
        return x[part].to(self.device), data.train_y[indices][part].to(self.device)

    def line_start(self, run, models, initial):
        """Where this replica's 1-D line starts, as in the app: the probe settings' lineFrom run (its replica of the
        same seed, at this step), except for that run itself; without lineFrom, the initial weights."""
        origin = (self.probe_settings or {}).get("lineFrom")
        if origin is None or origin == run["id"]:
            return "init", initial
        other = models[[r["id"] for r in self.runs].index(origin)]
        return origin, [p.detach().clone() for p in other.parameters()]

    def train_seed(self, replica, seed):
        """One replica of every run, in lockstep: each step's batch is shared by the runs."""
        args, data = self.args, with_regime(self.data, seed)
        models, nets, optimizers, initials = self.replica_models(seed)
        batcher = SeededBatcher(data.train_y.numel(), args.batch_size, derive_seed(seed, 1))
        records = [{"steps": [], "wallMs": [], "rows": [], "evaluations": [], "ms": 0.0} for _ in self.runs]
        # As in the app, the probe batch comes from this seed's training data: its subset, its noisy labels.
        probes = Probes(self.probe_settings, data, args.seed, self.dtype, self.device) if self.probe_settings else None

        def evaluate_all(step):
            if self.rank != 0:
                return
            for run, model, rec in zip(self.runs, models, records):
                rec["evaluations"].append({"step": step, **evaluate(model, data, args.eval_examples, self.dtype, self.device),
                                           **memorisation(model, data, args.eval_examples, self.dtype, self.device),
                                           **decision_boundary(model, data, self.dtype, self.device)})
                if self.robust:
                    self.events.append(self.robust(run["id"], replica, step, model))

        def probe_all(step):
            # The app's schedule (every k steps), and once more at the end; every seed, as in the app.
            if not probes:
                return
            every = self.probe_settings["every"]
            if step == args.steps or (every > 0 and step % every == 0):
                for run, model, initial in zip(self.runs, models, initials):
                    self.events += probes(run, replica, step, model, self.line_start(run, models, initial))

        evaluate_all(0)
        for step in range(args.steps):
            x, labels = self.batch_at(data, batcher, step, seed)
            for run, net, opt, rec in zip(self.runs, nets, optimizers, records):
                hp = run["hparams"]
                started = time.perf_counter()
                lr = learning_rate_at(hp["lr"], hp["schedule"], step, args.steps)
                batch = Batch(net, x, labels, smoothed_targets(labels, data.num_classes, hp["labelSmoothing"], self.dtype), self.distributed)
                row = {k: float(v) for k, v in opt.step(batch, lr, step, args.steps).items()}
                row["lr"] = lr
                if "rho" not in row and not (run["optimizer"] == "sgd" and hp["sgdProbeEvery"] == 0):
                    row["rho"] = hp["rho"]
                if self.distributed:  # the global batch's numbers: the mean over the ranks' equal shares
                    keys = sorted(row)
                    values = torch.tensor([row[k] for k in keys], dtype=torch.float64, device=self.device)
                    dist.all_reduce(values)
                    row = dict(zip(keys, (values / self.world).tolist()))
                rec["ms"] += (time.perf_counter() - started) * 1000
                rec["steps"].append(step)
                rec["wallMs"].append(round(rec["ms"], 1))
                rec["rows"].append(row)
                if self.log:
                    self.log.write(json.dumps({"run": run["id"], "seed": seed, "step": step, **row}) + "\n")
            probe_all(step + 1)
            if (step + 1) % args.eval_every == 0 or step + 1 == args.steps:
                evaluate_all(step + 1)
                if self.rank == 0:
                    line = ", ".join(f"{r['id']} loss {rec['rows'][-1]['loss']:.4f} acc {rec['evaluations'][-1]['testAccuracy']:.3f}"
                                     for r, rec in zip(self.runs, records))
                    print(f"seed {seed} step {step + 1}/{args.steps}: {line}", file=sys.stderr)
        return records, models


def tfjs_tensors(model):
    return [{"shape": list(to_tfjs_layout(p.detach()).shape), "values": to_tfjs_layout(p.detach()).reshape(-1).tolist()}
            for p in model.parameters()]


def main():
    args = arguments()
    ctx = Context(args)
    seeds = [args.seed + k for k in range(args.seeds)]
    if WEIGHTS and EXPERIMENT["weightsSeed"] not in seeds:
        raise SystemExit(f"--seed/--seeds: the embedded weights are seed {EXPERIMENT['weightsSeed']}'s, and this run trains seeds {seeds[0]}–{seeds[-1]}")
    per_seed, final_weights = [], {}
    began, cpu_began = time.perf_counter(), time.process_time()
    for k, seed in enumerate(seeds):
        records, models = ctx.train_seed(k, seed)
        per_seed.append((seed, records))
        for run, model in zip(ctx.runs, models):
            final_weights[run["id"] if k == 0 else f"{run['id']}#seed{seed}"] = model
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
    if ctx.rank == 0:
        world, runs = ctx.world, ctx.runs
        steps_per_second = args.steps * len(seeds) / elapsed if elapsed > 0 else float("inf")
        print(f"{args.steps} steps of {len(runs)} runs × {len(seeds)} seeds in {elapsed:.2f} s: {steps_per_second:.2f} lockstep steps/s "
              f"({world} rank{'s' if world > 1 else ''}, {args.device}; rank 0 used {cpu:.2f} s of CPU)")
        runtime = f"PyTorch {torch.__version__}, {world} rank{'s' if world > 1 else ''}, {args.device}"
        environment = {"appVersion": EXPERIMENT["appVersion"], "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                       "userAgent": f"Python {sys.version.split()[0]}", "backend": runtime, "runtime": runtime,
                       "ranks": world, "device": args.device, "perturb": args.perturb, "dtype": args.dtype,
                       "stepsPerSecond": steps_per_second, "link": EXPERIMENT["link"]}
        config = {**EXPERIMENT["config"], "runs": runs, "sweep": [], "steps": args.steps, "seed": args.seed, "seeds": len(seeds),
                  "batchSize": args.batch_size}
        write_bundle(args.out, config, runs, per_seed, ctx.events, environment)
        print(f"wrote {args.out}", file=sys.stderr)
        if args.weights_out:
            with open(args.weights_out, "w", encoding="utf8") as f:
                json.dump({key: tfjs_tensors(model) for key, model in final_weights.items()}, f)
    if ctx.distributed:
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException:
        # One rank's crash ends the whole job (torchrun stops the others), with this rank named.
        print(f"experiment.py: rank {os.environ.get('RANK', '0')} failed:\n{traceback.format_exc()}", file=sys.stderr)
        sys.exit(1)
