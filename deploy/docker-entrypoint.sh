#!/bin/sh
# The image's entrypoint: runs one service of the platform, named by SERVICE.
#   joo serve     the service (with the OpenTelemetry preload, so http and pg are traced)
#   joo migrate   apply its migrations and exit (the migration Job, the compose <name>-migrate)
#   joo seed      its idempotent seed data, then exit
# Anything else is run as given (a shell for debugging).
set -eu

root="${APP_ROOT:-/app}"
command="${1:-serve}"

case "$command" in
  serve | migrate | seed) ;;
  *) exec "$@" ;;
esac

service="${SERVICE:-}"
case "$service" in
  '' | *[!a-z]*)
    echo "joo: set SERVICE to the service to run (one of: $(ls "$root/services" | tr '\n' ' '))" >&2
    exit 64
    ;;
esac
dist="$root/services/$service/dist"
if [ ! -f "$dist/main.js" ]; then
  echo "joo: no service '$service' in this image (one of: $(ls "$root/services" | tr '\n' ' '))" >&2
  exit 64
fi

case "$command" in
  serve)
    # --max-semi-space-size: SERVICE_NODE_FLAGS of @joo/service-list (ADR 0027); tests/deploy/image.test.ts keeps them equal.
    exec node --enable-source-maps --max-semi-space-size=4 --import "$root/packages/service-kit/dist/otel-preload.js" "$dist/main.js"
    ;;
  migrate | seed)
    if [ ! -f "$dist/$command.js" ]; then
      echo "joo: $service has no database; nothing to $command"
      exit 0
    fi
    exec node "$dist/$command.js"
    ;;
esac
