#!/bin/sh
# Entry point of the broker container (docker-compose.yml, service mosquitto), run as root:
#  1. copies the mounted certificates (/mosquitto/certs-mounted, read-only, whatever their owner on
#     the host) to /mosquitto/certs, readable by the broker's user only: Mosquitto 2.0 loads them
#     after dropping root privileges, so a key only root can read would stop the TLS listener;
#  2. creates the dynamic-security file with the admin account on a fresh data volume (dynsec-init.sh);
#  3. starts the broker, which drops to user mosquitto.
# A restart picks up renewed certificates.
set -eu
src=/mosquitto/certs-mounted
for f in ca.crt server.crt server.key; do
  if [ ! -s "$src/$f" ]; then
    echo "start.sh: $src/$f is missing: run scripts/gen-certs.sh (or put your CA's files in deploy/mosquitto/certs)" >&2
    exit 1
  fi
done
mkdir -p /mosquitto/certs
cp "$src/ca.crt" "$src/server.crt" "$src/server.key" /mosquitto/certs/
chown -R mosquitto:mosquitto /mosquitto/certs
chmod 0444 /mosquitto/certs/ca.crt /mosquitto/certs/server.crt
chmod 0400 /mosquitto/certs/server.key

sh /mosquitto/scripts/dynsec-init.sh
chown -R mosquitto:mosquitto /mosquitto/data
exec /usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf
