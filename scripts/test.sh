#!/usr/bin/env bash
# Runs every test suite against real services on their own ports (beside any dev stack),
# and ends with one plain line: "Tests: N passed, N failed".
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

export MON_DATA_DIR="${MON_DATA_DIR:-$repo/.local/test}"
export MQTT_PORT="${MQTT_PORT:-11883}"
export INFLUX_PORT="${INFLUX_PORT:-18086}"
export INFLUX_RPC_PORT="${INFLUX_RPC_PORT:-18088}"
export PG_PORT="${PG_PORT:-15432}"
export REDIS_PORT="${REDIS_PORT:-16379}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The browser tests use Debian's Chromium; Playwright's own downloads fail here and are never wanted.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

echo "== services (test instances under $MON_DATA_DIR)"
bash scripts/services.sh up
# Redis: the SignalR backplane of the multi-hub tests (docs/scale-out.md); one hub does not need it.
bash scripts/services.sh up redis
bash scripts/services.sh browser
eval "$(bash scripts/services.sh env)"

echo "== dashboard (npm ci, typecheck, build)"
(cd dashboards/clinician && npm ci --no-audit --no-fund --loglevel=error && npm run --silent typecheck && npm run --silent build)

echo "== build (Release, warnings are errors)"
dotnet build Monitoring.sln -c Release -nologo -v quiet

results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

passed=0
failed=0
status=0
reports=(vitest.json playwright.json)

# Each .NET test project runs on its own so a crash in one is counted and the rest still run.
for project in tests/*.Tests/*.Tests.csproj firmware-sim/*.Tests/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  reports+=("$name.trx")
  echo "== $name"
  run_failed=0
  if ! dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" --blame-hang-timeout 10m; then
    status=1
    run_failed=1
  fi
  trx="$results/$name.trx"
  if [[ -f "$trx" ]]; then
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
    t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
    a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
    # A crashed test host or a failing fixture cleanup fails the run without a failed test in the counters.
    if [[ $run_failed -eq 1 && $((${f:-0} + ${e:-0} + ${t:-0} + ${a:-0})) -eq 0 ]]; then
      echo "!! $name failed without a failed test (a crash or a cleanup failure): counted as one failure"
      failed=$((failed + 1))
    fi
  else
    echo "!! $name produced no results: counted as one failure"
    failed=$((failed + 1))
  fi
done

echo "== dashboard unit tests (vitest)"
vitest_json="$results/vitest.json"
if ! (cd dashboards/clinician && npx vitest run --reporter=default --reporter=json --outputFile="$vitest_json"); then
  status=1
fi
if [[ -f "$vitest_json" ]]; then
  p="$(node -e 'const r=require(process.argv[1]);console.log(r.numPassedTests)' "$vitest_json")"
  f="$(node -e 'const r=require(process.argv[1]);console.log(r.numFailedTests + (r.success === false && r.numFailedTests === 0 ? 1 : 0))' "$vitest_json")"
  passed=$((passed + p))
  failed=$((failed + f))
else
  echo "!! vitest produced no results: counted as one failure"
  failed=$((failed + 1))
fi

# Against the real hub: e2e/global-setup.ts starts the Release build on these services with fresh
# databases; counted from Playwright's JSON report (a failed global setup counts as one failure).
echo "== dashboard browser tests (Playwright, Debian's Chromium, real hub)"
e2e_json="$results/playwright.json"
if ! (cd dashboards/clinician && E2E_JSON_REPORT="$e2e_json" npx playwright test); then
  status=1
fi
if [[ -f "$e2e_json" ]]; then
  p="$(node -e 'const s=require(process.argv[1]).stats;console.log(s.expected)' "$e2e_json")"
  f="$(node -e 'const r=require(process.argv[1]);const s=r.stats;const e=(r.errors||[]).length;console.log(s.unexpected + s.flaky + (e > 0 && s.unexpected === 0 ? 1 : 0))' "$e2e_json")"
  passed=$((passed + p))
  failed=$((failed + f))
else
  echo "!! the browser tests produced no report: counted as one failure"
  failed=$((failed + 1))
fi

if [[ $failed -gt 0 ]]; then status=1; fi
# CI shows only the tail of this output: name each failure here, just above the count.
node scripts/failed-tests.mjs "$results" "${reports[@]}" || echo "!! could not list the failed tests (see $results)"
echo "Tests: $passed passed, $failed failed"
exit $status
