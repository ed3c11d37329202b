#!/bin/sh
# `places bots --venue career-fair --fair` end to end (issue #10): `places
# relay` with the shipped career fair at a clock when its booths are open,
# two exhibitor bots with tickets named in booths' staff lists, visitor bots
# of which every 2nd walks to a booth and queues. The bots' JSON must show
# queues joined, visitors called, talks ended and nothing refused. 20 s: in 8 s
# only one of the four queuers had walked to its booth (no margin under load).
#   fair_bots_cli.sh PLACES SCENES_DIR
set -u
PLACES=$1
SCENE=$2/career-fair.json
FESTIVAL=$2/gelsenkirchen-festival.json  # the fair's portal leads there: the relay loads both
DIR=fair-bots-cli
rm -rf "$DIR" && mkdir -p "$DIR" || exit 1
"$PLACES" ticket --generate-key "$DIR/k" > /dev/null || exit 1
"$PLACES" ticket --key "$DIR/k" --venue career-fair --role exhibitor --name "Jana Wiesner" --ttl 600 > "$DIR/jana" || exit 1
"$PLACES" ticket --key "$DIR/k" --venue career-fair --role exhibitor --name "Sabine Kruse" --ttl 600 > "$DIR/sabine" || exit 1
"$PLACES" relay --port 0 --key "$DIR/k" --open --scene "$SCENE" --scene "$FESTIVAL" --clock 2024-10-09T11:00+02:00 > "$DIR/relay.log" 2>&1 &
RELAY=$!
trap 'kill $RELAY 2>/dev/null' EXIT
PORT=
for i in $(seq 1 250); do
  PORT=$(sed -n 's/.*udp \([0-9][0-9]*\).*/\1/p' "$DIR/relay.log" | head -1)
  test -n "$PORT" && break
  sleep 0.02
done
test -n "$PORT" || { cat "$DIR/relay.log"; exit 1; }
kill -0 $RELAY 2>/dev/null || { cat "$DIR/relay.log"; exit 1; }
"$PLACES" bots --relay 127.0.0.1:"$PORT" --venue career-fair --count 10 --duration 20 --rate 10 --fair \
  --scene "$SCENE" --queue-every 2 --talk-seconds 1 \
  --exhibitor-ticket "$(cat "$DIR/jana")" --exhibitor-ticket "$(cat "$DIR/sabine")" > "$DIR/bots.json" 2> "$DIR/bots.log"
CODE=$?
cat "$DIR/bots.json" "$DIR/bots.log"
test $CODE -eq 0 || exit 1
J=$(cat "$DIR/bots.json")
echo "$J" | grep -q '"fair": {"exhibitors": 2' || exit 1
echo "$J" | grep -Eq '"queued": [1-9]' || exit 1
echo "$J" | grep -Eq '"called": [1-9]' || exit 1
echo "$J" | grep -Eq '"talks_ended": [1-9]' || exit 1
echo "$J" | grep -q '"refused": 0' || exit 1
