#!/usr/bin/env bash
# Start, stop and inspect the real services the hub needs, on loopback, for one "stack"
# (a data folder plus a set of ports): Mosquitto 2 (dynamic security), InfluxDB 1.x,
# PostgreSQL 15 and Redis 7 (the SignalR backplane of several hubs). Several stacks (dev, test)
# can run side by side. See docs/conventions.md.
#
#   scripts/services.sh up      [mosquitto|influxdb|postgres|redis ...]   start (idempotent), wait until they answer
#   scripts/services.sh down    [mosquitto|influxdb|postgres|redis ...]   stop by PID and wait (idempotent)
#   scripts/services.sh restart [mosquitto|influxdb|postgres|redis ...]   down then up
#   scripts/services.sh status  [mosquitto|influxdb|postgres|redis ...]   exit 0 if all running, 3 otherwise
# Without names: up/restart the three one hub needs; redis only when named (several hubs, tests);
# down stops all four; status reports redis too once this stack has started it.
#   scripts/services.sh env                                          `export` lines for run.sh / test.sh (eval them)
#   scripts/services.sh browser                                      install Debian's Chromium and a CJK font (browser tests) when missing
#
# Environment (defaults in brackets):
#   MON_DATA_DIR [<repo>/.local/dev]   all data, configs, logs and pid files; relative = from the repo root
#   MQTT_PORT [1883]  INFLUX_PORT [8086]  INFLUX_RPC_PORT [8088]  PG_PORT [5432]  REDIS_PORT [6379]
#   MQTT_ADMIN_PASSWORD [dev-mqtt-admin]  MQTT_HUB_PASSWORD [dev-mqtt-hub]  PG_PASSWORD [dev-pg-monitoring]
#   REDIS_PASSWORD [dev-redis-hub]
#   MON_WAIT_SECONDS [60]              how long `up` waits for a service to answer
#   MOSQUITTO_EXTRA_CONF []            a file appended to the generated mosquitto.conf (tests: a tiny queue; later lines win)
#   PG_BIN [/usr/lib/postgresql/15/bin]
#
# Layout under $MON_DATA_DIR:
#   mosquitto/ mosquitto.conf, dynamic-security.json, data/mosquitto.db, mosquitto.log, mosquitto.pid
#   influxdb/  influxdb.conf, meta/, data/, wal/, influxd.log, influxd.pid
#   postgres/  data/ (PGDATA, postmaster.pid), sock/ (unix socket), postgres.log
#   redis/     redis.conf (mode 600: the hub's password), data/dump.rdb, redis.log, redis.pid
#
# Processes are only ever stopped through their pid file, after checking that the pid's
# command line names this stack's own config/data path.
# shellcheck disable=SC2016,SC2015  # single-quoted $SYS, $CONTROL, $share are MQTT topics
set -euo pipefail
umask 022

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
TEMPLATE_DIR=$SCRIPT_DIR/services
# One hub needs the first three (and gets nothing new to install); Redis is for several hubs.
DEFAULT_SERVICES=(mosquitto influxdb postgres)
ALL_SERVICES=(mosquitto influxdb postgres redis)

