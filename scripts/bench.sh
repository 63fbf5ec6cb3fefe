#!/usr/bin/env bash
# pnpm bench: the same infrastructure check as the tests, a build, then every benchmark in bench/
# (each top-level script that is not a helper), one after another so none disturbs another.
# Names given run only those: `pnpm bench event-path payment-callback`.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in "$@"; do
  [[ -f "bench/${name%.ts}.ts" ]] || { echo "no benchmark bench/${name%.ts}.ts" >&2; exit 2; }
done
bash scripts/ensure-infra.sh
pnpm build
for script in bench/*.ts; do
  name="$(basename "$script" .ts)"
  case "$name" in
    lib | bare-server) continue ;;
  esac
  if [[ $# -gt 0 && " ${*%.ts} " != *" ${name} "* ]]; then continue; fi
  echo "== ${script} (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  (cd bench && node --import tsx "../${script}")
done
