#!/bin/sh
# tools/systemd/places-relay.service: systemd accepts the unit as shipped
# (systemd-analyze verify, no warning either: an unknown or misspelt directive
# is only a warning there, and would silently drop a protection), and its
# ExecStart command line starts the relay with the shipped scenes and stops
# cleanly on SIGTERM (its KillSignal).
#   relay_service_unit.sh PLACES SOURCE_DIR
set -u
PLACES=$1
SRC=$2
UNIT=$SRC/tools/systemd/places-relay.service
DIR=$(pwd)/relay-service-unit
rm -rf "$DIR" && mkdir -p "$DIR" || exit 1

# systemd checks that ExecStart's program exists: point it at the build's.
sed "s|/usr/local/bin/places|$PLACES|" "$UNIT" > "$DIR/places-relay.service"
systemd-analyze verify "$DIR/places-relay.service" > "$DIR/verify.log" 2>&1
CODE=$?
cat "$DIR/verify.log"
test $CODE -eq 0 || exit 1
test ! -s "$DIR/verify.log" || { echo "systemd-analyze warned about the unit"; exit 1; }

# ExecStart as systemd runs it (continuation lines joined), with /etc/places
# here, the checkout as /usr/local/share/places and free ports.
"$PLACES" ticket --generate-key "$DIR/festival.key" > /dev/null || exit 1
COMMAND=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$UNIT" | sed 's/^ExecStart=//; s/\\$//' | tr '\n' ' ')
STATS=$((20000 + ($$ * 13) % 30000))
COMMAND=$(echo "$COMMAND" | sed "s|/usr/local/bin/places|$PLACES|; s|/usr/local/share/places|$SRC|g; s|/etc/places|$DIR|g; s|--port 7777|--port 0|; s|--stats-port 9100|--stats-port $STATS|")
echo "ExecStart: $COMMAND"
sh -c "exec $COMMAND" > "$DIR/relay.log" 2>&1 &
RELAY=$!
trap 'kill $RELAY 2>/dev/null' EXIT
STARTED=
for i in $(seq 1 500); do
  grep -q '"start"' "$DIR/relay.log" && { STARTED=1; break; }
  kill -0 $RELAY 2>/dev/null || break
  sleep 0.02
done
test -n "$STARTED" || { cat "$DIR/relay.log"; exit 1; }
kill -TERM $RELAY
wait $RELAY
CODE=$?
cat "$DIR/relay.log"
test $CODE -eq 0 || { echo "relay exited $CODE on SIGTERM"; exit 1; }
grep -q '"stop"' "$DIR/relay.log" || exit 1
