#!/usr/bin/env bash
# pnpm start [-- --check]
#
# Ensures PostgreSQL and NATS, builds (tsc -b), then hands over to scripts/start.mjs, which creates
# and migrates the databases, seeds, starts every service and the gateway, restarts one that crashes
# (with back-off), and stops them on Ctrl-C.
# --check (or JOO_START_EXIT_AFTER_READY=1): stop again once everything is ready; exit 0 if clean.
# JOO_SKIP_BUILD=1 skips the build; JOO_SKIP_INFRA=1 skips ensure-infra.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ "${JOO_SKIP_INFRA:-}" != 1 ]]; then
  bash "$ROOT/scripts/ensure-infra.sh"
fi

if [[ "${JOO_SKIP_BUILD:-}" != 1 ]]; then
  echo "[start] pnpm build" >&2
  pnpm run --silent build || { echo "[start] ERROR: build failed (tsc -b tsconfig.build.json)" >&2; exit 1; }
fi

# exec: signals (Ctrl-C, SIGTERM) go straight to the orchestrator.
exec node "$ROOT/scripts/start.mjs" "$@"
