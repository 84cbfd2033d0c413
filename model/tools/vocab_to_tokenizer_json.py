#!/usr/bin/env python3
"""Converts a BERT WordPiece vocab.txt (bert-base-chinese style) into a HuggingFace tokenizer.json
that DJL's HuggingFaceTokenizer loads, equivalent to what
BertTokenizerFast(vocab_file, do_lower_case=..., tokenize_chinese_chars=True).save_pretrained(...)
writes. Pure Python: needs neither `tokenizers` nor `transformers`.

  vocab_to_tokenizer_json.py path/to/vocab.txt path/to/tokenizer.json [--cased] [--nfkc]
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_tokenization import read_vocab, write_tokenizer_json  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vocab")
    p.add_argument("output")
    p.add_argument("--cased", action="store_true", help="keep case (do_lower_case=False); default lowercases")
    p.add_argument("--nfkc", action="store_true", help="NFKC-normalize before BERT normalization (this project's default model)")
    args = p.parse_args(argv)
    vocab = read_vocab(args.vocab)
    write_tokenizer_json(vocab, args.output, lowercase=not args.cased, nfkc=args.nfkc)
    print("wrote %s (%d tokens)" % (args.output, len(vocab)))


if __name__ == "__main__":
    main()
