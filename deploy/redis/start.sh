#!/bin/sh
# Entry point of the Redis container (docker-compose.yml, service redis), run as root:
#  1. writes the accounts (/data/users.acl): the default user off, the hubs' account "hub" with
#     REDIS_PASSWORD, the same rules as the local stack (scripts/services/redis.conf.template);
#  2. hands over to the image's own entry point, which gives /data to user redis and drops root.
# A restart picks up a changed REDIS_PASSWORD.
set -eu
: "${REDIS_PASSWORD:?REDIS_PASSWORD is not set}"
case $REDIS_PASSWORD in
  *[[:space:]]*) echo "start.sh: REDIS_PASSWORD must hold no whitespace (it is an ACL rule)" >&2; exit 1 ;;
esac
umask 077
printf 'user default off\nuser hub on >%s ~* &* +@all\n' "$REDIS_PASSWORD" > /data/users.acl
exec docker-entrypoint.sh redis-server /usr/local/etc/redis/redis.conf
