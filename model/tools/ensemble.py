#!/usr/bin/python3
"""A model directory whose one TorchScript file runs several taggers and averages their label probabilities.

The members are model directories trained by train_default_tagger.py on the same vocabulary and labels (for
example the same recipe with other seeds). The file returns the log of the averaged probabilities, which the
Java translator's softmax turns back into that average, so the directory contract is unchanged: the job,
bin/evaluate-tags and bin/bench read it like any other. It costs one forward pass per member: on a CPU that
is the members' throughput divided by their number, on a GPU (where the Flink side, not the model, bounds a
TaskManager: README "Benchmarks") it is cheap. Measured in model/README.md ("Ensembles").

  /usr/bin/python3 model/tools/ensemble.py --out DIR [--version NAME] MEMBER_DIR MEMBER_DIR [...]
"""
import argparse
import json
import os
import shutil
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import to_fp16  # noqa: E402
import to_int8  # noqa: E402

# Files every member must hold identically: the ensemble reads its input and names its output with them.
SHARED_FILES = ("vocab.txt", "tokenizer.json", "labels.txt")
# Metadata every member must agree on for the same reason.
SHARED_METADATA = ("num_labels", "max_sequence_length", "vocab_size", "decoding", "element_rules",
                   "element_types_beyond_mgeo")


class AveragedTagger(nn.Module):
    """(input_ids, attention_mask) -> log of the members' averaged label probabilities."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, input_ids, attention_mask):
        probabilities = torch.softmax(self.members[0](input_ids, attention_mask), -1)
        for member in self.members[1:]:
            probabilities = probabilities + torch.softmax(member(input_ids, attention_mask), -1)
        return torch.log(probabilities / len(self.members))


def read_member(path):
    with open(os.path.join(path, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    shared = {}
    for name in SHARED_FILES:
        if os.path.exists(os.path.join(path, name)):
            with open(os.path.join(path, name), "rb") as f:
                shared[name] = f.read()
    return metadata, shared


def build(out, member_dirs, version):
    if len(member_dirs) < 2:
        raise ValueError("an ensemble needs at least two member directories")
    members = [read_member(d) for d in member_dirs]
    first_metadata, first_files = members[0]
    for d, (metadata, files) in zip(member_dirs[1:], members[1:]):
        differing = [k for k in SHARED_METADATA if metadata.get(k) != first_metadata.get(k)]
        differing += [name for name in SHARED_FILES if files.get(name) != first_files.get(name)]
        if differing:
            raise ValueError("%s differs from %s in %s: members must share vocabulary, labels and decoding"
                             % (d, member_dirs[0], ", ".join(differing)))
    models = [torch.jit.load(os.path.join(d, m["model_file"]), map_location="cpu").eval()
              for d, (m, _) in zip(member_dirs, members)]
    ensemble = AveragedTagger(models).eval()
    example = (torch.randint(5, first_metadata["vocab_size"], (2, 16)), torch.ones(2, 16, dtype=torch.long))
    with torch.no_grad():
        traced = torch.jit.trace(ensemble, example)
    os.makedirs(out, exist_ok=True)
    traced.save(os.path.join(out, "mgeo-tagger.pt"))
    # The members' shared files, and the first member's provenance notice where it has one.
    for name in list(first_files) + ["NOTICE.md"]:
        if os.path.exists(os.path.join(member_dirs[0], name)):
            shutil.copyfile(os.path.join(member_dirs[0], name), os.path.join(out, name))
    metadata = {k: v for k, v in first_metadata.items()
                if k not in ("model_file_fp16", "model_file_int8", "dev_set", "python_evaluation", "training")}
    metadata.update({
        "version": version,
        "model_file": "mgeo-tagger.pt",
        "architecture": "the label probabilities of %d taggers averaged (%s)" % (
            len(models), first_metadata.get("architecture", "?")),
        "members": [{"directory": os.path.abspath(d), "version": m.get("version"),
                     "training": m.get("training")} for d, (m, _) in zip(member_dirs, members)],
        "torch_version": torch.__version__,
    })
    with open(os.path.join(out, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, ensure_ascii=False, indent=2)
    to_fp16.main(out)
    to_int8.main(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--version", default="default-tagger-ensemble")
    p.add_argument("members", nargs="+")
    args = p.parse_args()
    try:
        build(args.out, args.members, args.version)
    except ValueError as e:
        p.error(str(e))
    print("wrote %s (%d members)" % (args.out, len(args.members)))


if __name__ == "__main__":
    main()
