"""BERT-Chinese style tokenization, written to match the HuggingFace `tokenizer.json` this project ships.

The Java job tokenizes with DJL's HuggingFace tokenizers (Rust). Training runs where the Python
`tokenizers` package is not installable, so this module re-implements the same pipeline
(optional NFKC, BertNormalizer, BertPreTokenizer, WordPiece) for building training inputs, and writes
`tokenizer.json` files in the HuggingFace format. A Java test (TokenizerParityTest) checks that both
sides produce the same ids, word grouping and offsets on a held-out sample.
"""
import json
import unicodedata

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def is_chinese_char(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def is_whitespace(c):
    return c in " \t\n\r" or c.isspace()


def is_control(c):
    if c in "\t\n\r":
        return False
    return unicodedata.category(c) in ("Cc", "Cf", "Cn", "Co", "Cs") and c not in "\t\n\r"


def is_punctuation(c):
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def normalize(text, lowercase=True, nfkc=False):
    """Returns [(normalized_char, original_code_point_index)]."""
    out = []
    for i, ch in enumerate(text):
        for c in (unicodedata.normalize("NFKC", ch) if nfkc else ch):
            if ord(c) == 0 or ord(c) == 0xFFFD or is_control(c):
                continue
            if is_whitespace(c):
                c = " "
            if lowercase:
                c = "".join(x for x in unicodedata.normalize("NFD", c.lower()) if unicodedata.category(x) != "Mn")
            for x in c:
                out.append((x, i))
    return out


def pre_tokenize(chars):
    """Groups normalized chars into words: one per CJK char or punctuation, runs of anything else."""
    words, cur = [], []
    for c, i in chars:
        if c == " ":
            if cur:
                words.append(cur)
                cur = []
        elif is_chinese_char(ord(c)) or is_punctuation(c):
            if cur:
                words.append(cur)
                cur = []
            words.append([(c, i)])
        else:
            cur.append((c, i))
    if cur:
        words.append(cur)
    return words


class BertTokenizer:
    def __init__(self, vocab, lowercase=True, nfkc=False, max_chars_per_word=100):
        self.vocab = vocab
        self.lowercase = lowercase
        self.nfkc = nfkc
        self.max_chars_per_word = max_chars_per_word
        self.unk_id = vocab["[UNK]"]

    def tokenize(self, text):
        """Returns a list of (token_id, word_index, start, end), offsets in code points of `text`."""
        tokens = []
        for w_index, word in enumerate(pre_tokenize(normalize(text, self.lowercase, self.nfkc))):
            s = "".join(c for c, _ in word)
            start, end = word[0][1], word[-1][1] + 1
            if len(s) > self.max_chars_per_word:
                tokens.append((self.unk_id, w_index, start, end))
                continue
            pieces, pos, bad = [], 0, False
            while pos < len(s):
                stop, found = len(s), None
                while stop > pos:
                    sub = s[pos:stop] if pos == 0 else "##" + s[pos:stop]
                    if sub in self.vocab:
                        found = sub
                        break
                    stop -= 1
                if found is None:
                    bad = True
                    break
                pieces.append((self.vocab[found], word[pos][1], word[stop - 1][1] + 1))
                pos = stop
            if bad:
                tokens.append((self.unk_id, w_index, start, end))
            else:
                tokens += [(tid, w_index, a, b) for tid, a, b in pieces]
        return tokens


def read_vocab(path):
    with open(path, encoding="utf-8") as f:
        tokens = [line.rstrip("\n") for line in f]
    vocab = {}
    for i, t in enumerate(tokens):
        if t and t not in vocab:
            vocab[t] = i
    return vocab


def tokenizer_json(vocab, lowercase=True, nfkc=False, strip_accents=None):
    """The HuggingFace tokenizer.json for a BERT WordPiece vocab, as BertTokenizerFast would save it."""
    for special in ["[UNK]", "[CLS]", "[SEP]"]:
        if special not in vocab:
            raise ValueError("vocabulary has no %s token" % special)
    added = [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for t in SPECIAL_TOKENS if t in vocab]
    bert_normalizer = {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": strip_accents, "lowercase": lowercase}
    normalizer = ({"type": "Sequence", "normalizers": [{"type": "NFKC"}, bert_normalizer]}
                  if nfkc else bert_normalizer)
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": normalizer,
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", vocab["[SEP]"]],
                           "cls": ["[CLS]", vocab["[CLS]"]]},
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


def write_tokenizer_json(vocab, path, **kwargs):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, **kwargs), f, ensure_ascii=False, indent=1)
