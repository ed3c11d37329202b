#!/bin/sh
# A visitor who finds the venue full waits and gets in: a relay with one seat
# (--capacity 1 --instances 1), a bot holding it for a few seconds, and a
# headless places view that is refused, says it tries again, and joins once
# the bot has left.
#   full_venue_wait.sh PLACES SCENE VENUE
set -u
PLACES=$1
SCENE=$2
VENUE=$3
PORT=$((20000 + ($$ + 7919) % 20000))
"$PLACES" relay --port "$PORT" --open --capacity 1 --instances 1 > relayfull.log 2>&1 &
RELAY=$!
trap 'kill $RELAY 2>/dev/null' EXIT
sleep 0.5
"$PLACES" bots --relay 127.0.0.1:"$PORT" --count 1 --venue "$VENUE" --duration 3 > botfull.log 2>&1 &
BOT=$!
sleep 1
"$PLACES" view "$SCENE" --headless --relay 127.0.0.1:"$PORT" --name Zoe --frames 3 --size 320x180 --summary \
  --validation > zoe.json 2> zoe.log
ZOE=$?
wait $BOT
cat zoe.json zoe.log botfull.log relayfull.log
test $ZOE -eq 0 || exit 1
grep -q '"joined":true' zoe.json || exit 1
grep -q 'venue full' zoe.log || exit 1
grep -q 'trying again in' zoe.log || exit 1
grep -q 'refuse' relayfull.log || exit 1
