#!/usr/bin/python3
"""Reads the real annotated addresses of the NAACL 2019 corpus and maps its types onto the output schema.

Li, Lu, Xie, Li, "Neural Chinese Address Parsing", NAACL 2019 (repository
leodotnet/neural-chinese-address-parsing, data/). Format: one `TOKEN TAG` a line, a blank line between
addresses; tags are B-type / I-type (no O); a token is one character, or a run of ASCII letters/digits.

Type mapping (src/main/resources/corpus/naacl2019-type-map.csv, documented in model/README.md):
  - the 14 types MGeo shares keep their name (devZone -> devzone);
  - subroad, subroadno -> road, roadno (MGeo tags a secondary road as road);
  - roomno -> roomno, an element type beyond MGeo's 17 (a converted real MGeo never emits it);
  - person (an organisation inside a building: a company, shop or office after the floor) -> subpoi, MGeo's
    "finer POI inside a POI", so the output keeps MGeo's vocabulary and consumers read it as a detail;
  - redundant (repeated or meaningless text), otherinfo and country (中国) -> outside any element (O):
    they are not address elements, and MGeo labels such text O.

Usage: naacl_corpus.py FILE [--stats]   prints {"text", "tags"} lines (character-level BIES tags).
"""
import argparse
import csv
import json
import os
import sys

TYPE_MAP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "main", "resources",
                             "corpus", "naacl2019-type-map.csv")


def load_type_map(path=TYPE_MAP_FILE):
    """corpus type (lower case) -> element type, or None for text outside any element. One file, shared
    with the Java evaluation (io.github.addrstd.tools.ConllCorpus)."""
    with open(path, encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {r["corpus_type"]: (r["element_type"] or None) for r in rows}


TYPE_MAP = load_type_map()

# --fine-types training (train_default_tagger.py): corpus types the model learns apart from the output type
# they map onto, folded into it when the model is exported. An organisation inside a building (person) and a
# part of a POI (subpoi) are both subpoi on output but read differently; so are a repeated admin prefix
# (redundant) and any other text outside the elements (O). otherinfo and country (45 in the train split)
# join redundant: text that is not an element although it looks like one.
FINE_TYPES = {"person": "person", "subroad": "subroad", "subroadno": "subroadno", "redundant": "redundant",
              "otherinfo": "redundant", "country": "redundant"}


def read_conll(path):
    """Yields each address as a list of (token, raw_tag) pairs."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if rows:
                    yield rows
                    rows = []
                continue
            token, tag = line.rsplit(" ", 1)
            rows.append((token, tag))
    if rows:
        yield rows


def entities(rows, fine=False):
    """The address text and its entities [(mapped_type or None, start, end)] in character offsets; with
    fine, the FINE_TYPES keep a training type of their own."""
    text, spans = "", []
    for token, tag in rows:
        prefix, raw = tag.split("-", 1)
        etype = FINE_TYPES[raw.lower()] if fine and raw.lower() in FINE_TYPES else TYPE_MAP[raw.lower()]
        start = len(text)
        text += token
        if prefix == "B" or not spans or spans[-1][3] != raw.lower():
            spans.append([etype, start, len(text), raw.lower()])
        else:
            spans[-1][2] = len(text)
    return text, [(t, s, e) for t, s, e, _ in spans]


def char_tags(text, spans, single_types):
    """Character-level BIES tags; a one-character entity is S- where the label set has S-, else B-."""
    tags = ["O"] * len(text)
    for etype, s, e in spans:
        if etype is None:
            continue
        if e - s == 1:
            tags[s] = ("S-" if etype in single_types else "B-") + etype
            continue
        tags[s] = "B-" + etype
        for i in range(s + 1, e - 1):
            tags[i] = "I-" + etype
        tags[e - 1] = "E-" + etype
    return tags


def load(path, single_types, fine=False):
    """[{"text", "tags", "entities"}] of a corpus file (fine: with the FINE_TYPES, for training only)."""
    out = []
    for rows in read_conll(path):
        text, spans = entities(rows, fine)
        out.append({"text": text, "tags": char_tags(text, spans, single_types),
                    "entities": [s for s in spans if s[0] is not None]})
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file")
    p.add_argument("--stats", action="store_true", help="print entity counts per mapped type instead")
    args = p.parse_args()
    examples = load(args.file, single_types={"assist", "poi", "intersection", "district", "community"})
    if args.stats:
        counts = {}
        for ex in examples:
            for t, _, _ in ex["entities"]:
                counts[t] = counts.get(t, 0) + 1
        print(json.dumps({"addresses": len(examples), "entities": counts}, ensure_ascii=False, indent=1))
        return
    for ex in examples:
        sys.stdout.write(json.dumps({"text": ex["text"], "tags": ex["tags"]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
