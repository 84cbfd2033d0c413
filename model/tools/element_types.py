"""The element types, read from the project's one registry,
src/main/resources/io/github/addrstd/event/element-types.tsv (the Java code and the JSON Schema derive
from the same file; ElementTypeRegistryTest checks they agree)."""
import csv
import os

REGISTRY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "main", "resources",
                        "io", "github", "addrstd", "event", "element-types.tsv")


def _rows():
    with open(REGISTRY, encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


_ROWS = _rows()

# MGeo's 17 types, in MGeo's order.
MGEO_TYPES = [r["type"] for r in _ROWS if r["origin"] == "mgeo"]
# Types beyond MGeo's that the default model emits (their labels come after MGeo's 57).
EXTRA_TYPES = [r["type"] for r in _ROWS if r["origin"] == "default-model"]
# Types that have an S- (single) tag in the label set.
SINGLE_TYPES = {r["type"] for r in _ROWS if r["single"] == "yes"}
