#!/usr/bin/env bash
# pnpm bench: the same infrastructure check as the tests, a build, then every benchmark in bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-infra.sh
pnpm build
for script in bench/login-vs-argon2.ts bench/gateway-me.ts; do
  echo "== ${script}"
  (cd bench && node --import tsx "../${script}")
done
