#!/bin/sh
# `places relay --bind ADDR --stats-bind ADDR`: visitors reach the relay on the
# address given and on no other (a second relay takes the same UDP port on
# another loopback address, which a relay on every interface would block), the
# metrics answer on their address only, and without --stats-bind the metrics
# stay on this machine (127.0.0.1).
#   relay_bind_cli.sh PLACES
set -u
PLACES=$1
DIR=relay-bind-cli
rm -rf "$DIR" && mkdir -p "$DIR" || exit 1
RELAYS=
trap 'kill $RELAYS 2>/dev/null' EXIT

# Waits for a relay's start line in LOG and prints its UDP port.
udp_port() {
  for i in $(seq 1 250); do
    PORT=$(sed -n 's/.*udp \([0-9.]*:\)\{0,1\}\([0-9][0-9]*\),.*/\2/p' "$1" | head -1)
    if test -n "$PORT"; then echo "$PORT"; return 0; fi
    sleep 0.02
  done
  cat "$1" >&2
  return 1
}

# Metrics ports: fixed numbers (the relay serves a given one); tried again on
# another number if this one is taken.
for attempt in 1 2 3 4 5; do
  STATS=$((20000 + ($$ * 7 + attempt * 997) % 30000))
  "$PLACES" relay --port 0 --bind 127.0.0.3 --open --stats-port $STATS --stats-bind 127.0.0.4 > "$DIR/relay.log" 2>&1 &
  FIRST=$!
  PORT=$(udp_port "$DIR/relay.log") && kill -0 $FIRST 2>/dev/null && break
  kill $FIRST 2>/dev/null; wait $FIRST 2>/dev/null
  PORT=
done
test -n "$PORT" || { cat "$DIR/relay.log"; exit 1; }
RELAYS=$FIRST
cat "$DIR/relay.log"
grep -q "udp 127.0.0.3:$PORT," "$DIR/relay.log" || { echo "the start line does not name the bound address"; exit 1; }
grep -q "metrics on tcp 127.0.0.4:$STATS" "$DIR/relay.log" || { echo "the start line does not name the metrics address"; exit 1; }

# Visitors join on the bound address.
"$PLACES" bots --relay 127.0.0.3:"$PORT" --venue v --count 2 --duration 1 > "$DIR/bots.json" 2> "$DIR/bots.log" ||
  { cat "$DIR/bots.json" "$DIR/bots.log"; exit 1; }
grep -q '"connected": 2, "failed": 0' "$DIR/bots.json" || { cat "$DIR/bots.json"; exit 1; }

# The same UDP port on 127.0.0.1 is free: the first relay is not on every interface.
STATS2=$((STATS + 1))
"$PLACES" relay --port "$PORT" --bind 127.0.0.1 --open --stats-port $STATS2 > "$DIR/relay2.log" 2>&1 &
SECOND=$!
RELAYS="$FIRST $SECOND"
udp_port "$DIR/relay2.log" > /dev/null && kill -0 $SECOND 2>/dev/null ||
  { echo "a second relay could not take port $PORT on 127.0.0.1"; cat "$DIR/relay2.log"; exit 1; }
grep -q "metrics on tcp 127.0.0.1:$STATS2" "$DIR/relay2.log" || { echo "metrics not on 127.0.0.1 by default"; exit 1; }

# Metrics: on their addresses (no booths: exit 0 with a note), refused elsewhere.
report() { "$PLACES" fair report --relay-stats "http://$1/metrics" > "$DIR/report.csv" 2> "$DIR/report.log"; }
report 127.0.0.4:$STATS || { cat "$DIR/report.log"; exit 1; }
report 127.0.0.1:$STATS2 || { cat "$DIR/report.log"; exit 1; }
if report 127.0.0.1:$STATS; then echo "metrics bound to 127.0.0.4 answered on 127.0.0.1"; exit 1; fi
if report 127.0.0.4:$STATS2; then echo "metrics with the default bind answered on 127.0.0.4"; exit 1; fi
echo "relay bind: ok (udp 127.0.0.3:$PORT and 127.0.0.1:$PORT, metrics 127.0.0.4:$STATS and 127.0.0.1:$STATS2)"
