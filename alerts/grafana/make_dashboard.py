#!/usr/bin/env python3
"""Writes dashboards/address-standardizer.json (Grafana 10+/11 schema). Edit the panels here, rerun:
  python3 alerts/grafana/make_dashboard.py
The queries use the same metric names as the alert rules (README, "Metrics")."""
import json
import os

OP = "flink_taskmanager_job_task_operator_"
J = 'job_name=~"$job"'
panels = []
y = 0


def row(title):
    global y
    panels.append({"type": "row", "title": title, "collapsed": False, "gridPos": {"h": 1, "w": 24, "x": 0, "y": y},
                   "id": len(panels) + 1, "panels": []})
    y += 1


def ts(title, targets, unit="short", w=8, desc=""):
    x = sum(p["gridPos"]["w"] for p in panels if p["gridPos"]["y"] == y and p["type"] != "row")
    global y
    if x + w > 24:
        y += 8
        x = 0
    panels.append({
        "type": "timeseries", "title": title, "description": desc, "id": len(panels) + 1,
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "gridPos": {"h": 8, "w": w, "x": x, "y": y},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
        "targets": [{"refId": chr(65 + i), "expr": e, "legendFormat": l,
                     "datasource": {"type": "prometheus", "uid": "${datasource}"}} for i, (e, l) in enumerate(targets)],
    })


def end_row():
    global y
    y += 8


row("SLO and throughput")
ts("Latency SLO: share of records over the objective", [
    ("addrstd:slo_slow_ratio:rate5m{%s}" % J, "5m"), ("addrstd:slo_slow_ratio:rate1h{%s}" % J, "1h"),
    ("addrstd:slo_slow_ratio:rate6h{%s}" % J, "6h")], "percentunit",
   desc="Error budget 1 %: burn rate = this ratio / 0.01 (alert AddressLatencySLOBurnRate).")
ts("Records in / out / dead-lettered (per s)", [
    ("addrstd:input_records:rate5m{%s}" % J, "in"), ("addrstd:output_records:rate5m{%s}" % J, "standardized"),
    ("addrstd:dead_letter_records:rate5m{%s}" % J, "dead-lettered")], "reqps")
ts("Standardization success rate", [
    ("addrstd:output_records:rate5m{%s} / addrstd:input_records:rate5m{%s}" % (J, J), "success")], "percentunit")
end_row()

row("Latency")
ts("Tagging latency over all subtasks, last 5 min (ms)", [
    ('histogram_quantile(%s, sum by (le) (rate(%sstage_le_processingLatencyMs_bucket{stage="tag", %s}[5m])))'
     % (q, OP, J), "p" + q) for q in ("0.5", "0.99")], "ms",
   desc="From the cumulative latency buckets (alert AddressTaggingLatencyHigh at p99 500 ms).")
ts("End-to-end latency, Kafka timestamp to output and to commit, last 5 min (ms)", [
    ('histogram_quantile(%s, sum by (le) (rate(%sstage_le_%s_bucket{stage="standardize", %s}[5m])))'
     % (q, OP, m, J), "%s p%s" % (label, q))
    for m, label in (("endToEndLatencyMs", "written"), ("committedLatencyMs", "committed"))
    for q in ("0.5", "0.99")], "ms",
   desc="Written: when the sink has the record. Committed: when read_committed consumers can read it (checkpoint completed).")
ts("Batch wait vs inference time (ms, p99)", [
    ('max(%sinference_batchWaitMs{quantile="0.99", %s})' % (OP, J), "waiting for the batch"),
    ('max(%sinference_inferenceTimeMs{quantile="0.99", %s})' % (OP, J), "inference")], "ms")
end_row()

row("Micro-batcher and model (per TaskManager)")
ts("Batch size (median, p99)", [
    ('max by (tm_id, quantile) (%sinference_batchSize{quantile=~"0.5|0.99", %s})' % (OP, J), "{{tm_id}} p{{quantile}}")])
ts("Padding ratio (real / padded tokens)", [
    ('sum by (tm_id) (rate(%sinference_realTokens{%s}[5m])) / sum by (tm_id) (rate(%sinference_paddedTokens{%s}[5m]))'
     % (OP, J, OP, J), "{{tm_id}}")], "percentunit")
