#!/usr/bin/env bash
# Measures readings/s through the whole ingestion path on this machine (broker -> hub process ->
# InfluxDB): 100,000 messages of 2 readings from 10 devices. Uses the test stack's services.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export MON_DATA_DIR="${MON_DATA_DIR:-$repo/.local/test}" MQTT_PORT="${MQTT_PORT:-11883}" INFLUX_PORT="${INFLUX_PORT:-18086}"
export INFLUX_RPC_PORT="${INFLUX_RPC_PORT:-18088}" PG_PORT="${PG_PORT:-15432}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
bash scripts/services.sh up
eval "$(bash scripts/services.sh env)"
dotnet build tests/Monitoring.Hub.Tests -c Release -nologo -v quiet
dotnet test tests/Monitoring.Hub.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~IngestionThroughputBenchmark" --logger "console;verbosity=detailed" \
  -- xUnit.Explicit=only | grep -E "readings|messages|Passed|Failed"
