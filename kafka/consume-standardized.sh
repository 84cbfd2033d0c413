#!/usr/bin/env bash
# Reads standardized records (or --dlq: dead letters). The job writes with Kafka transactions, so only
# read_committed consumers see exactly-once output.
#   kafka/consume-standardized.sh [--bootstrap-server localhost:9092] [--dlq] [--from-beginning]
set -euo pipefail
BOOTSTRAP=localhost:9092
TOPIC=standardized-address
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) BOOTSTRAP=$2; shift 2 ;;
    --dlq) TOPIC=address-dlq; shift ;;
    --from-beginning) EXTRA+=(--from-beginning); shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
CONSUMER=$(command -v kafka-console-consumer.sh || echo /opt/kafka/bin/kafka-console-consumer.sh)
exec "$CONSUMER" --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" --isolation-level read_committed \
  --property print.key=true "${EXTRA[@]}"
