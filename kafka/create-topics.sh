#!/usr/bin/env bash
# Creates the job's topics if missing. Partitions and replication are parameters:
#   kafka/create-topics.sh [--bootstrap-server localhost:9092] [--partitions 6] [--replication-factor 1]
# Inside the Kafka container the Kafka CLI lives in /opt/kafka/bin; elsewhere put it on PATH.
set -euo pipefail
BOOTSTRAP=localhost:9092
PARTITIONS=6
REPLICATION=1
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) BOOTSTRAP=$2; shift 2 ;;
    --partitions) PARTITIONS=$2; shift 2 ;;
    --replication-factor) REPLICATION=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
TOPICS_CMD=$(command -v kafka-topics.sh || echo /opt/kafka/bin/kafka-topics.sh)
for topic in raw-address standardized-address address-dlq; do
  "$TOPICS_CMD" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic" \
    --partitions "$PARTITIONS" --replication-factor "$REPLICATION"
done
"$TOPICS_CMD" --bootstrap-server "$BOOTSTRAP" --describe --topic raw-address
