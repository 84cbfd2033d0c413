#!/usr/bin/python3
"""Where a model's poi and subpoi errors lie, on an annotated split, and how consistently the corpus itself
draws the poi / subpoi line. Used for model/README.md ("Where subpoi's errors are").

  /usr/bin/python3 model/tools/poi_errors.py [--model-dir model/default] [--split dev] [--to 2000] [--type subpoi]

Decodes like the Java path (Viterbi over the word log-probabilities of the fp32 file, then the directory's
element rules: train_default_tagger.predict_chunks). Each gold chunk of --type the model missed is put in one
category: another type over the very same span, a boundary error (the predicted chunks overlapping it, by
type), or missed (nothing overlaps); each wrong predicted chunk likewise against the gold. The consistency
figure reads only the train split: every run of adjacent poi / subpoi chunks whose text appears twice or
more, and how many of those texts the annotators split more than one way.
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import address_synth  # noqa: E402
import naacl_corpus  # noqa: E402

DEFAULT_REAL_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data",
                                 "naacl2019-chinese-address")


def categorize(reference, other, etype, prefix):
    """A category per chunk (type, start, end) of `reference` of type `etype` that `other` lacks."""
    out = collections.Counter()
    for c in reference - other:
        if c[0] != etype:
            continue
        same = [q for q in other if q[1:] == c[1:]]
        over = sorted(q[0] for q in other if q[1] < c[2] and c[1] < q[2])
        if same:
            out[prefix + "same span, " + same[0][0]] += 1
        elif over:
            out[prefix + "boundary, " + "+".join(over)] += 1
        else:
            out[prefix + "nothing overlapping"] += 1
    return out


def segmentation_consistency(examples):
    """(texts seen twice or more as a poi/subpoi run, their occurrences, texts split more than one way,
    occurrences that differ from their text's most frequent split)."""
    splits = collections.defaultdict(collections.Counter)
    for e in examples:
        text, ents = e["text"], sorted(e["entities"], key=lambda s: s[1])
        i = 0
        while i < len(ents):
            if ents[i][0] not in ("poi", "subpoi"):
                i += 1
                continue
            j = i
            while j + 1 < len(ents) and ents[j + 1][0] in ("poi", "subpoi") and ents[j + 1][1] == ents[j][2]:
                j += 1
            run = ents[i: j + 1]
            splits[text[run[0][1]: run[-1][2]]][tuple((t, text[s:e]) for t, s, e in run)] += 1
            i = j + 1
    repeated = {k: v for k, v in splits.items() if sum(v.values()) >= 2}
    varied = {k: v for k, v in repeated.items() if len(v) > 1}
    return (len(repeated), sum(sum(v.values()) for v in repeated.values()), len(varied),
            sum(sum(v.values()) - max(v.values()) for v in varied.values()))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model-dir", default="model/default")
    p.add_argument("--real-data", default=DEFAULT_REAL_DATA)
    p.add_argument("--split", default="dev", choices=("train", "dev"))
    p.add_argument("--from", dest="start", type=int, default=0)
    p.add_argument("--to", type=int, default=None)
    p.add_argument("--type", default="subpoi")
    args = p.parse_args()

    import torch
    import train_default_tagger as trainer
    from bert_tokenization import BertTokenizer, read_vocab

    meta = json.load(open(os.path.join(args.model_dir, "metadata.json"), encoding="utf-8"))
    labels = [l.strip() for l in open(os.path.join(args.model_dir, "labels.txt"), encoding="utf-8") if l.strip()]
    tokenizer = BertTokenizer(read_vocab(os.path.join(args.model_dir, "vocab.txt")), lowercase=True, nfkc=True)
    model = torch.jit.load(os.path.join(args.model_dir, meta["model_file"]), map_location="cpu").eval()
    torch.set_num_threads(2)
    examples = naacl_corpus.load(os.path.join(args.real_data, args.split + ".txt"), address_synth.SINGLE_TYPES)
    examples = examples[args.start: args.to]
    predicted = trainer.predict_chunks(model, tokenizer, labels, [e["text"] for e in examples],
                                       meta["max_sequence_length"], meta.get("decoding", "argmax"),
                                       meta.get("element_rules", []))
    missed, wrong = collections.Counter(), collections.Counter()
    gold_count = 0
    for e, pred in zip(examples, predicted):
        gold, pred = set(trainer.gold_chunks(e["tags"])), set(pred)
        gold_count += sum(1 for c in gold if c[0] == args.type)
        missed += categorize(gold, pred, args.type, "gold %s the model missed: " % args.type)
        wrong += categorize(pred, gold, args.type, "%s the model gave wrongly: " % args.type)
    print("%s, %s split %d..%d, %d gold %s" % (meta.get("version"), args.split, args.start,
                                                args.start + len(examples), gold_count, args.type))
    for name, count in missed.most_common() + wrong.most_common():
        print("%5d  %s" % (count, name))
    train = naacl_corpus.load(os.path.join(args.real_data, "train.txt"), address_synth.SINGLE_TYPES)
    print("train split: %d poi/subpoi runs seen twice or more (%d occurrences); %d of them split more than one "
          "way, %d occurrences against their text's usual split" % segmentation_consistency(train))


if __name__ == "__main__":
    main()
