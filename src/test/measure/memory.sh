#!/usr/bin/env bash
# An hour of the default run at one telegram a second, RSS and heap in use sampled every minute into
# memory-<pid>.csv (docs/OPERATIONS.md). Run from the project directory after ./mvnw package -DskipTests;
# JAVA_OPTS adds JVM options; MINUTES changes the length.
set -euo pipefail
work=$(mktemp -d)
cp -r target/meterbridge.jar target/lib routes application.properties demo "$work"/
cd "$work"
unshare -n bash -c "ip link set lo up; exec java ${JAVA_OPTS:-} -Dp1.uri='replay:demo/p1-capture.log?delay=1000&loop=true' -jar meterbridge.jar" > run.log 2>&1 &
sleep 5
pid=$(pgrep -n -f "meterbridge.jar")
out="$OLDPWD/memory-$pid.csv"
echo "seconds,rss_kb,heap_used_kb" > "$out"
for minute in $(seq 0 "${MINUTES:-60}"); do
  echo "$((minute * 60)),$(ps -o rss= -p "$pid" | tr -d ' '),$(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)" >> "$out"
  sleep 60
done
kill "$pid"
echo "$out"
