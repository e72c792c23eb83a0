#!/usr/bin/env bash
# Starts the local services, builds, and runs the hub in Development with documented dev credentials.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"

dotnet build src/Monitoring.Hub -c Release -nologo -v quiet

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Admin__Username="${Admin__Username:-admin}"
# Development-only password, printed below; never used outside a developer's machine.
export Admin__Password="${Admin__Password:-dev-admin-pass}"
url="${ASPNETCORE_URLS:-http://127.0.0.1:8080}"
export ASPNETCORE_URLS="$url"

cat <<INFO

  Monitoring hub: $url
  Health:         $url/health/ready
  Dev login:      $Admin__Username / $Admin__Password   (development only)
  Stop with Ctrl-C; services keep running: scripts/services.sh down

INFO
cd src/Monitoring.Hub/bin/Release/net10.0
exec dotnet Monitoring.Hub.dll
