#!/usr/bin/env bash
# pnpm test [tap args or test files...]
#
# Ensures PostgreSQL and NATS, builds (tsc -b; for the whole suite `pnpm lint`, which also
# type-checks tests and benchmarks and runs eslint), runs tap (config: .taprc) over every
# packages/*/test/**/*.test.ts, services/*/test/**/*.test.ts and tests/**/*.test.ts (the
# end-to-end suite), or over the files and directories given as arguments, and ends with one
# line: "N passed, N failed". bench/ is never run.
# Exits with tap's exit code.
#
# Environment: JOO_SKIP_BUILD=1 skips the build; JOO_SKIP_INFRA=1 skips ensure-infra; PGPORT and
# NATS_PORT move the servers (and the test kit's TEST_DATABASE_SERVER_URL / TEST_NATS_URL with them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { printf '[test] ERROR: %s\n' "$*" >&2; exit 1; }

# Whatever happens, the last line is the count line (CI reads it); an early failure reports 0/0
# and still exits non-zero.
out=""
printed=0
finish() {
  [[ -n "$out" ]] && rm -f "$out"
  if ((printed == 0)); then echo "0 passed, 0 failed"; fi
}
trap finish EXIT

# `pnpm test -- x` passes the `--` through.
if [[ "${1:-}" == "--" ]]; then shift; fi

TAP="$ROOT/node_modules/.bin/tap"
[[ -x "$TAP" ]] || die "tap is not installed: run 'pnpm install' first"

# The test kit (packages/testing) reads these; follow PGPORT / NATS_PORT unless they are set.
export TEST_DATABASE_SERVER_URL="${TEST_DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:${PGPORT:-5432}/postgres}"
export TEST_NATS_URL="${TEST_NATS_URL:-nats://127.0.0.1:${NATS_PORT:-4222}}"

if [[ "${JOO_SKIP_INFRA:-}" != 1 ]]; then
  bash "$ROOT/scripts/ensure-infra.sh" || die "PostgreSQL or NATS is not available (scripts/ensure-infra.sh)"
fi

# The whole suite (CI) also type-checks the tests and benchmarks and runs eslint: `pnpm lint`,
# which builds first. A run of chosen files only builds.
chosen=0
for a in "$@"; do [[ "$a" != -* && ( -e "$a" || ( -n "${INIT_CWD:-}" && -e "$INIT_CWD/$a" ) ) ]] && chosen=1; done
if [[ "${JOO_SKIP_BUILD:-}" != 1 ]]; then
  if ((chosen == 0)); then
    echo "[test] pnpm lint (build, type-check of tests and benchmarks, eslint)" >&2
    pnpm run --silent lint || die "lint failed (pnpm lint: tsc -b, tsc -p tsconfig.json, eslint)"
  else
    echo "[test] pnpm build" >&2
    pnpm run --silent build || die "build failed (tsc -b tsconfig.build.json)"
  fi
fi

# Arguments that name an existing file or directory select what runs; the others go to tap as
# options. A path relative to where pnpm was started (INIT_CWD) is accepted too.
args=()
paths=0
for a in "$@"; do
  if [[ "$a" != -* ]]; then
    if [[ -e "$a" ]]; then
      paths=$((paths + 1))
    elif [[ -n "${INIT_CWD:-}" && "$a" != /* && -e "$INIT_CWD/$a" ]]; then
      a="$INIT_CWD/$a"
      paths=$((paths + 1))
    fi
  fi
  args+=("$a")
done

files=()
if ((paths == 0)); then
  dirs=()
  shopt -s nullglob
  for d in packages/*/test services/*/test tests; do [[ -d "$d" ]] && dirs+=("$d"); done
  shopt -u nullglob
  if ((${#dirs[@]} > 0)); then
    while IFS= read -r f; do files+=("$f"); done < <(
      find "${dirs[@]}" -name node_modules -prune -o -type f -name '*.test.ts' -print | LC_ALL=C sort
    )
  fi
  if ((${#files[@]} == 0)); then
    die "no test files found (packages/*/test/**/*.test.ts, services/*/test/**/*.test.ts, tests/**/*.test.ts)"
  fi
fi

out="$(mktemp -t joo-tap.XXXXXX)"

# tap's output streams to the console and into $out; its summary line is read afterwards.
set +e
"$TAP" "${args[@]}" "${files[@]}" 2>&1 | tee "$out"
rc=${PIPESTATUS[0]}
set -e

# tap 21 ends with a line like "# { total: 5, pass: 4, fail: 1 }".
summary="$(grep -E '^# \{ total: [0-9]+' "$out" | tail -n 1 || true)"
if [[ -n "$summary" ]]; then
  passed="$(sed -nE 's/.*[{ ,]pass: ([0-9]+).*/\1/p' <<<"$summary")"
  failed="$(sed -nE 's/.*[{ ,]fail: ([0-9]+).*/\1/p' <<<"$summary")"
else
  # No summary (another reporter, or tap crashed): count the top-level test points.
  passed="$(grep -cE '^ok [0-9]+' "$out" || true)"
  failed="$(grep -cE '^not ok [0-9]+' "$out" || true)"
fi
passed=${passed:-0}
failed=${failed:-0}

if ((rc != 0 && failed == 0)); then
  echo "[test] tap exited with code $rc although no test point failed (see the output above)" >&2
fi
if ((rc == 0 && failed > 0)); then
  rc=1
fi
echo "$passed passed, $failed failed"
printed=1
exit "$rc"
