#!/usr/bin/env bash
# The hub benchmark for two commits side by side, in one sitting (issue 17: hub ingestion over MQTTnet
# must reach 90 % of the former client's "in the same benchmark run, parent commit vs this one").
#
#   scripts/bench-compare.sh [BASE_REF]      BASE_REF defaults to HEAD^ (the parent commit)
#   scripts/bench-compare.sh --hubs [N]      this working tree's hub: one hub (BASE) against N hubs (HEAD, default 2;
#                                            bench.sh's BENCH_HUBS, issue 16), same alternation and table, whose
#                                            columns are then "1 hub" and "N hubs": the held rate of the hubs
#                                            together, one hub's, their ratio, and the hub CPU per message summed
#                                            over the hubs. The stack's Redis is started (fresh) for it.
#
# Builds BASE_REF's hub in a temporary git worktree and this working tree's hub (HEAD), then runs the hub
# phase of scripts/bench.sh ((b) rate steps and the hold, (c) alarm latency, (d) memory; the broker ceiling
# is skipped) for BASE and HEAD alternately — BASE HEAD HEAD BASE, repeated — so drift in the machine's
# other work weighs on both. Everything but the hub is HEAD's and shared: the same fresh services, the same
# generator (the simulator's load mode), the same bench program. Prints one table (and writes it with each
# run's report to artifacts/bench/compare-<time>/): held msg/s, hub CPU µs per message, alarm latency
# p50/p99, heap and RSS per 10,000 devices, and HEAD/BASE.
#
# Environment: everything bench.sh takes (BENCH_QUICK=1 for short phases, BENCH_HUB_RATES, BENCH_STEP_SECONDS,
# BENCH_HOLD_SECONDS, BENCH_MEMORY_SECONDS, BENCH_SKIP_MEMORY, BENCH_HUB_<Section>__<Key>, the service ports), and
#   BENCH_ROUNDS [1]   pairs of runs per side: 1 = BASE HEAD HEAD BASE (four runs), 2 = eight, ...
# BENCH_QUICK=1 with one round takes about 15 minutes on the two shared cores; the full protocol over an hour.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

hubs=""
if [ "${1:-}" = --hubs ]; then
  hubs="${2:-2}"
  [[ $hubs =~ ^[2-9]$ ]] || { echo "bench-compare: --hubs takes 2 to 9 hubs, not '$hubs'" >&2; exit 2; }
  set -- HEAD
fi
base_ref="${1:-HEAD^}"
base="$(git rev-parse --verify "$base_ref^{commit}")"
head="$(git rev-parse HEAD)"
dirty=""
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  dirty=" + uncommitted changes"
fi
rounds="${BENCH_ROUNDS:-1}"
out="$repo/artifacts/bench/compare-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"

source scripts/bench-stack.sh

if [ -z "$hubs" ]; then
  worktree="$(mktemp -d "${TMPDIR:-/tmp}/bench-base-XXXXXX")"
  cleanup() { git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"; }
  trap cleanup EXIT

  echo "== BASE ${base:0:7} ($base_ref) in a temporary worktree: hub (Release)"
  git worktree add --detach --quiet "$worktree" "$base"
  dotnet build "$worktree/src/Monitoring.Hub" -c Release -nologo -v quiet
  base_dll="$worktree/src/Monitoring.Hub/bin/Release/net10.0/Monitoring.Hub.dll"
fi

echo "== HEAD ${head:0:7}$dirty: hub, simulator, benchmark (Release)"
for project in src/Monitoring.Hub firmware-sim/Monitoring.FirmwareSim tests/Monitoring.Hub.Benchmarks; do
  dotnet build "$project" -c Release -nologo -v quiet
done
head_dll="$repo/src/Monitoring.Hub/bin/Release/net10.0/Monitoring.Hub.dll"
bench="$repo/tests/Monitoring.Hub.Benchmarks/bin/Release/net10.0/Monitoring.Hub.Benchmarks.dll"

if [ -n "$hubs" ]; then
  base_dll="$head_dll"
  bench_fresh_services redis
else
  bench_fresh_services
fi

run() { # side number
  local side="$1" n="$2" dll label count="${BENCH_HUBS:-1}"
  if [ "$side" = base ]; then dll="$base_dll" label="base ${base:0:7}"; else dll="$head_dll" label="head ${head:0:7}$dirty"; fi
  if [ -n "$hubs" ]; then
    label="1 hub" count=1
    if [ "$side" = head ]; then count="$hubs" label="$hubs hubs"; fi
    label="$label, ${head:0:7}$dirty"
  fi
  echo "== run $n: $label"
  BENCH_REPO="$repo" BENCH_SKIP_BROKER=1 BENCH_HUBS="$count" BENCH_HUB_DLL="$dll" BENCH_LABEL="$label" BENCH_RESULT_JSON="$out/$side-$n.json" \
    dotnet "$bench" > "$out/$side-$n.log" 2>&1 || { echo "bench-compare: run $n ($label) failed; its output: $out/$side-$n.log" >&2; tail -20 "$out/$side-$n.log" >&2; exit 1; }
  grep -E '^\s*(\[|==|  latency|  \(d\))' "$out/$side-$n.log" | tail -4 || true
}

n=0
for ((round = 1; round <= rounds; round++)); do
  run base $((n += 1)); run head $((n += 1)); run head $((n += 1)); run base $((n += 1))
done

echo
dotnet "$bench" compare "$out"
echo "bench-compare: table, runs and their logs in $out"
