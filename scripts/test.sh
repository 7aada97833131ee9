#!/usr/bin/env bash
# Everything `npm test` runs: typecheck, lint, unit tests (Node), a benchmark smoke run, a WebGPU
# parity smoke in Node (Dawn), the studies' quick versions, and the end-to-end tests in the system
# Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROME_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROME_PATH
echo "== typecheck" && npx tsc -p .
echo "== lint" && npx biome check .
echo "== unit tests" && npx vitest run
echo "== benchmark smoke (a few steps; numbers not asserted)" && npx tsx tools/bench/bench.ts --quick --no-torch --out "$(mktemp -d)/bench.json" > /dev/null
echo "== CPU race smoke (Chromium WASM on 1 and 2 threads vs PyTorch, one quick round)" && npx tsx tools/bench/bench.ts --cpu-race --quick --rounds 1 --out "$(mktemp -d)/race.json" > /dev/null
echo "== WebGPU in Node on Dawn: PyTorch parity smoke, SAM and Nesterov SGD (both fused momentum shaders; software Vulkan here; skipped without an adapter)" \
  && npx tsx tools/cli/fixtureParity.ts --backend webgpu --cases mlp-sam,cnn-sgd-nesterov --if-available
echo "== study smoke (--quick versions of the shipped studies; verdicts not asserted)"
study_out="$(mktemp -d)"
for study in adversary generalisation geometry; do
  npx tsx tools/cli/study.ts "$study" --quick --out "$study_out/$study" > /dev/null
done
echo "== e2e tests ($CHROME_PATH)" && npx playwright test
