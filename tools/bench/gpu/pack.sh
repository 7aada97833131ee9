#!/usr/bin/env bash
# Packs what a GPU machine with an NVIDIA driver and Vulkan but no Node and no network needs to run
# the headless WebGPU kit and the PyTorch CUDA rows: this machine's Node binary, the kit bundled by
# esbuild, Dawn's Node bindings (npm `webgpu`, linux-x64), a Vulkan loader (used only where the
# machine has none), the first 10,000 Fashion-MNIST training images (enough for every timed batch;
# the full set alone is 26 MB) and the test set, and the PyTorch scripts. Fails if the archive is
# over 60 MiB. Usage: bash tools/bench/gpu/pack.sh [OUT_DIR]   (default tools/bench/gpu/out)
# It writes OUT_DIR/sam-gpu-kit.tar.xz and OUT_DIR/run.sh (which unpacks and runs it).
set -euo pipefail
cd "$(dirname "$0")/../../.."
out="${1:-tools/bench/gpu/out}"
limit=$((60 * 1024 * 1024))
node_bin="$(command -v node)"
webgpu=node_modules/webgpu
loader="${VULKAN_LOADER:-/usr/lib/chromium/libvulkan.so.1}"
for needed in "$node_bin" "$webgpu/dist/linux-x64/dawn.node" "$loader" public/data/train-images-idx3-ubyte.gz; do
  [[ -e "$needed" ]] || { echo "pack.sh: missing $needed (npm install; apt-get install chromium for the Vulkan loader)" >&2; exit 1; }
done
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
kit="$stage/sam-gpu-kit"
mkdir -p "$kit/lib" "$kit/data" "$kit/node_modules/webgpu/dist/linux-x64"
cp "$node_bin" "$kit/node"
node_modules/.bin/esbuild tools/bench/gpu/kit.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --log-level=warning --outfile="$kit/kit.mjs" \
  --banner:js="import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
cp "$webgpu/package.json" "$webgpu/index.js" "$webgpu/LICENSE.md" "$kit/node_modules/webgpu/"
cp "$webgpu/dist/linux-x64/dawn.node" "$kit/node_modules/webgpu/dist/linux-x64/"
cp "$loader" "$kit/lib/libvulkan.so.1"
cp public/data/t10k-*.gz public/data/train-labels-idx1-ubyte.gz public/data/COPYRIGHT "$kit/data/"
python3 tools/bench/gpu/truncate_idx.py public/data "$kit/data" 10000
cp tools/bench/torch_reference.py tools/bench/gpu/torch_cuda.py "$kit/"
mkdir -p "$out"
tar -C "$stage" -cf - sam-gpu-kit | xz -T0 -6 > "$out/sam-gpu-kit.tar.xz"
cp tools/bench/gpu/run.sh "$out/run.sh"
size=$(stat -c %s "$out/sam-gpu-kit.tar.xz")
echo "pack.sh: $out/sam-gpu-kit.tar.xz is $((size / 1024)) KiB ($(awk "BEGIN{printf \"%.1f\", $size/1048576}") MiB; limit 60 MiB); run it with: bash $out/run.sh"
(( size <= limit )) || { echo "pack.sh: the archive is over 60 MiB" >&2; exit 1; }
