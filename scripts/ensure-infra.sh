#!/usr/bin/env bash
# Makes sure PostgreSQL (trust auth, role postgres) and NATS with JetStream answer on 127.0.0.1,
# and that the pgbouncer binary is installed (tests start their own PgBouncer in front of
# PostgreSQL, in transaction-pooling mode, with @joo/testing's startPgBouncer).
#
# Uses a server that already listens on the port. Otherwise installs the Debian packages if the
# binaries are missing, and starts: the Debian cluster (pg_ctlcluster) when one is configured for
# the port, else a private cluster under .data/postgres; nats-server with its store under .data/nats.
# Idempotent, needs no TTY. Waits at most JOO_INFRA_TIMEOUT seconds (30) for each port.
#
#   scripts/ensure-infra.sh              PostgreSQL, NATS, the pgbouncer binary
#   scripts/ensure-infra.sh prometheus   only the prometheus and promtool binaries (pnpm observe, the
#                                        rule and dashboard tests), without starting the packaged service
#
# Environment: PGPORT (5432), NATS_PORT (4222), JOO_DATA_DIR (<repo>/.data), JOO_INFRA_TIMEOUT (30).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST=127.0.0.1
PG_PORT="${PGPORT:-5432}"
NATS_PORT="${NATS_PORT:-4222}"
DATA_DIR="${JOO_DATA_DIR:-$ROOT/.data}"
TIMEOUT="${JOO_INFRA_TIMEOUT:-30}"

log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

for v in PG_PORT NATS_PORT TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done

# --- helpers -------------------------------------------------------------------------------------

# True when something accepts a TCP connection on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Waits (at most TIMEOUT seconds) until port $1 accepts connections.
wait_port() {
  local port=$1 deadline=$((SECONDS + TIMEOUT))
  until port_open "$port"; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
}

# Runs a command as root: directly, or through sudo without a password prompt.
as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root to run: $*"
  fi
}

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 || die "apt-get install $* failed"
}

# Newest PostgreSQL server bin directory, e.g. /usr/lib/postgresql/15/bin.
pg_bindir() {
  local d best=""
  while IFS= read -r d; do
    [[ -x "$d/postgres" && -x "$d/pg_ctl" && -x "$d/initdb" ]] && best="$d"
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
  [[ -n "$best" ]] && printf '%s\n' "$best"
}

psql_bin() {
  if command -v psql >/dev/null 2>&1; then command -v psql; return; fi
  local d; d="$(pg_bindir || true)"
  [[ -n "$d" && -x "$d/psql" ]] && printf '%s\n' "$d/psql"
}

# True when role postgres can log in over TCP without a password.
pg_login_ok() {
  local psql; psql="$(psql_bin || true)"
  if [[ -z "$psql" ]]; then
    return 0 # no client to check with; the port answers, trust it
  fi
  env -u PGPASSWORD PGCONNECT_TIMEOUT=5 "$psql" -w -X -q -h "$HOST" -p "$PG_PORT" -U postgres -d postgres \
    -Atc 'select 1' >/dev/null 2>&1
}

# Debian cluster (version main) configured for $PG_PORT, printed as "<version>", or nothing.
debian_cluster() {
  local conf v port
  for conf in /etc/postgresql/*/main/postgresql.conf; do
    [[ -f "$conf" ]] || continue
    v=${conf#/etc/postgresql/}; v=${v%%/*}
    [[ -x "/usr/lib/postgresql/$v/bin/postgres" ]] || continue
    port=$(sed -n 's/^[[:space:]]*port[[:space:]]*=[[:space:]]*\([0-9]\+\).*/\1/p' "$conf" | tail -n1)
    [[ "${port:-5432}" == "$PG_PORT" ]] && { printf '%s\n' "$v"; return 0; }
  done
  return 1
}

