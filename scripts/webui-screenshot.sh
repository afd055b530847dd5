#!/usr/bin/env bash
# Runs the demo and takes a screenshot of each of its running jobs in the Flink web UI with
# headless Chromium, into docs/images/. Installs what it needs on first use: Debian's chromium
# (as root, through apt-get) and playwright-core (npm, into demo/target/). Never downloads a
# browser of its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/demo/target/webui-screenshot"
OUT="$ROOT/docs/images"
mkdir -p "$WORK" "$OUT"

if [[ ! -x /usr/bin/chromium ]]; then
    [[ "$(id -u)" == 0 ]] || { echo "install Debian's chromium: sudo apt-get install chromium" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null
fi
if [[ ! -d "$WORK/node_modules/playwright-core" ]]; then
    (cd "$WORK" && npm install --no-save --silent playwright-core@1.65.1 >/dev/null)
fi
cp "$ROOT/scripts/webui-screenshot.mjs" "$WORK/"

LOG="$WORK/demo.log"
"$ROOT/dualmigrate" demo --duration "${DEMO_DURATION:-120s}" >"$LOG" 2>&1 &
DEMO=$!
trap 'kill -INT $DEMO 2>/dev/null || true; wait $DEMO 2>/dev/null || true' EXIT

url=""
for _ in $(seq 1 600); do
    url="$(sed -n 's/.*Flink web UI: \(http[^ ]*\).*/\1/p' "$LOG" | head -1)"
    [[ -n "$url" ]] && break
    kill -0 $DEMO 2>/dev/null || { cat "$LOG" >&2; exit 1; }
    sleep 1
done
[[ -n "$url" ]] || { echo "the demo printed no web UI address" >&2; exit 1; }
# Let the backfill finish and the counters move, so the graph shows a pipeline at work.
sleep "${SETTLE_SECONDS:-40}"
node "$WORK/webui-screenshot.mjs" "$url" "$OUT"
