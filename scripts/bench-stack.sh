# Sourced by bench.sh and bench-compare.sh: the benchmarks' own service stack (data under .local/bench,
# the ports below unless set) and how to start it fresh.
#   MON_DATA_DIR [.local/bench]  MQTT_PORT [21883]  INFLUX_PORT [28086]  INFLUX_RPC_PORT [28088]  PG_PORT [25432]
#   REDIS_PORT [26379]  (Redis only for several hubs: BENCH_HUBS > 1, bench-compare.sh --hubs)
export MON_DATA_DIR="${MON_DATA_DIR:-$repo/.local/bench}" MQTT_PORT="${MQTT_PORT:-21883}" INFLUX_PORT="${INFLUX_PORT:-28086}"
export INFLUX_RPC_PORT="${INFLUX_RPC_PORT:-28088}" PG_PORT="${PG_PORT:-25432}" REDIS_PORT="${REDIS_PORT:-26379}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Fresh broker store and InfluxDB: no earlier run's queues or compactions. With BENCH_HUBS > 1 (or the
# argument "redis") a fresh Redis too: no earlier run's Orleans membership tables.
bench_fresh_services() {
  echo "== services under $MON_DATA_DIR (fresh broker store and InfluxDB: no earlier run's queues or compactions)"
  bash scripts/services.sh up
  bash scripts/services.sh down mosquitto
  bash scripts/services.sh down influxdb
  rm -f "$MON_DATA_DIR/mosquitto/data/mosquitto.db"
  # An earlier run's millions of points are compacted by InfluxDB in the background, during this run's
  # steps (seen: 70 % of a core with no writes at all); the bench's data is worth nothing after its report.
  rm -rf "$MON_DATA_DIR/influxdb/data" "$MON_DATA_DIR/influxdb/wal" "$MON_DATA_DIR/influxdb/meta"
  bash scripts/services.sh up mosquitto
  bash scripts/services.sh up influxdb
  if [ "${1:-}" = redis ] || [ "${BENCH_HUBS:-1}" -gt 1 ]; then
    bash scripts/services.sh down redis
    rm -f "$MON_DATA_DIR/redis/data/dump.rdb"
    bash scripts/services.sh up redis
  fi
  eval "$(bash scripts/services.sh env)"
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}
