#!/usr/bin/env bash
# pnpm bench: the same infrastructure check as the tests, a build, then every benchmark in bench/
# (each top-level script that is not a helper), one after another so none disturbs another.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-infra.sh
pnpm build
for script in bench/*.ts; do
  case "$(basename "$script")" in
    lib.ts | bare-server.ts) continue ;;
  esac
  echo "== ${script} (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  (cd bench && node --import tsx "../${script}")
done
