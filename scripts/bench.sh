#!/usr/bin/env bash
# End-to-end benchmark of issue 9, on this machine, with one generator (the simulator's load mode:
# SenML with SpO2 + pulse per message, QoS 1, 10,000 device topics over 20 connections):
#   (a) broker ceiling: generator → Mosquitto → a subscriber that only counts; highest rate with no loss
#   (b) the hub as its own process (Release, ingestion + alarms, 10,000 monitored patients): rising
#       rates, then the best held (default 5 min): backlog, every reading counted in InfluxDB, CPU, RSS
#   (c) alarm latency under that load: desaturations from a separate publisher → alarmRaised on a
#       SignalR connection: p50, p99, p99.9, max
#   (d) hub memory with 0, 10,000 and 20,000 registered + streaming devices, after a full GC
#   (e) the ratio hub / broker ceiling
# Prints a table and writes artifacts/bench/bench-<time>.{md,json} (and bench-latest.*).
#
# Uses its own service stack (data under .local/bench, ports below) with a fresh broker store.
# Environment (defaults: the issue's full protocol, about 25 minutes):
#   BENCH_QUICK=1                      everything shorter (about 3-4 minutes)
#   BENCH_BROKER_RATES, BENCH_HUB_RATES  comma-separated msg/s steps (stop at the first the receiver cannot keep up with)
#   BENCH_BROKER_STEP_SECONDS [30]  BENCH_STEP_SECONDS [60]  BENCH_HOLD_SECONDS [300]  BENCH_MEMORY_SECONDS [120]
#   BENCH_DEVICES [10000]  BENCH_CONNECTIONS [20]  BENCH_PROBE_INTERVAL_MS [100]  BENCH_PROBES [500]
#   BENCH_HOLD_RETRIES [2]           a hold that falls behind is repeated this often, each time lower
#   BENCH_SKIP_BROKER=1  BENCH_SKIP_MEMORY=1  BENCH_MEMORY_RATE (0: the held rate)
#   BENCH_ALL_STEPS=1                  run every hub step even after one fell behind (issue 15's table:
#                                      BENCH_HUB_RATES=20000,30000,40000,50000 BENCH_STEP_SECONDS=30)
#   BENCH_DRAIN_SECONDS [120]          how long a step waits for the hub to drain before counting InfluxDB
# Every step reports the broker's drops ($SYS) and InfluxDB against what the broker acknowledged; a step
# with any loss (missing, doubled or dropped) is FAILED whatever its rate.
#   BENCH_HUB_<Section>__<Key>=value   extra hub configuration (e.g. BENCH_HUB_Influx__BatchSize=10000)
#   BENCH_HUB_DLL                      another hub build to run (default this repository's Release build;
#                                      scripts/bench-compare.sh runs two commits' hubs side by side)
#   BENCH_HUBS [1]                     hub processes (issue 16): 2 runs two equal hubs as docs/scale-out.md does,
#                                      one Orleans cluster with membership in Redis, the SignalR Redis backplane,
#                                      the shared subscription $share/bench/..., each its own HTTP, silo port and
#                                      client id (the stack's Redis is started fresh for them). Every step then
#                                      measures the hubs together: InfluxDB holds every acked message exactly once,
#                                      consumed/backlog summed over the hubs, hub CPU (µs/msg, %) and RSS summed
#                                      over their processes. Registration, the latency probe's SignalR connection
#                                      and its alarm resolves go to hub 1 (the backplane brings hub 2's alarms);
#                                      the memory phase (d) is skipped. One hub against two in one sitting,
#                                      alternated: scripts/bench-compare.sh --hubs (prints both held rates, the
#                                      ratio and the CPU per message summed over the hubs)
#   MON_DATA_DIR [.local/bench]  MQTT_PORT [21883]  INFLUX_PORT [28086]  INFLUX_RPC_PORT [28088]  PG_PORT [25432]
#   REDIS_PORT [26379]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

source scripts/bench-stack.sh

echo "== build (Release): hub, simulator, benchmark"
for project in src/Monitoring.Hub firmware-sim/Monitoring.FirmwareSim tests/Monitoring.Hub.Benchmarks; do
  dotnet build "$project" -c Release -nologo -v quiet
done

bench_fresh_services
BENCH_REPO="$repo" exec dotnet tests/Monitoring.Hub.Benchmarks/bin/Release/net10.0/Monitoring.Hub.Benchmarks.dll
