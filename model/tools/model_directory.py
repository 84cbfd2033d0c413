"""Writes a model directory in the project's contract (model/README.md): the TorchScript file named by
metadata["model_file"], tokenizer.json, labels.txt (id order), metadata.json and, where given, vocab.txt.
Shared by the trainer (train_default_tagger.py) and the MGeo converter (convert_mgeo.py)."""
import json
import os

from bert_tokenization import write_tokenizer_json


def write_model_directory(out_dir, traced, vocab, labels, metadata, tokenizer_options, vocab_tokens=None):
    os.makedirs(out_dir, exist_ok=True)
    traced.save(os.path.join(out_dir, metadata["model_file"]))
    if vocab_tokens is not None:
        with open(os.path.join(out_dir, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(vocab_tokens) + "\n")
    write_tokenizer_json(vocab, os.path.join(out_dir, "tokenizer.json"), **tokenizer_options)
    with open(os.path.join(out_dir, "labels.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(labels) + "\n")
    with open(os.path.join(out_dir, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata, f, ensure_ascii=False, indent=2)
