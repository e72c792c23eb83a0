#!/usr/bin/env bash
# Builds the MQTT benchmark in Release and runs it against its own private Mosquitto
# (loopback, random port, data under .local/bench/mqtt), beside mosquitto_pub/mosquitto_sub
# as the baseline. Arguments go to the benchmark (--help lists them); the report is printed
# and written to artifacts/bench-mqtt.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

if ! command -v mosquitto_pub >/dev/null || [ ! -x /usr/sbin/mosquitto ] || ! command -v openssl >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y mosquitto mosquitto-clients openssl
  else
    echo "bench-mqtt: needs mosquitto, mosquitto-clients and openssl (apt-get install -y mosquitto mosquitto-clients openssl)" >&2
    exit 1
  fi
fi

# 1,000 idle connections need as many descriptors in this process and in the broker.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

project=tests/Monitoring.Mqtt.Benchmarks
dotnet build "$project" -c Release -nologo -v quiet
exec dotnet "$project/bin/Release/net10.0/Monitoring.Mqtt.Benchmarks.dll" "$@"