# Lets role postgres in over TCP (127.0.0.1 and ::1) with trust on the Debian cluster $1.
debian_cluster_trust() {
  local v=$1 hba="/etc/postgresql/$1/main/pg_hba.conf"
  [[ -f "$hba" ]] || return 1
  if ! grep -q '^# joo-platform dev: trust on loopback' "$hba"; then
    log "adding trust for loopback TCP to $hba (development only)"
    local tmp; tmp="$(mktemp)"
    {
      echo '# joo-platform dev: trust on loopback (added by scripts/ensure-infra.sh)'
      echo 'host    all             all             127.0.0.1/32            trust'
      echo 'host    all             all             ::1/128                 trust'
      cat "$hba"
    } >"$tmp"
    as_root cp "$tmp" "$hba"
    rm -f "$tmp"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$v" main reload >&2 || true
  sleep 1
}

# --- PostgreSQL ----------------------------------------------------------------------------------

start_private_postgres() {
  local bindir=$1 pgdata="$DATA_DIR/postgres" logfile="$DATA_DIR/postgres.log"
  local runas=()
  mkdir -p "$DATA_DIR"
  if [[ $EUID -eq 0 ]]; then
    # PostgreSQL refuses to run as root: the postgres OS user owns the cluster.
    getent passwd postgres >/dev/null || die "OS user 'postgres' is missing (is the postgresql package installed?)"
    runas=(runuser -u postgres --)
    chmod a+x "$DATA_DIR" # traversable for user postgres; secrets/ below stays private
    mkdir -p "$pgdata"
    touch "$logfile"
    chown postgres: "$pgdata" "$logfile"
    chmod 700 "$pgdata"
    "${runas[@]}" test -w "$pgdata" ||
      die "user postgres cannot write $pgdata (a parent directory is private?); set JOO_DATA_DIR to a directory it can reach"
  fi
  if [[ ! -s "$pgdata/PG_VERSION" ]]; then
    log "initdb $pgdata"
    "${runas[@]}" "$bindir/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >>"$logfile" 2>&1 ||
      die "initdb failed; see $logfile"
  fi
  log "starting PostgreSQL ($bindir) on $HOST:$PG_PORT, data $pgdata, log $logfile"
  # setsid: a Ctrl-C in the terminal that ran this must not reach the server.
  "${runas[@]}" setsid -w "$bindir/pg_ctl" -D "$pgdata" -l "$logfile" -w -t "$TIMEOUT" \
    -o "-k /tmp -h $HOST -p $PG_PORT" start >&2 ||
    die "PostgreSQL did not start; see $logfile"
}

