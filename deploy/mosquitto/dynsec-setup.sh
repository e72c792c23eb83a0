#!/bin/sh
# One-shot, once the broker is healthy (service mosquitto-setup of docker-compose.yml): the hub's
# roles and account, as scripts/services.sh creates them for the local stack (docs/conventions.md):
#   role hub           subscribe rpm/v1/devices/# (also through $share/<group>/...), read $SYS,
#                      publish its lag probe on rpm/v1/devices/$hub/...
#   role dynsec-admin  administer dynamic security (the hub creates device accounts at run time)
#   client hub         both roles; its password is set from MQTT_HUB_PASSWORD on every run
# Safe to run again: what exists is kept.
set -eu
: "${MQTT_ADMIN_PASSWORD:?MQTT_ADMIN_PASSWORD must be set}"
: "${MQTT_HUB_PASSWORD:?MQTT_HUB_PASSWORD must be set}"
host=${MQTT_HOST:-mosquitto}
port=${MQTT_PORT:-1883}

ctrl() { mosquitto_ctrl -h "$host" -p "$port" -u admin -P "$MQTT_ADMIN_PASSWORD" dynsec "$@" 2>&1; }

# mosquitto_ctrl (2.0) exits 0 whatever happened, so its answer is read instead: a command succeeds
# when no error is printed, or when the only error is that its object already exists.
ensure() {
  out=$(ctrl "$@") || true
  case $out in
    *"already exists"*) return 0 ;;
    *rror*) echo "dynsec-setup: $1 $2 failed: $out" >&2; exit 1 ;;
  esac
}

# addClientRole answers a duplicate with "Internal error": look first.
ensure_client_role() {
  if ! ctrl getClient "$1" | grep -Eq "[[:space:]]$2 \(priority"; then
    ensure addClientRole "$1" "$2"
  fi
}

ensure createRole hub
ensure addRoleACL hub subscribePattern 'rpm/v1/devices/#' allow
# dynsec matches a subscription's whole filter, so shared subscriptions need their own pattern.
ensure addRoleACL hub subscribePattern '$share/+/rpm/v1/devices/#' allow
ensure addRoleACL hub publishClientReceive 'rpm/v1/devices/#' allow
ensure addRoleACL hub subscribePattern '$SYS/#' allow
ensure addRoleACL hub publishClientReceive '$SYS/#' allow
# The hub's lag probe goes through its own device subscription (docs/ingestion.md, "Overload").
ensure addRoleACL hub publishClientSend 'rpm/v1/devices/$hub/#' allow

ensure createRole dynsec-admin
ensure addRoleACL dynsec-admin publishClientSend '$CONTROL/dynamic-security/#' allow
ensure addRoleACL dynsec-admin publishClientReceive '$CONTROL/dynamic-security/#' allow
ensure addRoleACL dynsec-admin subscribePattern '$CONTROL/dynamic-security/#' allow

ensure createClient hub -p "$MQTT_HUB_PASSWORD"
ensure setClientPassword hub "$MQTT_HUB_PASSWORD"
ensure_client_role hub hub
ensure_client_role hub dynsec-admin
echo "dynsec-setup: roles hub, dynsec-admin and client hub are in place"
