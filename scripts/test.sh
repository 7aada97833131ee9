#!/usr/bin/env bash
# Everything `npm test` runs: typecheck, lint, unit tests (Node), e2e tests (system Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
CHROME_PATH="$(bash scripts/ensure-chromium.sh)"
export CHROME_PATH
echo "== typecheck" && npx tsc -p .
echo "== lint" && npx biome check .
echo "== unit tests" && npx vitest run
echo "== e2e tests ($CHROME_PATH)" && npx playwright test
