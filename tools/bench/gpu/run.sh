#!/usr/bin/env bash
# Runs the packed GPU kit (pack.sh) on a machine with an NVIDIA driver and Vulkan, no Node and no
# network: unpacks sam-gpu-kit.tar.xz (beside this script), checks that the WebGPU adapter is a real
# GPU (not a software or fallback one), runs the kit (SGD, SAM, BiSAM tanh/-log on the small CNN,
# ms/step, dispatches per step) and then the same model in PyTorch CUDA, and prints both.
# Usage: bash run.sh [--allow-software] [kit flags: --batches 64,256,1024 --steps 20]
#   --allow-software  accept SwiftShader & co (the local test of the packing on a machine without a GPU;
#                     VK_ICD_FILENAMES then defaults to Debian chromium's SwiftShader if it is there)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
archive="${SAM_GPU_KIT:-$here/sam-gpu-kit.tar.xz}"
[[ -f "$archive" ]] || { echo "run.sh: no $archive (build it with tools/bench/gpu/pack.sh)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xJf "$archive"
kit="$work/sam-gpu-kit"
# The machine's own Vulkan loader if it has one (it matches its driver), else the packed one.
if ! /sbin/ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; then
  export LD_LIBRARY_PATH="$kit/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$work/xdg}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export SAM_DAWN_ENVIRONMENT=1  # set here; the kit must not re-run itself
if [[ " $* " == *" --allow-software "* && -z "${VK_ICD_FILENAMES:-}" && -f /usr/lib/chromium/vk_swiftshader_icd.json ]]; then
  export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
fi
echo "== WebGPU in Node on Dawn (the kit)"
(cd "$kit" && ./node kit.mjs --data data "$@")
echo
echo "== PyTorch CUDA, the same model"
batches="$(sed -n 's/.*--batches[= ]\([0-9,]*\).*/\1/p' <<<"$*")"
python3 "$kit/torch_cuda.py" 50 "${batches:-64,256,1024}" || echo "PyTorch CUDA: failed (exit $?)"
