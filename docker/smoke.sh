#!/usr/bin/env bash
# The docker-compose stack checked end to end, for machines with a Docker engine (it cannot run on the
# build machine of this repository, which has none):
#   1. compose up (2 TaskManagers), wait for the job RUNNING with every TaskManager registered;
#   2. produce the samples, wait until every record is in standardized-address or address-dlq
#      (read_committed), and check the counts;
#   3. produce the samples again with fresh ids, kill one TaskManager container while they are in flight,
#      wait for the job to recover, and check that every record of both rounds came out exactly once;
#   4. compose down (volumes too, unless KEEP=1).
#   docker/smoke.sh            (TASKMANAGERS=2 TIMEOUT=600 KEEP=0)
set -euo pipefail
cd "$(dirname "$0")/.."
TASKMANAGERS=${TASKMANAGERS:-2}
TIMEOUT=${TIMEOUT:-600}
SAMPLES=kafka/samples/raw-addresses.jsonl
compose() { docker compose "$@"; }
log() { printf '[%(%T)T] %s\n' -1 "$*"; }
fail() { log "FAILED: $*"; compose ps; compose logs --tail 50 jobmanager taskmanager || true; exit 1; }
cleanup() { [[ "${KEEP:-0}" == 1 ]] || compose down -v --remove-orphans >/dev/null 2>&1 || true; }
trap cleanup EXIT

rest() { curl -sf "http://localhost:8081$1"; }
wait_for() { # wait_for DESCRIPTION COMMAND...: retries COMMAND every 5 s until it succeeds or TIMEOUT passes
  local what=$1 deadline=$((SECONDS + TIMEOUT)); shift
  until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || fail "timed out waiting for $what"; sleep 5; done
  log "ok: $what"
}
job_running() {
  rest /jobs/overview | python3 -c 'import json,sys; j=json.load(sys.stdin)["jobs"]; sys.exit(0 if any(x["state"]=="RUNNING" for x in j) else 1)'
}
taskmanagers_registered() {
  rest /overview | python3 -c "import json,sys; sys.exit(0 if json.load(sys.stdin)['taskmanagers'] >= $1 else 1)"
}
produce() { # produce ROUND: the samples, ids suffixed with ~ROUND from round 2 on (broken samples as they are)
  sed -E "s/\"id\" *: *\"([^\"]*)\"/\"id\":\"\\1${2:+~}$2\"/" "$SAMPLES" | grep -v '^\s*$' \
    | compose exec -T kafka /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server kafka:9092 --topic raw-address
}
consume() { # every committed record of both output topics, one a line
  for topic in standardized-address address-dlq; do
    compose exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server kafka:9092 --topic "$topic" \
      --from-beginning --isolation-level read_committed --timeout-ms 10000 2>/dev/null || true
  done
}
expected_per_round=$(grep -cv '^\s*$' "$SAMPLES")
count_at_least() { [[ $(consume | wc -l) -ge $1 ]]; }

log "building and starting the stack with $TASKMANAGERS TaskManagers"
compose up -d --build --scale taskmanager="$TASKMANAGERS"
wait_for "$TASKMANAGERS TaskManagers registered" taskmanagers_registered "$TASKMANAGERS"
wait_for "the job RUNNING" job_running

produce 1 ""
wait_for "$expected_per_round records out (round 1)" count_at_least "$expected_per_round"

produce 2 2 &
producer=$!
sleep 2
victim=$(compose ps -q taskmanager | head -1)
log "killing TaskManager container $victim while round 2 is in flight"
docker kill "$victim" >/dev/null
wait "$producer"
wait_for "the job RUNNING again" job_running
wait_for "$((2 * expected_per_round)) records out (both rounds)" count_at_least "$((2 * expected_per_round))"

out=$(consume)
total=$(wc -l <<<"$out")
ids=$(python3 -c '
import json, sys
ids = []
for line in sys.stdin:
    try:
        ids.append(json.loads(line).get("id"))
    except ValueError:
        pass
keyed = [i for i in ids if i is not None]
print(len(keyed), len(set(keyed)))' <<<"$out")
read -r keyed distinct <<<"$ids"
[[ "$keyed" == "$distinct" ]] || fail "duplicates: $keyed records with an id, $distinct distinct"
[[ "$total" -eq $((2 * expected_per_round)) ]] || fail "$total records out, expected $((2 * expected_per_round))"
log "PASSED: $total records out of $((2 * expected_per_round)), no duplicates, recovered from a killed TaskManager"
