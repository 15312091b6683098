#!/usr/bin/env bash
# Installs the Node packages the queue interop tests drive (npm bullmq 6.x + ioredis) into a cache
# folder, once. Idempotent: `npm ci` runs only when node_modules is missing or the lock file changed.
# Prints the folder that holds node_modules on its last line.
# Usage: scripts/lib/node-deps.sh [cache-dir]   (default: ~/.cache/millrace/node-interop)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$root/queue/src/test/node"
dir="${1:-${MILLRACE_NODE_INTEROP_DIR:-$HOME/.cache/millrace/node-interop}}"
command -v node >/dev/null || { echo "node-deps: node not found on PATH" >&2; exit 2; }
command -v npm >/dev/null || { echo "node-deps: npm not found on PATH" >&2; exit 2; }
mkdir -p "$dir"
if [[ ! -d "$dir/node_modules/bullmq" ]] || ! cmp -s "$src/package-lock.json" "$dir/package-lock.json"; then
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
echo "$dir"
