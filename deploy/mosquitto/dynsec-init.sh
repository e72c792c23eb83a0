#!/bin/sh
# Run by start.sh before the broker starts (or by hand with DYNSEC_FILE set): creates the
# dynamic-security file with the admin account when the data volume has none. An existing file is
# never touched: it holds the device accounts the hub created.
set -eu
file=${DYNSEC_FILE:-/mosquitto/data/dynamic-security.json}
if [ -s "$file" ]; then
  echo "dynsec-init: $file exists; nothing to do"
  exit 0
fi
: "${MQTT_ADMIN_PASSWORD:?MQTT_ADMIN_PASSWORD must be set}"
mkdir -p "$(dirname "$file")"
mosquitto_ctrl dynsec init "$file.new" admin "$MQTT_ADMIN_PASSWORD"
mv "$file.new" "$file"
chmod 600 "$file"
# The broker drops to user mosquitto (uid 1883 in the image) and rewrites the file as that user.
if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then chown -R mosquitto:mosquitto "$(dirname "$file")"; fi
echo "dynsec-init: created $file with the admin account"
