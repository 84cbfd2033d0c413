#!/usr/bin/python3
"""Writes kafka/samples/raw-addresses.jsonl: the hand-written addresses of handwritten-addresses.txt,
synthetic ones from model/tools/address_synth.py (seed 99, disjoint from training), and a few broken
records that must end up in the dead-letter topic. Rerun after editing either input:
  /usr/bin/python3 kafka/samples/make_samples.py
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "model", "tools"))
import address_synth  # noqa: E402

rng = random.Random(99)
gaz = address_synth.load_gazetteer()
lines = []
with open(os.path.join(HERE, "handwritten-addresses.txt"), encoding="utf-8") as f:
    for i, text in enumerate(t.strip() for t in f):
        if text:
            lines.append(json.dumps({"id": "hw-%03d" % i, "address": text, "channel": "sample"}, ensure_ascii=False))
for i in range(210):
    text, _ = address_synth.generate(rng, gaz)
    record = {"id": "syn-%03d" % i, "address": text}
    if i % 3 == 0:
        record["customer"] = {"tier": rng.choice(["gold", "silver"]), "orders": rng.randint(1, 50)}
    lines.append(json.dumps(record, ensure_ascii=False))
# Records that must be dead-lettered, each for its own reason.
lines += [
    '{"id": "bad-001", "address": "浙江省杭州市',                         # MALFORMED_JSON
    '["not", "an", "object"]',                                            # NOT_A_JSON_OBJECT
    '{"address": "浙江省杭州市西湖区"}',                                   # MISSING_ID
    '{"id": "bad-004"}',                                                  # MISSING_ADDRESS
    '{"id": "bad-005", "address": 310104}',                               # ADDRESS_NOT_STRING
    '{"id": "bad-006", "address": "   "}',                                # EMPTY_ADDRESS
    json.dumps({"id": "bad-007", "address": "长" * 300}, ensure_ascii=False),  # ADDRESS_TOO_LONG
    '{"id": "bad-008", "address": "浙江\\ud800杭州"}',                      # INVALID_TEXT (lone surrogate)
    '{"id": "bad-009", "address": "!!! ### ???"}',                        # INVALID_TEXT (no letters)
]
with open(os.path.join(HERE, "raw-addresses.jsonl"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")
print("wrote %d records" % len(lines))
