#!/usr/bin/env python3
"""Writes a half-precision copy of a model directory's TorchScript file for GPU TaskManagers and
records it in metadata.json as model_file_fp16. Only the parameters are converted (no computation),
so this runs on a CPU-only machine with the same torch that traced the model; the fp16 file itself
runs only on a GPU. The trace must be dtype-agnostic (the default model's is: it uses type_as).

  /usr/bin/python3 model/tools/to_fp16.py model/default
"""
import json
import os
import sys

import torch


def main(model_dir):
    with open(os.path.join(model_dir, "metadata.json"), encoding="utf-8") as f:
        metadata = json.load(f)
    source = os.path.join(model_dir, metadata["model_file"])
    name = os.path.splitext(metadata["model_file"])[0] + "-fp16.pt"
    model = torch.jit.load(source, map_location="cpu").eval()
    model.half()
    model.save(os.path.join(model_dir, name))
    metadata["model_file_fp16"] = name
    with open(os.path.join(model_dir, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, ensure_ascii=False, indent=2)
    print("wrote", os.path.join(model_dir, name))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
