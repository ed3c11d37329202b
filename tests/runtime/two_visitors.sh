#!/bin/sh
# Two headless desktop visitors on one open relay see each other: each
# summary shows the other in the roster and drawn as an avatar.
#   two_visitors.sh PLACES SCENE
set -u
PLACES=$1
SCENE=$2
PORT=$((20000 + $$ % 20000))
"$PLACES" relay --port "$PORT" --open > relay2v.log 2>&1 &
RELAY=$!
trap 'kill $RELAY 2>/dev/null' EXIT
sleep 0.5
"$PLACES" view "$SCENE" --headless --relay 127.0.0.1:"$PORT" --name Ada --frames 90 --size 320x180 --summary --validation > ada.json 2> ada.log &
ADA=$!
"$PLACES" view "$SCENE" --headless --relay 127.0.0.1:"$PORT" --name Bo --frames 90 --size 320x180 --summary --validation > bo.json 2> bo.log
BO=$?
wait $ADA
ADA=$?
cat ada.json bo.json ada.log bo.log
test $ADA -eq 0 && test $BO -eq 0 || exit 1
for f in ada.json bo.json; do
  grep -q '"joined":true' $f || exit 1
  grep -q '"role":"visitor"' $f || exit 1
  grep -Eq '"participants_seen":[1-9]' $f || exit 1
  grep -Eq '"avatars_drawn_max":[1-9]' $f || exit 1
done
