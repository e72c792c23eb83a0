#!/usr/bin/env bash
# Runs the whole system on this machine: services, the dashboard build, the hub, and a modest
# simulated fleet so the alarm wall is alive from the first minute. Ctrl-C stops the hub and the
# fleet; the services keep running (scripts/services.sh down stops them).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # never: the browser tests use Debian's Chromium
fleet_patients="${FLEET_PATIENTS:-12}"

bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"

echo "== dashboard"
(cd dashboards/clinician && { [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent build)

echo "== build"
dotnet build src/Monitoring.Hub -c Release -nologo -v quiet
dotnet build firmware-sim/Monitoring.FirmwareSim -c Release -nologo -v quiet

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Admin__Username="${Admin__Username:-admin}"
# Development-only password, printed below; never used outside a developer's machine.
export Admin__Password="${Admin__Password:-dev-admin-pass}"
url="${ASPNETCORE_URLS:-http://127.0.0.1:8080}"
export ASPNETCORE_URLS="$url" HUB_URL="$url"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

(cd src/Monitoring.Hub/bin/Release/net10.0 && exec dotnet Monitoring.Hub.dll) &
pids+=($!)

echo "== waiting for $url/health/ready"
for _ in $(seq 1 120); do
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" == "200" ]]; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "the hub exited; see its log above" >&2; exit 1; fi
  sleep 1
done

if [[ "$fleet_patients" -gt 0 ]]; then
  dotnet firmware-sim/Monitoring.FirmwareSim/bin/Release/net10.0/Monitoring.FirmwareSim.dll \
    fleet --hub "$url" --mqtt-host 127.0.0.1 --mqtt-port "$MQTT_PORT" --patients "$fleet_patients" --duration 0 \
    > "$MON_DATA_DIR/fleet.log" 2>&1 &
  pids+=($!)
fi

cat <<INFO

  Monitoring hub: $url            (dashboard, API under /api, SignalR /hubs/alarms)
  Health:         $url/health/ready
  Dev login:      $Admin__Username / $Admin__Password   (development only)
  Fleet:          $fleet_patients simulated patients (FLEET_PATIENTS=0 for none), log: $MON_DATA_DIR/fleet.log
  Stop with Ctrl-C; services keep running: scripts/services.sh down

INFO
wait "${pids[0]}"
