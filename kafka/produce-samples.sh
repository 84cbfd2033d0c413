#!/usr/bin/env bash
# Publishes a file of raw address records (one JSON object per line) to raw-address, keyed by id.
#   kafka/produce-samples.sh [--bootstrap-server localhost:9092] [file.jsonl]
set -euo pipefail
BOOTSTRAP=localhost:9092
if [ "${1:-}" = "--bootstrap-server" ]; then BOOTSTRAP=$2; shift 2; fi
FILE=${1:-$(dirname "$0")/samples/raw-addresses.jsonl}
PRODUCER=$(command -v kafka-console-producer.sh || echo /opt/kafka/bin/kafka-console-producer.sh)
# key<TAB>value: the id becomes the key (records without one get the key "none").
sed -E 's/^(.*"id": *"([^"]*)".*)$/\2\t\1/; t; s/^/none\t/' "$FILE" |
  "$PRODUCER" --bootstrap-server "$BOOTSTRAP" --topic raw-address \
    --property parse.key=true --property key.separator=$'\t'
