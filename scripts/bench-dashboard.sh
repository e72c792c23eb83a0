#!/usr/bin/env bash
# Dashboard benchmark of issue 19 (not part of scripts/test.sh's pass/fail): a real hub with a
# 5,000-patient clinic seeded in PostgreSQL (2,000 in home treatment, every one wearing a device,
# a few hundred open alarms), Debian's Chromium through Playwright. Prints
#   - GET /api/patients first page, and the patients page's first page on screen (ms),
#   - the alarm wall's first paint (patient rows, tiles),
#   - the browser's main-thread CPU (% of a core) and JS heap while the simulator streams the
#     2,000 devices at 1 Hz (Chrome DevTools Protocol Performance.getMetrics),
# and writes artifacts/bench/dashboard-<time>.md. Timings are printed, never asserted.
#
# Environment: the service stack's MON_DATA_DIR MQTT_PORT INFLUX_PORT INFLUX_RPC_PORT PG_PORT
# (default: its own stack under .local/bench-dashboard); BENCH_RUNS (5) navigations per timing;
# BENCH_WARMUP_S (20) and BENCH_MEASURE_S (60) for the stream; BENCH_NO_BUILD=1 to skip builds.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

export MON_DATA_DIR="${MON_DATA_DIR:-$repo/.local/bench-dashboard}"
export MQTT_PORT="${MQTT_PORT:-23883}" INFLUX_PORT="${INFLUX_PORT:-23086}" INFLUX_RPC_PORT="${INFLUX_RPC_PORT:-23088}" PG_PORT="${PG_PORT:-23432}"

bash scripts/services.sh up
bash scripts/services.sh browser
eval "$(bash scripts/services.sh env)"

if [[ "${BENCH_NO_BUILD:-}" != 1 ]]; then
  dotnet build src/Monitoring.Hub/Monitoring.Hub.csproj -c Release -nologo -v quiet
  dotnet build firmware-sim/Monitoring.FirmwareSim/Monitoring.FirmwareSim.csproj -c Release -nologo -v quiet
  (cd dashboards/clinician && npm ci --no-audit --no-fund && npm run build)
fi

cd dashboards/clinician
E2E_CITY_DEVICES=2000 npx playwright test --config playwright.bench.config.ts