ts("Queue depth and records in flight", [
    ("max by (tm_id) (%sinference_queueDepth{%s})" % (OP, J), "queued {{tm_id}}"),
    ("max by (tm_id) (%sinference_inFlight{%s})" % (OP, J), "in flight {{tm_id}}")])
end_row()
ts("Model loaded (1) and device (GPU index, -1 = CPU)", [
    ("min by (tm_id) (%sinference_modelLoaded{%s})" % (OP, J), "loaded {{tm_id}}"),
    ("max by (tm_id) (%sinference_deviceGpuIndex{%s})" % (OP, J), "device {{tm_id}}")])
ts("GPU memory used", [
    ("max by (tm_id) (%sinference_gpuMemoryUsedRatio{%s})" % (OP, J), "{{tm_id}}")], "percentunit",
   desc="Device-wide (cudaMemGetInfo). Alert AddressGpuMemoryHigh at 90 %.")
ts("TaskManager memory: resident vs container limit", [
    ("max by (tm_id) (%sinference_processResidentBytes{%s})" % (OP, J), "resident {{tm_id}}"),
    ("max by (tm_id) (%sinference_containerMemoryLimitBytes{%s} > 0)" % (OP, J), "limit {{tm_id}}")], "bytes",
   desc="Heap, JVM and native memory (libtorch). Alert AddressTaskManagerContainerMemoryHigh at 85 % of the limit.")
ts("Out-of-memory events and batch splits (per 10 min)", [
    ("sum by (tm_id) (increase(%sinference_outOfMemoryEvents{%s}[10m]))" % (OP, J), "OOM {{tm_id}}"),
    ("sum by (tm_id) (increase(%sinference_batchSplits{%s}[10m]))" % (OP, J), "splits {{tm_id}}")])
end_row()

row("Failures")
ts("Failed records by stage and reason (per s)", [
    ("sum by (stage, reason) (rate(%sstage_reason_failedRecords{%s}[5m])) > 0" % (OP, J), "{{stage}} {{reason}}")], "reqps", w=12)
ts("Degraded (gazetteer-only) records (per s)", [
    ("sum(rate(%sstage_degradedRecords{%s}[5m]))" % (OP, J), "degraded")], "reqps", w=12)
end_row()

row("Flink and Kafka")
ts("Back-pressured time (ms/s)", [
    ("max by (task_name) (flink_taskmanager_job_task_backPressuredTimeMsPerSecond{%s})" % J, "{{task_name}}")], "ms")
ts("Restarts and failed checkpoints", [
    ("flink_jobmanager_job_numRestarts{%s}" % J, "restarts"),
    ("flink_jobmanager_job_numberOfFailedCheckpoints{%s}" % J, "failed checkpoints"),
    ("flink_jobmanager_job_lastCheckpointDuration{%s}" % J, "last checkpoint ms")])
ts("Kafka source backlog (pending records)", [
    ("sum(%spendingRecords{%s})" % (OP, J), "pending"),
    ("max(%sKafkaSourceReader_KafkaConsumer_records_lag_max{%s})" % (OP, J), "consumer lag max")])
end_row()
ts("TaskManager CPU", [("flink_taskmanager_Status_JVM_CPU_Load", "{{tm_id}}")], "percentunit", w=12)
ts("TaskManager heap used", [("flink_taskmanager_Status_JVM_Memory_Heap_Used / flink_taskmanager_Status_JVM_Memory_Heap_Max",
                               "{{tm_id}}")], "percentunit", w=12)

dashboard = {
    "uid": "address-standardizer", "title": "Address standardization", "tags": ["flink", "address"],
    "timezone": "browser", "schemaVersion": 39, "version": 1, "refresh": "30s",
    "time": {"from": "now-3h", "to": "now"},
    "templating": {"list": [
        {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Prometheus"},
        {"name": "job", "type": "query", "label": "Flink job", "datasource": {"type": "prometheus", "uid": "${datasource}"},
         "query": {"query": "label_values(flink_jobmanager_job_numRestarts, job_name)", "refId": "job"},
         "definition": "label_values(flink_jobmanager_job_numRestarts, job_name)",
         "includeAll": True, "multi": True, "current": {"text": "All", "value": "$__all"}, "refresh": 2},
    ]},
    "annotations": {"list": []},
    "panels": panels,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dashboards", "address-standardizer.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump(dashboard, f, indent=2)
print("wrote", out, len(panels), "panels")