ensure_postgres() {
  if port_open "$PG_PORT"; then
    if pg_login_ok; then
      log "PostgreSQL answers on $HOST:$PG_PORT"
      return 0
    fi
    local v
    if v="$(debian_cluster)" && debian_cluster_trust "$v" && pg_login_ok; then
      log "PostgreSQL answers on $HOST:$PG_PORT"
      return 0
    fi
    die "something listens on $HOST:$PG_PORT but role postgres cannot log in without a password; allow 'trust' for 127.0.0.1 in pg_hba.conf or set PGPORT to another port"
  fi

  local bindir; bindir="$(pg_bindir || true)"
  if [[ -z "$bindir" ]]; then
    apt_install postgresql
    bindir="$(pg_bindir || true)"
    [[ -n "$bindir" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin after install"
    # the package may have started its cluster on 5432 already
    if port_open "$PG_PORT"; then
      ensure_postgres
      return
    fi
  fi

  local v
  if v="$(debian_cluster)" && command -v pg_ctlcluster >/dev/null 2>&1 && [[ $EUID -eq 0 || -n "$(command -v sudo)" ]]; then
    log "starting Debian cluster $v/main on port $PG_PORT"
    as_root setsid -w pg_ctlcluster --skip-systemctl-redirect "$v" main start >&2 ||
      log "pg_ctlcluster $v main start failed (already running?)"
  else
    start_private_postgres "$bindir"
  fi

  wait_port "$PG_PORT" ||
    die "PostgreSQL does not answer on $HOST:$PG_PORT after ${TIMEOUT}s (see $DATA_DIR/postgres.log or /var/log/postgresql/)"
  if ! pg_login_ok; then
    if [[ -n "${v:-}" ]]; then debian_cluster_trust "$v" || true; fi
    pg_login_ok || die "PostgreSQL answers on $HOST:$PG_PORT but role postgres cannot log in over TCP without a password"
  fi
  log "PostgreSQL answers on $HOST:$PG_PORT"
}

# --- NATS ----------------------------------------------------------------------------------------

# Prints the server's INFO line (the first thing a NATS server says).
nats_info() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$HOST/$NATS_PORT; IFS= read -r -t 2 line <&3; printf '%s\n' \"\$line\"" 2>/dev/null
}

check_nats() {
  local info; info="$(nats_info || true)"
  [[ "$info" == INFO* ]] || die "something listens on $HOST:$NATS_PORT but it is not a NATS server"
  [[ "$info" == *'"jetstream":true'* ]] ||
    die "the NATS server on $HOST:$NATS_PORT runs without JetStream (start it with -js)"
  log "NATS with JetStream answers on $HOST:$NATS_PORT"
}

ensure_nats() {
  if port_open "$NATS_PORT"; then
    check_nats
    return 0
  fi
  local bin; bin="$(command -v nats-server || true)"
  [[ -z "$bin" && -x /usr/sbin/nats-server ]] && bin=/usr/sbin/nats-server
  if [[ -z "$bin" ]]; then
    apt_install nats-server
    bin="$(command -v nats-server || true)"
    [[ -z "$bin" && -x /usr/sbin/nats-server ]] && bin=/usr/sbin/nats-server
    [[ -n "$bin" ]] || die "nats-server not found after install"
    if port_open "$NATS_PORT"; then
      # On a machine with systemd the package starts its own service, without JetStream:
      # it was not there before this install, so replace it with a server that has JetStream.
      if [[ "$(nats_info || true)" != *'"jetstream":true'* ]] && command -v systemctl >/dev/null 2>&1 &&
        systemctl is-active --quiet nats-server 2>/dev/null; then
        log "stopping and disabling the packaged nats-server service (it runs without JetStream)"
        as_root systemctl disable --now nats-server >&2 || die "could not stop the nats-server service"
        local deadline=$((SECONDS + TIMEOUT))
        while port_open "$NATS_PORT"; do
          ((SECONDS < deadline)) || die "port $NATS_PORT is still taken after stopping the nats-server service"
          sleep 0.5
        done
      else
        check_nats
        return 0
      fi
    fi
  fi
  mkdir -p "$DATA_DIR/nats"
  local logfile="$DATA_DIR/nats.log"
  log "starting $bin on $HOST:$NATS_PORT with JetStream, store $DATA_DIR/nats, log $logfile"
  # setsid + nohup: detached from this shell's session, so it outlives the script and Ctrl-C.
  setsid nohup "$bin" -a "$HOST" -p "$NATS_PORT" -js -sd "$DATA_DIR/nats" </dev/null >>"$logfile" 2>&1 &
  local pid=$!
  if ! wait_port "$NATS_PORT"; then
    tail -n 20 "$logfile" >&2 || true
    die "NATS does not answer on $HOST:$NATS_PORT after ${TIMEOUT}s (see $logfile)"
  fi
  echo "$pid" >"$DATA_DIR/nats.pid"
  check_nats
}

# --- PgBouncer -----------------------------------------------------------------------------------

ensure_pgbouncer_binary() {
  if command -v pgbouncer >/dev/null 2>&1 || [[ -x /usr/sbin/pgbouncer ]]; then
    return 0
  fi
  apt_install pgbouncer
  # Tests run their own PgBouncer: the packaged service (where systemd started it) is not needed.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then
    as_root systemctl disable --now pgbouncer >&2 || true
  fi
  [[ -x /usr/sbin/pgbouncer ]] || command -v pgbouncer >/dev/null 2>&1 || die "pgbouncer not found after install"
}

# --- Prometheus ----------------------------------------------------------------------------------

ensure_prometheus_binaries() {
  if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
    return 0
  fi
  apt_install --no-install-recommends prometheus
  # pnpm observe and the tests run their own Prometheus with their own config and data directory.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus >&2 || true
  fi
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || die "prometheus or promtool not found after install"
}

if [[ "${1:-}" == prometheus ]]; then
  ensure_prometheus_binaries
  exit 0
fi

ensure_postgres
ensure_nats
ensure_pgbouncer_binary
