#!/bin/sh
# `places view --relay` in a real window under Xvfb (validation on): a
# spectator joins an open relay with 10 bots, types a chat line into the
# panel, renders 40 frames and writes a screenshot.
#   window_join.sh PLACES SCENE WITH_XVFB
set -u
PLACES=$1
SCENE=$2
WITH_XVFB=$3
PORT=$((20000 + ($$ + 7919) % 20000))
"$PLACES" relay --port "$PORT" --open > window-relay.log 2>&1 &
RELAY=$!
"$PLACES" bots --relay 127.0.0.1:"$PORT" --count 10 --venue career-fair --duration 30 --center -5,0 --area 10 > window-bots.log 2>&1 &
BOTS=$!
trap 'kill $BOTS $RELAY 2>/dev/null' EXIT
sleep 2
rm -f window-join.png
"$WITH_XVFB" 24 "$PLACES" view "$SCENE" --relay 127.0.0.1:"$PORT" --name Tester --spectate --frames 40 \
  --size 640x360 --screenshot window-join.png --validation --say "Hallo aus dem Fenster" > window-join.log 2>&1
CODE=$?
cat window-join.log
test $CODE -eq 0 || exit 1
grep -q 'screenshot window-join.png 640x360' window-join.log || exit 1
test -s window-join.png
