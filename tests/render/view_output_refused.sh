#!/bin/sh
# places view --headless -o DIR, where the name of the second frame is taken by
# a symlink: the frame is refused with one line naming it and why, the
# symlink's target is untouched, the first frame was written, exit 1.
set -u
PLACES=$1
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
echo keep > "$DIR/victim"
ln -s "$DIR/victim" "$DIR/frame-0001.png"
"$PLACES" view demo: --headless --frames 3 --size 64x36 -o "$DIR" > "$DIR/log" 2>&1
code=$?
cat "$DIR/log"
fail() { echo "FAILED: $*"; exit 1; }
[ "$code" -eq 1 ] || fail "exit $code, expected 1"
[ "$(cat "$DIR/victim")" = keep ] || fail "the symlink's target was written"
[ -L "$DIR/frame-0001.png" ] || fail "the symlink was replaced"
[ -s "$DIR/frame-0000.png" ] || fail "the first frame is missing"
[ ! -e "$DIR/frame-0002.png" ] || fail "frames went on after the refusal"
lines=$(grep -c "frame-0001.png" "$DIR/log")
[ "$lines" -eq 1 ] || fail "$lines lines name the frame, expected 1"
grep -q "^places view: .*frame-0001.png.*refusing to replace a symbolic link" "$DIR/log" || fail "no reason given"
echo "ok"
