#!/usr/bin/env bash
# Makes a small private CA and the broker's TLS certificate for Mosquitto's 8883 listener
# (deploy/mosquitto/mosquitto.conf), with openssl. Devices trust ca.crt; the broker presents
# server.crt for every host name and address given. See docs/operations.md, "TLS for devices".
#
#   scripts/gen-certs.sh [--out DIR] [--days N] [--force] [NAME_OR_IP ...]
#
#   --out DIR   where to write (default deploy/mosquitto/certs, which docker-compose.yml mounts)
#   --days N    validity of the server certificate (default 825, the most clients accept)
#   --force     make a new CA too (otherwise an existing ca.key/ca.crt signs the new server cert,
#               so devices that already trust the CA keep working)
#   NAME_OR_IP  the broker's names as devices reach it (default: mosquitto localhost 127.0.0.1)
#
# Writes ca.key (keep it safe, off the broker host once done), ca.crt, server.key, server.crt.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/deploy/mosquitto/certs"
days=825
force=
names=()
while (($#)); do
  case $1 in
    --out) out=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --force) force=1; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "gen-certs.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
((${#names[@]})) || names=(mosquitto localhost 127.0.0.1)
[[ $days =~ ^[0-9]+$ ]] || { echo "gen-certs.sh: --days needs a number" >&2; exit 2; }
command -v openssl >/dev/null || { echo "gen-certs.sh: openssl is required (apt-get install -y openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

# subjectAltName: IP addresses as IP:, the rest as DNS: (clients check SANs, not the CN)
san=
for n in "${names[@]}"; do
  if [[ $n =~ ^[0-9.]+$ || $n == *:* ]]; then san+="${san:+,}IP:$n"; else san+="${san:+,}DNS:$n"; fi
done

if [[ -n $force || ! -s $out/ca.key || ! -s $out/ca.crt ]]; then
  openssl req -x509 -new -newkey rsa:3072 -nodes -sha256 -days 3650 \
    -subj "/O=Home monitoring/CN=Home monitoring broker CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
  echo "gen-certs.sh: new CA $out/ca.crt"
fi

openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/O=Home monitoring/CN=${names[0]}" \
  -keyout "$out/server.key" -out "$out/server.csr" 2>/dev/null
ext=$(mktemp)
trap 'rm -f "$ext" "$out/server.csr"' EXIT
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' "$san" > "$ext"
openssl x509 -req -in "$out/server.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
  -days "$days" -sha256 -extfile "$ext" -out "$out/server.crt" 2>/dev/null
rm -f "$out/ca.srl"

# Certificates are public; the broker (uid 1883 in the eclipse-mosquitto image) must read its key.
chmod 644 "$out/ca.crt" "$out/server.crt"
chmod 640 "$out/server.key"
chmod 600 "$out/ca.key"
openssl verify -CAfile "$out/ca.crt" "$out/server.crt" >/dev/null
echo "gen-certs.sh: $out/server.crt for $san (valid $days days), signed by $out/ca.crt"
