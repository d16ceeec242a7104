#!/bin/sh
# parallel.sh <compiler> <plugin> <dir> <lib.cpp> <n>: n compiles of the
# same file writing the same summaries at once.
CXX=$1 PLUGIN=$2 DIR=$3 SRC=$4 N=$5
i=0
while [ $i -lt "$N" ]; do
  "$CXX" -fsyntax-only -fplugin="$PLUGIN" -fplugin-arg-escape-summaries="$DIR" \
    -DV2 "$SRC" &
  pids="$pids $!"
  "$CXX" -fsyntax-only -fplugin="$PLUGIN" -fplugin-arg-escape-summaries="$DIR" \
    "$SRC" &
  pids="$pids $!"
  i=$((i + 1))
done
fail=0
for p in $pids; do wait "$p" || fail=1; done
exit $fail