MON_DATA_DIR=${MON_DATA_DIR:-$REPO_ROOT/.local/dev}
case $MON_DATA_DIR in /*) ;; *) MON_DATA_DIR=$REPO_ROOT/$MON_DATA_DIR ;; esac
MON_DATA_DIR=$(realpath -m -- "$MON_DATA_DIR")
MQTT_PORT=${MQTT_PORT:-1883}
INFLUX_PORT=${INFLUX_PORT:-8086}
INFLUX_RPC_PORT=${INFLUX_RPC_PORT:-8088}
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
MQTT_ADMIN_PASSWORD=${MQTT_ADMIN_PASSWORD:-dev-mqtt-admin}
MQTT_HUB_PASSWORD=${MQTT_HUB_PASSWORD:-dev-mqtt-hub}
PG_PASSWORD=${PG_PASSWORD:-dev-pg-monitoring}
REDIS_PASSWORD=${REDIS_PASSWORD:-dev-redis-hub}
MON_WAIT_SECONDS=${MON_WAIT_SECONDS:-60}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

MQ_DIR=$MON_DATA_DIR/mosquitto
MQ_CONF=$MQ_DIR/mosquitto.conf
MQ_PID=$MQ_DIR/mosquitto.pid
MQ_LOG=$MQ_DIR/mosquitto.log
DYNSEC_FILE=$MQ_DIR/dynamic-security.json

IX_DIR=$MON_DATA_DIR/influxdb
IX_CONF=$IX_DIR/influxdb.conf
IX_PID=$IX_DIR/influxd.pid
IX_LOG=$IX_DIR/influxd.log
INFLUX_DB=rpm

PG_DIR=$MON_DATA_DIR/postgres
PGDATA_DIR=$PG_DIR/data
PG_SOCK=$PG_DIR/sock
PG_LOG=$PG_DIR/postgres.log

RD_DIR=$MON_DATA_DIR/redis
RD_CONF=$RD_DIR/redis.conf
RD_PID=$RD_DIR/redis.pid
RD_LOG=$RD_DIR/redis.log

DYNSEC_TOPIC='$CONTROL/dynamic-security/v1'

# ----------------------------------------------------------------------------- helpers

warn() { printf 'services.sh: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# die with the last lines of a log file
die_with_log() { # <logfile> <message...>
  local logfile=$1; shift
  warn "$*"
  if [ -r "$logfile" ]; then
    warn "last lines of $logfile:"
    tail -n 30 "$logfile" | sed 's/^/    /' >&2
  fi
  exit 1
}

check_port_var() { # <name>
  local v=${!1}
  [[ $v =~ ^[0-9]+$ ]] && [ "$v" -ge 1 ] && [ "$v" -le 65535 ] || die "$1='$v' is not a TCP port"
}
for _p in MQTT_PORT INFLUX_PORT INFLUX_RPC_PORT PG_PORT REDIS_PORT; do check_port_var "$_p"; done
[[ $MON_WAIT_SECONDS =~ ^[0-9]+$ ]] || die "MON_WAIT_SECONDS='$MON_WAIT_SECONDS' is not a number"

# single-quote a value for `eval` unless it is plainly safe
shq() {
  local v=$1
  if [[ $v =~ ^[A-Za-z0-9_./:@%+,=-]*$ ]]; then printf '%s' "$v"
  else printf "'%s'" "${v//\'/\'\\\'\'}"; fi
}

# JSON string literal (passwords go into dynsec commands)
json_str() {
  local s=$1
  [[ $s != *[[:cntrl:]]* ]] || die "control characters are not supported in passwords"
  s=${s//\\/\\\\}; s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

# true if the process exists and is not a zombie
proc_alive() { # <pid>
  local state
  [ -r "/proc/$1/stat" ] || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# print the pid from <pidfile> if that process is alive and its command line contains <marker>
# (this stack's config or data path): a stale or reused pid is never reported or signalled.
pid_from_file() { # <pidfile> <marker>
  local pid cmd
  [ -r "$1" ] || return 1
  pid=$(head -n 1 "$1" 2>/dev/null | tr -dc '0-9') || return 1
  [ -n "$pid" ] || return 1
  proc_alive "$pid" || return 1
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmd == *"$2"* ]] || return 1
  printf '%s\n' "$pid"
}

# Close every file descriptor above 2 in the current (sub)shell. Daemons are started from a
# subshell that calls this first, so they hold neither this script's lock (fd 9) nor a
# pipe inherited from the caller (CI runners, `$(...)`, make) that would keep it waiting.
close_extra_fds() {
  local fd
  for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    if [[ $fd =~ ^[0-9]+$ ]] && [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# something accepts TCP connections on 127.0.0.1:<port>
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_port_free() { # <service> <port> <var>
  if port_open "$2"; then
    die "$1: 127.0.0.1:$2 is already in use by another process (not this stack's $1, data folder $MON_DATA_DIR); stop it or set $3"
  fi
}

# send SIGTERM to <pid>, wait for it to exit (SIGKILL after <timeout> s)
stop_pid() { # <name> <pid> <timeout>
  local name=$1 pid=$2 timeout=$3 i
  if ! kill -TERM "$pid" 2>/dev/null; then
    proc_alive "$pid" && die "$name: cannot signal pid $pid (started by another user? run as that user or root)"
    return 0
  fi
  for ((i = 0; i < timeout * 5; i++)); do
    proc_alive "$pid" || return 0
    sleep 0.2
  done
  warn "$name: pid $pid did not exit within ${timeout}s after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do proc_alive "$pid" || return 0; sleep 0.2; done
  die "$name: pid $pid is still alive"
}

# Stops a service found through its pid file (NAME, the function that reads its pid, the pid file,
# seconds of grace before SIGKILL) and removes the file.
down_by_pid_file() {
  local name=$1 pid_of=$2 pid_file=$3 grace=$4 pid
  if pid=$("$pid_of"); then
    stop_pid "$name" "$pid" "$grace"
    echo "$name: stopped (was pid $pid)"
  else
    echo "$name: not running"
  fi
  [ ! -e "$pid_file" ] || rm -f "$pid_file" 2>/dev/null || true
}

# render a template: replace @KEY@ with value for each KEY value pair
render() { # <template> <output> KEY value ...
  local template=$1 out=$2 content
  shift 2
  [ -r "$template" ] || die "template $template is missing"
  content=$(<"$template")
  while (($#)); do content=${content//"@$1@"/"$2"}; shift 2; done
  if [[ $content =~ @[A-Z_]+@ ]]; then die "unreplaced placeholder ${BASH_REMATCH[0]} in $template"; fi
  printf '%s\n' "$content" > "$out.tmp"
  mv -f "$out.tmp" "$out"
}

# value of a "key = value" or "key value" line in a config file (first match)
conf_port() { # <file> <awk-regex-of-line> ; prints the port (digits after the last ':' or the 2nd field)
  [ -r "$1" ] || return 1
  awk -v re="$2" '$0 ~ re { line = $0; sub(/#.*/, "", line); n = split(line, a, /[: "]+/); for (i = n; i >= 1; i--) if (a[i] ~ /^[0-9]+$/) { print a[i]; exit } }' "$1"
}

# ----------------------------------------------------------------------------- packages

APT_POLICY_CREATED=
cleanup_policy() { if [ -n "$APT_POLICY_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; APT_POLICY_CREATED=; fi; }
trap cleanup_policy EXIT

apt_install() { # <package...>
  local log=/tmp/services-apt.$$.log
  warn "installing missing packages: $* (log: $log)"
  # Without systemd, a package's maintainer scripts would start its system-wide daemon on
  # the default port (1883, 8086, 5432): forbid that for the duration of the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, from scripts/services.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    APT_POLICY_CREATED=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$log" 2>&1; then
    warn "apt-get install failed; running apt-get update once and retrying"
    if ! { apt-get update -q >>"$log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$log" 2>&1; }; then
      cleanup_policy
      die_with_log "$log" "apt-get install -y $* failed"
    fi
  fi
  cleanup_policy
  rm -f "$log"
}

# ensure_packages cmd=package ... (cmd: a name on PATH, or an absolute path to a file the package installs)
ensure_packages() {
  local spec cmd pkg missing=() p seen
  for spec in "$@"; do
    cmd=${spec%%=*}; pkg=${spec#*=}
    if [[ $cmd == /* ]]; then [ -e "$cmd" ] && continue
    else command -v "$cmd" >/dev/null 2>&1 && continue; fi
    seen=
    for p in "${missing[@]+"${missing[@]}"}"; do [ "$p" = "$pkg" ] && seen=1; done
    [ -n "$seen" ] || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  if ! is_root; then
    warn "missing packages: ${missing[*]}"
    warn "install them as root with:  apt-get install -y ${missing[*]}"
    exit 1
  fi
  apt_install "${missing[@]}"
  for spec in "$@"; do
    cmd=${spec%%=*}
    if [[ $cmd == /* ]]; then [ -e "$cmd" ] || die "$cmd still missing after installing packages"
    else command -v "$cmd" >/dev/null 2>&1 || die "$cmd still missing after installing packages"; fi
  done
}

# ----------------------------------------------------------------------------- mosquitto

find_dynsec_plugin() {
  local f
  for f in /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so \
           "/usr/lib/$(uname -m)-linux-gnu/mosquitto_dynamic_security.so" \
           /usr/lib/mosquitto_dynamic_security.so /usr/local/lib/mosquitto_dynamic_security.so; do
    [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
  done
  f=$(dpkg -L mosquitto 2>/dev/null | grep '/mosquitto_dynamic_security\.so$' | head -n 1) || true
  [ -n "$f" ] && [ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
  return 1
}

mq_pid() { pid_from_file "$MQ_PID" "$MQ_CONF"; }
mq_port() { conf_port "$MQ_CONF" '^listener '; }

# one request to the dynsec control topic as admin; prints the JSON response
dynsec_request() { # <comma-separated command objects>
  mosquitto_rr -h 127.0.0.1 -p "$MQTT_PORT" -u admin -P "$MQTT_ADMIN_PASSWORD" \
    -t "$DYNSEC_TOPIC" -e "$DYNSEC_TOPIC/response" -W 10 -m "{\"commands\":[$1]}" 2>&1
}

# run dynsec commands that must all succeed
dynsec_do() { # <what> <commands>
  local out
  out=$(dynsec_request "$2") || die_with_log "$MQ_LOG" "mosquitto: dynsec request failed ($1): $out"
  [[ $out == *'"responses"'* && $out != *'"error"'* ]] || die "mosquitto: dynsec $1 failed: $out"
}

# 0 = exists, 1 = not found
dynsec_exists() { # <getClient|getRole> <username|rolename> <name>
  local out
  out=$(dynsec_request "{\"command\":\"$1\",\"$2\":\"$3\"}") || die_with_log "$MQ_LOG" "mosquitto: dynsec request failed: $out"
  case $out in
    *'"error"'*'not found'*) return 1 ;;
    *'"data"'*) printf '%s\n' "$out"; return 0 ;;
    *) die "mosquitto: unexpected dynsec answer: $out" ;;
  esac
}

acl() { printf '{"acltype":"%s","topic":"%s","allow":true}' "$1" "$2"; }

# create the roles and accounts of docs/conventions.md when missing; never touches others
# (device accounts created by the hub are kept). Sets MQ_HUB_CREATED=1 if hub was created.
mq_ensure_accounts() {
  local out
  MQ_HUB_CREATED=
  # admin: the role "admin" from `dynsec init` (dynsec administration, $SYS, receive and
  # subscribe everything) plus "all-topics" (publish everything, shared subscriptions).
  if ! dynsec_exists getRole rolename all-topics >/dev/null; then
    dynsec_do "createRole all-topics" "{\"command\":\"createRole\",\"rolename\":\"all-topics\",\"textname\":\"publish and subscribe everything (operators, tests)\",\"acls\":[$(acl publishClientSend '#'),$(acl publishClientReceive '#'),$(acl subscribePattern '#'),$(acl subscribePattern '$share/#'),$(acl subscribePattern '$SYS/#'),$(acl publishClientReceive '$SYS/#')]}"
  fi
  out=$(dynsec_exists getClient username admin) || die "mosquitto: dynsec has no admin client"
  if [[ $out != *'"rolename":"all-topics"'* ]]; then
    # dynsec disconnects ("kicks") every client whose roles change - here the requesting
    # admin connection itself, before the response arrives: check the result separately.
    dynsec_request '{"command":"addClientRole","username":"admin","rolename":"all-topics"}' >/dev/null || true
    out=$(dynsec_exists getClient username admin) || die "mosquitto: dynsec has no admin client"
    [[ $out == *'"rolename":"all-topics"'* ]] || die "mosquitto: dynsec addClientRole admin all-topics failed: $out"
  fi
  # hub: dynsec administration (creates device accounts at run time) + device topics.
  if ! dynsec_exists getRole rolename dynsec-admin >/dev/null; then
    dynsec_do "createRole dynsec-admin" "{\"command\":\"createRole\",\"rolename\":\"dynsec-admin\",\"textname\":\"administer the dynamic-security plugin\",\"acls\":[$(acl publishClientSend '$CONTROL/dynamic-security/#'),$(acl publishClientReceive '$CONTROL/dynamic-security/#'),$(acl subscribePattern '$CONTROL/dynamic-security/#')]}"
  fi
  # dynsec matches a subscription's full filter, so "$share/<group>/rpm/v1/devices/#" needs
  # its own pattern ("$share/+/rpm/v1/devices/#"); delivery is checked on the real topic.
  if ! dynsec_exists getRole rolename hub >/dev/null; then
    dynsec_do "createRole hub" "{\"command\":\"createRole\",\"rolename\":\"hub\",\"textname\":\"hub: receive all device messages\",\"acls\":[$(acl subscribePattern 'rpm/v1/devices/#'),$(acl subscribePattern '$share/+/rpm/v1/devices/#'),$(acl publishClientReceive 'rpm/v1/devices/#'),$(acl subscribePattern '$SYS/#'),$(acl publishClientReceive '$SYS/#'),$(acl publishClientSend 'rpm/v1/devices/$hub/#')]}"
  fi
  # the hub's lag probe goes through its own device subscription (docs/ingestion.md, "Overload"):
  # an older stack's hub role gets the ACL it publishes with
  out=$(dynsec_exists getRole rolename hub) || die "mosquitto: dynsec has no hub role"
  if [[ $out != *'rpm/v1/devices/$hub/#'* ]]; then
    dynsec_do "addRoleACL hub probe" "{\"command\":\"addRoleACL\",\"rolename\":\"hub\",$(acl publishClientSend 'rpm/v1/devices/$hub/#' | sed 's/^{//; s/}$//')}"
  fi
  if ! dynsec_exists getClient username hub >/dev/null; then
    dynsec_do "createClient hub" "{\"command\":\"createClient\",\"username\":\"hub\",\"password\":$(json_str "$MQTT_HUB_PASSWORD"),\"textname\":\"monitoring hub\",\"roles\":[{\"rolename\":\"hub\"},{\"rolename\":\"dynsec-admin\"}]}"
    MQ_HUB_CREATED=1
  fi
}

# the readiness check of the brief: the hub authenticates and reads $SYS
mq_hub_answers() {
  mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -u hub -P "$MQTT_HUB_PASSWORD" \
    -t '$SYS/broker/version' -C 1 -W 5 >/dev/null 2>&1
}

mq_ready() { # <pid>
  local pid=$1 i out
  # wait for the listener
  for ((i = 0; i < MON_WAIT_SECONDS * 5; i++)); do
    proc_alive "$pid" || die_with_log "$MQ_LOG" "mosquitto: exited during start-up"
    port_open "$MQTT_PORT" && break
    sleep 0.2
  done
  port_open "$MQTT_PORT" || die_with_log "$MQ_LOG" "mosquitto: not listening on 127.0.0.1:$MQTT_PORT after ${MON_WAIT_SECONDS}s"
  # admin must authenticate (its password lives in the dynsec file)
  out=$(mosquitto_rr -h 127.0.0.1 -p "$MQTT_PORT" -u admin -P "$MQTT_ADMIN_PASSWORD" -t "$DYNSEC_TOPIC" \
        -e "$DYNSEC_TOPIC/response" -W 10 -m '{"commands":[{"command":"getDefaultACLAccess"}]}' 2>&1) ||
    die_with_log "$MQ_LOG" "mosquitto: the admin account cannot use dynsec ($out); MQTT_ADMIN_PASSWORD must match the admin password stored in $DYNSEC_FILE"
  mq_ensure_accounts
  if ! mq_hub_answers; then
    if [ -z "$MQ_HUB_CREATED" ]; then
      # the hub account exists with another password: make it match MQTT_HUB_PASSWORD
      warn "mosquitto: hub could not log in; setting its password from MQTT_HUB_PASSWORD"
      dynsec_do "setClientPassword hub" "{\"command\":\"setClientPassword\",\"username\":\"hub\",\"password\":$(json_str "$MQTT_HUB_PASSWORD")}"
    fi
    mq_hub_answers || die_with_log "$MQ_LOG" "mosquitto: the hub account cannot subscribe to \$SYS/broker/version on 127.0.0.1:$MQTT_PORT"
  fi
  grep -q '"username":[[:space:]]*"hub"' "$DYNSEC_FILE" 2>/dev/null ||
    die_with_log "$MQ_LOG" "mosquitto: $DYNSEC_FILE was not updated by the broker (not writable by its user?)"
}

mosquitto_up() {
  local pid plugin user tmp port
  ensure_packages mosquitto=mosquitto mosquitto_ctrl=mosquitto \
    mosquitto_sub=mosquitto-clients mosquitto_pub=mosquitto-clients mosquitto_rr=mosquitto-clients
  if pid=$(mq_pid); then
    port=$(mq_port || true)
    [ "$port" = "$MQTT_PORT" ] || die "mosquitto: already running (pid $pid) on port ${port:-?}, not MQTT_PORT=$MQTT_PORT; run 'down mosquitto' first"
    mq_ready "$pid"
    echo "mosquitto: already running (pid $pid, 127.0.0.1:$MQTT_PORT)"
    return 0
  fi
  rm -f "$MQ_PID"
  require_port_free mosquitto "$MQTT_PORT" MQTT_PORT
  plugin=$(find_dynsec_plugin) || die "mosquitto: mosquitto_dynamic_security.so not found (package mosquitto >= 2.0)"
  mkdir -p "$MQ_DIR/data"

  # dynsec file: created once with the admin account; later runs keep it (device accounts)
  if [ ! -s "$DYNSEC_FILE" ]; then
    [ -n "$MQTT_ADMIN_PASSWORD" ] || die "MQTT_ADMIN_PASSWORD must not be empty"
    tmp=$MQ_DIR/dynamic-security.json.init.$$
    rm -f "$tmp"
    mosquitto_ctrl dynsec init "$tmp" admin "$MQTT_ADMIN_PASSWORD" >/dev/null 2>&1 || true
    [ -s "$tmp" ] || die "mosquitto: 'mosquitto_ctrl dynsec init' did not create $tmp"
    chmod 600 "$tmp"
    mv -f "$tmp" "$DYNSEC_FILE"
  fi

  # As root, mosquitto drops privileges to user "mosquitto" right after opening its
  # listener; from then on it saves the persistence db, rewrites the dynsec file and
  # removes its pid file as that user, so that user must own the mosquitto folder.
  user=$(id -un)
  if is_root; then
    if id mosquitto >/dev/null 2>&1 && runuser -u mosquitto -- test -x "$MON_DATA_DIR" 2>/dev/null; then
      user=mosquitto
      touch "$MQ_LOG"
      chown -R mosquitto:mosquitto "$MQ_DIR"
      runuser -u mosquitto -- test -w "$MQ_DIR" -a -w "$MQ_DIR/data" -a -w "$DYNSEC_FILE" ||
        die "mosquitto: $MQ_DIR is not writable by user mosquitto"
    else
      warn "mosquitto: user mosquitto missing or cannot reach $MON_DATA_DIR; running the broker as root"
      user=root
    fi
  fi

  render "$TEMPLATE_DIR/mosquitto.conf.template" "$MQ_CONF" \
    MQTT_PORT "$MQTT_PORT" DYNSEC_PLUGIN "$plugin" DYNSEC_FILE "$DYNSEC_FILE" \
    MOSQUITTO_DIR "$MQ_DIR" MOSQUITTO_USER "$user"
  if [ -n "${MOSQUITTO_EXTRA_CONF:-}" ]; then
    [ -r "$MOSQUITTO_EXTRA_CONF" ] || die "mosquitto: MOSQUITTO_EXTRA_CONF=$MOSQUITTO_EXTRA_CONF is not readable"
    { echo; echo "# appended from MOSQUITTO_EXTRA_CONF"; cat "$MOSQUITTO_EXTRA_CONF"; } >>"$MQ_CONF"
  fi
  [ "$user" = root ] || ! is_root || chown "$user": "$MQ_CONF"

  # -d: mosquitto forks, detaches (setsid) and writes pid_file itself
  if ! (close_extra_fds; exec mosquitto -c "$MQ_CONF" -d) >>"$MQ_LOG" 2>&1 </dev/null; then
    die_with_log "$MQ_LOG" "mosquitto: failed to start"
  fi
  local i
  for ((i = 0; i < MON_WAIT_SECONDS * 5; i++)); do
    pid=$(mq_pid) && break
    sleep 0.2
  done
  [ -n "${pid:-}" ] && proc_alive "$pid" || die_with_log "$MQ_LOG" "mosquitto: no live process behind $MQ_PID"
  mq_ready "$pid"
  echo "mosquitto: started (pid $pid, 127.0.0.1:$MQTT_PORT, user $(ps -o user= -p "$pid" 2>/dev/null || echo "$user"))"
}

mosquitto_down() { down_by_pid_file mosquitto mq_pid "$MQ_PID" 30; }

mosquitto_status() {
  local pid
  if pid=$(mq_pid); then echo "mosquitto: running (pid $pid, 127.0.0.1:$(mq_port || echo "$MQTT_PORT"))"; return 0; fi
  echo "mosquitto: stopped"; return 1
}

# ----------------------------------------------------------------------------- influxdb

ix_pid() { pid_from_file "$IX_PID" "$IX_CONF"; }

ix_ping() { [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$INFLUX_PORT/ping" 2>/dev/null)" = 204 ]; }

ix_ready() { # <pid>
  local pid=$1 i out
  for ((i = 0; i < MON_WAIT_SECONDS * 5; i++)); do
    ix_ping && break
    proc_alive "$pid" || die_with_log "$IX_LOG" "influxdb: exited during start-up"
    sleep 0.2
  done
  ix_ping || die_with_log "$IX_LOG" "influxdb: no 204 from http://127.0.0.1:$INFLUX_PORT/ping after ${MON_WAIT_SECONDS}s"
  # CREATE DATABASE is a no-op when it exists
  out=$(curl -s -m 10 -XPOST "http://127.0.0.1:$INFLUX_PORT/query" --data-urlencode "q=CREATE DATABASE $INFLUX_DB" 2>&1) ||
    die_with_log "$IX_LOG" "influxdb: CREATE DATABASE $INFLUX_DB failed: $out"
  [[ $out != *'"error"'* ]] || die "influxdb: CREATE DATABASE $INFLUX_DB failed: $out"
}

influxdb_up() {
  local pid port i
  ensure_packages influxd=influxdb influx=influxdb-client curl=curl
  if pid=$(ix_pid); then
    port=$(conf_port "$IX_CONF" '^  bind-address = "127' || true)
    [ "$port" = "$INFLUX_PORT" ] || die "influxdb: already running (pid $pid) on port ${port:-?}, not INFLUX_PORT=$INFLUX_PORT; run 'down influxdb' first"
    ix_ready "$pid"
    echo "influxdb: already running (pid $pid, 127.0.0.1:$INFLUX_PORT, rpc 127.0.0.1:$INFLUX_RPC_PORT)"
    return 0
  fi
  rm -f "$IX_PID"
  [ "$INFLUX_PORT" != "$INFLUX_RPC_PORT" ] || die "INFLUX_PORT and INFLUX_RPC_PORT must differ"
  require_port_free influxdb "$INFLUX_PORT" INFLUX_PORT
  require_port_free influxdb "$INFLUX_RPC_PORT" INFLUX_RPC_PORT
  mkdir -p "$IX_DIR"
  render "$TEMPLATE_DIR/influxdb.conf.template" "$IX_CONF" \
    INFLUX_DIR "$IX_DIR" INFLUX_PORT "$INFLUX_PORT" INFLUX_RPC_PORT "$INFLUX_RPC_PORT"
  # setsid: own session, so the caller's Ctrl-C / process-group kill does not reach it;
  # influxd writes (and on exit removes) the pid file itself.
  (close_extra_fds; exec setsid influxd run -config "$IX_CONF" -pidfile "$IX_PID") >>"$IX_LOG" 2>&1 </dev/null &
  pid=$!
  disown "$pid" 2>/dev/null || true
  ix_ready "$pid"
  for ((i = 0; i < 25; i++)); do [ "$(ix_pid || true)" = "$pid" ] && break; sleep 0.2; done
  [ "$(ix_pid || true)" = "$pid" ] || die_with_log "$IX_LOG" "influxdb: pid file $IX_PID does not name pid $pid"
  echo "influxdb: started (pid $pid, 127.0.0.1:$INFLUX_PORT, rpc 127.0.0.1:$INFLUX_RPC_PORT, database $INFLUX_DB)"
}

influxdb_down() { down_by_pid_file influxdb ix_pid "$IX_PID" 60; }

influxdb_status() {
  local pid
  if pid=$(ix_pid); then
    echo "influxdb: running (pid $pid, 127.0.0.1:$(conf_port "$IX_CONF" '^  bind-address = "127' || echo "$INFLUX_PORT"), rpc 127.0.0.1:$(conf_port "$IX_CONF" '^bind-address' || echo "$INFLUX_RPC_PORT"))"
    return 0
  fi
  echo "influxdb: stopped"; return 1
}

# ----------------------------------------------------------------------------- postgres

# run a command as the cluster owner: "postgres" when we are root (PostgreSQL refuses root)
as_pg() {
  if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_pid() { pid_from_file "$PGDATA_DIR/postmaster.pid" "$PGDATA_DIR"; }
pg_running_port() { sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null | tr -dc '0-9'; }

psql_super() { # psql as superuser over this cluster's unix socket
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres "$@"
}

pg_monitoring_answers() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -t -A \
    "host=127.0.0.1 port=$PG_PORT user=monitoring dbname=monitoring" -c 'select 1' 2>/dev/null | grep -qx 1
}

pg_ready() {
  local role_existed
  role_existed=$(psql_super -t -A -c "select count(*) from pg_roles where rolname = 'monitoring'" </dev/null) ||
    die_with_log "$PG_LOG" "postgres: cannot connect as superuser through $PG_SOCK"
  # create role and database only when missing (psql variables quote the password)
  psql_super -v pw="$PG_PASSWORD" >/dev/null <<'SQL' || die_with_log "$PG_LOG" "postgres: creating role/database monitoring failed"
SELECT format('CREATE ROLE monitoring LOGIN CREATEDB PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'monitoring') \gexec
SELECT 'CREATE DATABASE monitoring OWNER monitoring'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'monitoring') \gexec
-- Tests drop their throw-away databases WITH (FORCE); without this an autovacuum worker on the
-- database makes the drop fail with 42501 (no right to signal that backend). Idempotent.
SET client_min_messages = warning;
GRANT pg_signal_backend TO monitoring;
SQL
  if ! pg_monitoring_answers; then
    if [ "$role_existed" = 1 ]; then
      warn "postgres: monitoring could not log in; setting its password from PG_PASSWORD"
      psql_super -v pw="$PG_PASSWORD" >/dev/null <<'SQL' || die_with_log "$PG_LOG" "postgres: ALTER ROLE monitoring failed"
SELECT format('ALTER ROLE monitoring PASSWORD %L', :'pw') \gexec
SQL
    fi
    pg_monitoring_answers || die_with_log "$PG_LOG" "postgres: 'select 1' as monitoring on 127.0.0.1:$PG_PORT failed"
  fi
}

postgres_up() {
  local pid port owner
  ensure_packages "$PG_BIN/initdb=postgresql-15" "$PG_BIN/pg_ctl=postgresql-15" \
    "$PG_BIN/postgres=postgresql-15" "$PG_BIN/psql=postgresql-client-15"
  # unix socket paths are limited to 107 bytes
  ((${#PG_SOCK} + 16 <= 107)) || die "postgres: socket path $PG_SOCK/.s.PGSQL.$PG_PORT is too long; use a shorter MON_DATA_DIR"
  if is_root; then
    id postgres >/dev/null 2>&1 || die "postgres: user postgres missing (package postgresql-common)"
    mkdir -p "$PG_DIR"
    chown postgres:postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" ||
      die "postgres: user postgres cannot reach $PG_DIR (every parent folder needs o+x)"
  else
    mkdir -p "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"
  owner=$(stat -c %U "$PG_DIR")
  if pid=$(pg_pid); then
    port=$(pg_running_port)
    [ "$port" = "$PG_PORT" ] || die "postgres: already running (pid $pid) on port ${port:-?}, not PG_PORT=$PG_PORT; run 'down postgres' first"
    pg_ready
    echo "postgres: already running (pid $pid, 127.0.0.1:$PG_PORT)"
    return 0
  fi
  require_port_free postgres "$PG_PORT" PG_PORT
  as_pg mkdir -p "$PG_SOCK"
  as_pg chmod 700 "$PG_SOCK"
  if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
    if [ -d "$PGDATA_DIR" ] && [ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]; then
      die "postgres: $PGDATA_DIR exists but holds no cluster; move it away"
    fi
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 </dev/null ||
      die_with_log "$PG_DIR/initdb.log" "postgres: initdb failed"
  fi
  # port, socket folder and loopback-only listening come from the command line, so one
  # cluster can be started on other ports later without editing postgresql.conf
  (close_extra_fds; as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t "$MON_WAIT_SECONDS" \
    -o "-p $PG_PORT -k '$PG_SOCK' -c listen_addresses=127.0.0.1" start) >/dev/null 2>&1 </dev/null ||
    die_with_log "$PG_LOG" "postgres: pg_ctl start failed"
  pid=$(pg_pid) || die_with_log "$PG_LOG" "postgres: no live postmaster behind $PGDATA_DIR/postmaster.pid"
  pg_ready
  echo "postgres: started (pid $pid, 127.0.0.1:$PG_PORT, user $owner, database monitoring)"
}

postgres_down() {
  local pid
  if pid=$(pg_pid); then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null 2>&1 </dev/null ||
      die_with_log "$PG_LOG" "postgres: pg_ctl stop failed"
    # pg_ctl waited for postmaster.pid to go; make sure the process is gone too
    stop_pid postgres "$pid" 30 2>/dev/null || true
    echo "postgres: stopped (was pid $pid)"
  else
    echo "postgres: not running"
  fi
}

postgres_status() {
  local pid
  if [ -d "$PG_DIR" ] && ! [ -x "$PG_DIR" ]; then
    echo "postgres: unknown (cannot read $PG_DIR as $(id -un))"; return 1
  fi
  if pid=$(pg_pid); then echo "postgres: running (pid $pid, 127.0.0.1:$(pg_running_port))"; return 0; fi
  echo "postgres: stopped"; return 1
}

# ----------------------------------------------------------------------------- redis

rd_pid() { pid_from_file "$RD_PID" "$RD_CONF"; }
rd_port() { conf_port "$RD_CONF" '^port '; }

rd_answers() {
  [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --user hub --no-auth-warning ping 2>/dev/null)" = PONG ]
}

rd_ready() { # <pid>
  local pid=$1 i
  for ((i = 0; i < MON_WAIT_SECONDS * 5; i++)); do
    rd_answers && return 0
    proc_alive "$pid" || die_with_log "$RD_LOG" "redis: exited during start-up"
    sleep 0.2
  done
  die_with_log "$RD_LOG" "redis: the hub account gets no PONG from 127.0.0.1:$REDIS_PORT after ${MON_WAIT_SECONDS}s (REDIS_PASSWORD must match $RD_CONF)"
}

redis_up() {
  local pid port user i
  ensure_packages redis-server=redis-server redis-cli=redis-tools
  [[ -n $REDIS_PASSWORD && $REDIS_PASSWORD != *[[:space:]]* ]] || die "REDIS_PASSWORD must be non-empty and hold no whitespace (it is an ACL rule in redis.conf)"
  if pid=$(rd_pid); then
    port=$(rd_port || true)
    [ "$port" = "$REDIS_PORT" ] || die "redis: already running (pid $pid) on port ${port:-?}, not REDIS_PORT=$REDIS_PORT; run 'down redis' first"
    rd_ready "$pid"
    echo "redis: already running (pid $pid, 127.0.0.1:$REDIS_PORT)"
    return 0
  fi
  rm -f "$RD_PID"
  require_port_free redis "$REDIS_PORT" REDIS_PORT
  mkdir -p "$RD_DIR/data"
  # The config holds the hub's password: readable by the server's user only.
  (umask 077; render "$TEMPLATE_DIR/redis.conf.template" "$RD_CONF" \
    REDIS_PORT "$REDIS_PORT" REDIS_DIR "$RD_DIR" REDIS_PASSWORD "$REDIS_PASSWORD")
  chmod 600 "$RD_CONF"
  # As root, run it as Debian's "redis" user (it has no privilege dropping of its own).
  user=$(id -un)
  if is_root; then
    if id redis >/dev/null 2>&1 && runuser -u redis -- test -x "$MON_DATA_DIR" 2>/dev/null; then
      user=redis
      touch "$RD_LOG"
      chown -R redis:redis "$RD_DIR"
    else
      warn "redis: user redis missing or cannot reach $MON_DATA_DIR; running the server as root"
      user=root
    fi
  fi
  # daemonize yes: redis-server forks, detaches and writes its pid file itself
  if [ "$user" = redis ]; then
    (close_extra_fds; cd / && exec runuser -u redis -- redis-server "$RD_CONF") >>"$RD_LOG" 2>&1 </dev/null ||
      die_with_log "$RD_LOG" "redis: failed to start"
  else
    (close_extra_fds; exec redis-server "$RD_CONF") >>"$RD_LOG" 2>&1 </dev/null ||
      die_with_log "$RD_LOG" "redis: failed to start"
  fi
  for ((i = 0; i < MON_WAIT_SECONDS * 5; i++)); do
    pid=$(rd_pid) && break
    sleep 0.2
  done
  [ -n "${pid:-}" ] && proc_alive "$pid" || die_with_log "$RD_LOG" "redis: no live process behind $RD_PID"
  rd_ready "$pid"
  echo "redis: started (pid $pid, 127.0.0.1:$REDIS_PORT, user $user, account hub)"
}

redis_down() { down_by_pid_file redis rd_pid "$RD_PID" 30; }

redis_status() {
  local pid
  if pid=$(rd_pid); then echo "redis: running (pid $pid, 127.0.0.1:$(rd_port || echo "$REDIS_PORT"))"; return 0; fi
  echo "redis: stopped"; return 1
}

# ----------------------------------------------------------------------------- browser

# The dashboard's browser tests drive Debian's Chromium (Playwright's own browser downloads fail
# on this network) and need a CJK font, or every Chinese string renders as boxes in screenshots.
browser_ensure() {
  ensure_packages /usr/bin/chromium=chromium /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc=fonts-noto-cjk
  echo "browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium), fonts-noto-cjk"
}

# ----------------------------------------------------------------------------- commands

cmd_env() {
  local cs="Host=127.0.0.1;Port=$PG_PORT;Username=monitoring;Password=$PG_PASSWORD;Database=monitoring"
  local k v
  while read -r k v; do
    printf 'export %s=%s\n' "$k" "$(shq "$v")"
  done <<EOF
Database__ConnectionString $cs
Influx__Url http://127.0.0.1:$INFLUX_PORT
Influx__Database $INFLUX_DB
Mqtt__Host 127.0.0.1
Mqtt__Port $MQTT_PORT
Mqtt__Username hub
Mqtt__Password $MQTT_HUB_PASSWORD
MON_DATA_DIR $MON_DATA_DIR
MON_MQTT_DYNSEC_FILE $DYNSEC_FILE
MQTT_PORT $MQTT_PORT
MQTT_ADMIN_PASSWORD $MQTT_ADMIN_PASSWORD
MQTT_HUB_PASSWORD $MQTT_HUB_PASSWORD
INFLUX_PORT $INFLUX_PORT
INFLUX_RPC_PORT $INFLUX_RPC_PORT
PG_PORT $PG_PORT
PG_PASSWORD $PG_PASSWORD
REDIS_PORT $REDIS_PORT
REDIS_PASSWORD $REDIS_PASSWORD
MON_REDIS_CONFIGURATION 127.0.0.1:$REDIS_PORT,user=hub,password=$REDIS_PASSWORD
EOF
}

usage() {
  sed -n '2,23p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

lock_stack() {
  mkdir -p "$MON_DATA_DIR" || die "cannot create $MON_DATA_DIR"
  exec 9>>"$MON_DATA_DIR/.services.lock" || die "cannot open $MON_DATA_DIR/.services.lock"
  flock -w 600 9 || die "another services.sh is working on $MON_DATA_DIR"
}

main() {
  local cmd=${1:-} s rc=0 services=()
  [ -n "$cmd" ] || usage
  shift
  for s in "$@"; do
    case $s in
      mosquitto | influxdb | postgres | redis) services+=("$s") ;;
      *) die "unknown service '$s' (mosquitto, influxdb, postgres, redis)" ;;
    esac
  done
  if ((${#services[@]} == 0)); then
    case $cmd in
      down) services=("${ALL_SERVICES[@]}") ;;
      status) services=("${DEFAULT_SERVICES[@]}"); [ ! -e "$RD_CONF" ] || services+=(redis) ;;
      *) services=("${DEFAULT_SERVICES[@]}") ;;
    esac
  fi
  case $cmd in
    up)
      lock_stack
      for s in "${services[@]}"; do "${s}_up"; done ;;
    down)
      lock_stack
      for ((i = ${#services[@]} - 1; i >= 0; i--)); do "${services[i]}_down"; done ;;
    restart)
      lock_stack
      for ((i = ${#services[@]} - 1; i >= 0; i--)); do "${services[i]}_down"; done
      for s in "${services[@]}"; do "${s}_up"; done ;;
    status)
      for s in "${services[@]}"; do "${s}_status" || rc=3; done
      return "$rc" ;;
    env)
      (($# == 0)) || die "env takes no service names"
      cmd_env ;;
    browser)
      (($# == 0)) || die "browser takes no service names"
      browser_ensure ;;
    -h | --help | help) usage ;;
    *) warn "unknown command '$cmd'"; usage ;;
  esac
}

main "$@"
