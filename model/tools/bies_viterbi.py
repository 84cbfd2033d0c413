"""Constrained BIES decoding: the best label sequence over a sentence's words that a chunker can read
as whole chunks, from the model's per-word log-probabilities. No learned parameters: a transition is
allowed or not.

  - after B-x or I-x the chunk is open: only I-x or E-x may follow, except that
  - B-x of a type without an S- label (labels.txt has no S-x) is also a whole one-word chunk,
  - after O, E-*, S-* (and at the start) only O, B-* or S-* may follow,
  - the sentence ends outside a chunk (or on a whole-chunk B-x).

A model declares it with "decoding": "viterbi" in metadata.json; io.github.addrstd.model.BiesViterbi
is the same algorithm in Java (the parity file's chunks check that they agree). A converted MGeo keeps
the official pipeline's per-word argmax ("argmax").
"""
NEG = float("-inf")


class BiesViterbi:
    def __init__(self, labels):
        self.labels = list(labels)
        with_s = {l[2:] for l in self.labels if l.startswith("S-")}
        self.prefix = [l[0] for l in self.labels]
        self.type = ["" if l == "O" else l[2:] for l in self.labels]
        # may a chunk be complete after this label (so that O/B/S may follow, or the sentence end)?
        self.closes = [p in "OES" or (p == "B" and t not in with_s) for p, t in zip(self.prefix, self.type)]
        # the labels that continue each type's open chunk
        self.opener = {}
        for i, (p, t) in enumerate(zip(self.prefix, self.type)):
            if p in "BI":
                self.opener.setdefault(t, []).append(i)

    def decode(self, log_probs):
        """log_probs: one row of len(labels) floats per word. Returns the label id of each word."""
        n, size = len(log_probs), len(self.labels)
        if n == 0:
            return []
        score = [lp if p in "OBS" else NEG for lp, p in zip(log_probs[0], self.prefix)]
        back = []
        for t in range(1, n):
            closed = max((i for i in range(size) if self.closes[i]), key=lambda i: (score[i], -i))
            row, pointers = [NEG] * size, [closed] * size
            for c in range(size):
                if self.prefix[c] in "OBS":
                    best = closed
                else:
                    best = max(self.opener.get(self.type[c], []), key=lambda i: (score[i], -i), default=None)
                    if best is None:
                        continue
                row[c] = score[best] + log_probs[t][c]
                pointers[c] = best
            back.append(pointers)
            score = row
        last = max((i for i in range(size) if self.closes[i]), key=lambda i: (score[i], -i))
        path = [last]
        for pointers in reversed(back):
            path.append(pointers[path[-1]])
        return path[::-1]
