# Sourced by scripts/test: installs what the tests need beyond the JDK and Maven, idempotently.
# - redis-server: fault tests start one of their own on a spare port (Debian package); where the
#   package had to be installed, its service also gives the tests their default Redis on 6379;
# - node + npm and the npm packages bullmq/ioredis: the BullMQ interop tests (node-deps.sh).
millrace_prerequisites() {
  local root="$1"
  if ! command -v redis-server >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "installing redis-server (Debian package) for the fault tests…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2 \
        || echo "warning: could not install redis-server; fault tests will say why they skipped" >&2
    fi
  fi
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    "$root/scripts/lib/node-deps.sh" >/dev/null || echo "warning: npm install of the interop packages failed" >&2
  elif [[ "${CI:-}" == true ]]; then
    echo "node and npm are required under CI=true (BullMQ interop tests)" >&2
    return 1
  fi
}
