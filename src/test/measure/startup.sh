#!/usr/bin/env bash
# Time from JVM launch to the first reading written by the default run, five times (docs/OPERATIONS.md).
# Run from the project directory after ./mvnw package -DskipTests; JAVA_OPTS adds JVM options. Each run is in its
# own network namespace (unshare -n, as root) so a running gateway's ports do not collide with it.
set -euo pipefail
work=$(mktemp -d)
cp -r target/meterbridge.jar target/lib routes application.properties demo "$work"/
cd "$work"
for i in 1 2 3 4 5; do
  rm -rf data
  start=$(date +%s%N)
  unshare -n bash -c "ip link set lo up; exec java ${JAVA_OPTS:-} -jar meterbridge.jar" > run.log 2>&1 &
  pid=$!
  until [ -f data/readings-electricity-2024-10-27.csv ] && [ "$(wc -l < data/readings-electricity-2024-10-27.csv)" -ge 2 ]; do sleep 0.02; done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to first reading; camel $(grep -o 'started in [0-9.]*[a-z]*' run.log | head -1)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
rm -rf "$work"
