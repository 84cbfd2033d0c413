"""Unit tests of the model tools that run without torch: label resolution, tokenizer settings, the
vocab.txt -> tokenizer.json conversion and constrained BIES decoding. Run: python3 -m unittest discover -s model/tools -p 'test_*.py'
(the Java suite runs them too, see ModelToolsPythonTest)."""
import json
import os
import tempfile
import unittest

import importlib.util
import itertools
import random

from bert_tokenization import BertTokenizer, read_vocab, tokenizer_json
from bies_viterbi import BiesViterbi
from convert_mgeo import ConversionError, resolve_labels, tokenizer_settings
import element_rules
import element_types
from model_directory import write_model_directory
import naacl_corpus
import poi_errors

SORTED_57 = sorted(["O"] + ["%s-%s" % (p, t) for t in [
    "prov", "city", "district", "devzone", "town", "community", "village_group", "road", "roadno", "intersection",
    "poi", "subpoi", "houseno", "cellno", "floorno", "assist", "distance"] for p in "BIE"]
    + ["S-%s" % t for t in ["assist", "poi", "intersection", "district", "community"]])


class ElementTypesTest(unittest.TestCase):
    def test_registry_gives_mgeos_57_labels_in_mgeos_order(self):
        labels = sorted(["O"] + ["%s-%s" % (p, t) for t in element_types.MGEO_TYPES for p in "BIE"]
                        + ["S-%s" % t for t in element_types.MGEO_TYPES if t in element_types.SINGLE_TYPES])
        self.assertEqual(labels, SORTED_57)
        self.assertEqual(element_types.MGEO_TYPES[:5], ["prov", "city", "district", "devzone", "town"])

    def test_extra_types_are_not_mgeos(self):
        self.assertEqual(element_types.EXTRA_TYPES, ["roomno"])
        self.assertFalse(set(element_types.EXTRA_TYPES) & set(element_types.MGEO_TYPES))


class ElementRulesTest(unittest.TestCase):
    def test_later_pois_become_subpois_of_the_first(self):
        chunks = [("subpoi", 0, 2), ("poi", 2, 6), ("poi", 6, 8), ("floorno", 8, 10), ("poi", 10, 14)]
        self.assertEqual(element_rules.apply([element_rules.LATER_POI_IS_SUBPOI], chunks),
                         [("subpoi", 0, 2), ("poi", 2, 6), ("subpoi", 6, 8), ("floorno", 8, 10), ("subpoi", 10, 14)])

    def test_no_rules_and_one_poi_leave_the_chunks_as_they_are(self):
        chunks = [("road", 0, 3), ("poi", 3, 7)]
        self.assertEqual(element_rules.apply([], chunks), chunks)
        self.assertEqual(element_rules.apply([element_rules.LATER_POI_IS_SUBPOI], chunks), chunks)


class WriteModelDirectoryTest(unittest.TestCase):
    def test_writes_every_file_of_the_contract(self):
        class Traced:
            def save(self, path):
                with open(path, "wb") as f:
                    f.write(b"torchscript")

        out = os.path.join(tempfile.mkdtemp(), "m")
        vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "[MASK]": 4, "浙": 5}
        write_model_directory(out, Traced(), vocab, ["O", "B-prov"], {"model_file": "mgeo-tagger.pt", "version": "t"},
                              {"lowercase": True}, vocab_tokens=list(vocab))
        self.assertEqual(sorted(os.listdir(out)),
                         ["labels.txt", "metadata.json", "mgeo-tagger.pt", "tokenizer.json", "vocab.txt"])
        with open(os.path.join(out, "labels.txt"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "O\nB-prov\n")
        with open(os.path.join(out, "metadata.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["version"], "t")
        with open(os.path.join(out, "tokenizer.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f)["model"]["vocab"]["浙"], 5)


class ModelDir:
    def __init__(self, **files):
        self.dir = tempfile.mkdtemp()
        for name, content in files.items():
            with open(os.path.join(self.dir, name.replace("__", ".")), "w", encoding="utf-8") as f:
                f.write(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False))


class ResolveLabelsTest(unittest.TestCase):
    def test_label_mapping_json_has_priority(self):
        d = ModelDir(label_mapping__json={"B-city": 0, "O": 1},
                     configuration__json={"model": {"label2id": {"O": 0, "B-city": 1}}})
        self.assertEqual(resolve_labels(d.dir, 2), (["B-city", "O"], "label_mapping.json"))

    def test_configuration_model_then_preprocessor(self):
        d = ModelDir(configuration__json={"preprocessor": {"id2label": {"0": "O", "1": "S-poi"}},
                                          "model": {"label2id": {"S-poi": 0, "O": 1}}})
        self.assertEqual(resolve_labels(d.dir)[0], ["S-poi", "O"])
        d = ModelDir(configuration__json={"preprocessor": {"id2label": {"0": "O", "1": "S-poi"}}})
        self.assertEqual(resolve_labels(d.dir)[0], ["O", "S-poi"])

    def test_default_hf_labels_are_not_a_mapping(self):
        d = ModelDir(config__json={"id2label": {"0": "LABEL_0", "1": "LABEL_1"}},
                     configuration__json={"dataset": {"train": {"labels": SORTED_57}}})
        labels, source = resolve_labels(d.dir, 57)
        self.assertEqual(labels, SORTED_57)
        self.assertIn("dataset.train.labels", source)

    def test_count_must_match_the_classifier(self):
        d = ModelDir(label_mapping__json={"O": 0, "B-city": 1})
        with self.assertRaisesRegex(ConversionError, "2 labels but the classifier has 57"):
            resolve_labels(d.dir, 57)

    def test_rejects_labels_outside_bies(self):
        d = ModelDir(label_mapping__json={"O": 0, "CITY": 1})
        with self.assertRaisesRegex(ConversionError, "not O or B/I/E/S"):
            resolve_labels(d.dir)

    def test_no_mapping_at_all(self):
        with self.assertRaises(ConversionError):
            resolve_labels(ModelDir().dir)


class TokenizerSettingsTest(unittest.TestCase):
    def test_reads_lowercase_and_per_char(self):
        d = ModelDir(tokenizer_config__json={"do_lower_case": False},
                     configuration__json={"preprocessor": {"is_split_into_words": True, "max_length": 128}})
        self.assertEqual(tokenizer_settings(d.dir), {"lowercase": False, "per_char": True, "max_length": 128})
        self.assertEqual(tokenizer_settings(ModelDir().dir), {"lowercase": True, "per_char": False, "max_length": 512})


class VocabConversionTest(unittest.TestCase):
    VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "文", "三", "路", "号", "47", "##8", "a", "##b", "座", "#"]

    def test_tokenizer_json_structure(self):
        d = ModelDir(vocab__txt="\n".join(self.VOCAB) + "\n")
        vocab = read_vocab(os.path.join(d.dir, "vocab.txt"))
        t = tokenizer_json(vocab)
        self.assertEqual(t["model"]["type"], "WordPiece")
        self.assertEqual(t["model"]["vocab"]["##8"], 10)
        self.assertEqual(t["normalizer"]["type"], "BertNormalizer")
        self.assertTrue(t["normalizer"]["lowercase"])
        self.assertEqual(t["post_processor"]["cls"], ["[CLS]", 2])
        self.assertEqual([a["content"] for a in t["added_tokens"]], self.VOCAB[:5])
        self.assertEqual(tokenizer_json(vocab, nfkc=True)["normalizer"]["normalizers"][0]["type"], "NFKC")

    def test_python_tokenization_groups_words(self):
        vocab = {t: i for i, t in enumerate(self.VOCAB)}
        tokens = BertTokenizer(vocab).tokenize("文三路478号AB座")
        self.assertEqual([t[0] for t in tokens], [5, 6, 7, 9, 10, 8, 11, 12, 13])
        self.assertEqual([t[1] for t in tokens], [0, 1, 2, 3, 3, 4, 5, 5, 6])
        self.assertEqual([(t[2], t[3]) for t in tokens][3:5], [(3, 5), (5, 6)])

    def test_requires_special_tokens(self):
        with self.assertRaises(ValueError):
            tokenizer_json({"[PAD]": 0, "文": 1})


class NaaclCorpusTest(unittest.TestCase):
    def test_maps_corpus_types_and_builds_character_tags(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sample.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("浙 B-prov\n江 I-prov\n滨 B-redundant\n47 B-houseno\n- B-redundant\n746 B-roomno\n某 B-person\n\n")
            ex = naacl_corpus.load(path, {"poi"})
        self.assertEqual(ex[0]["text"], "浙江滨47-746某")
        self.assertEqual(ex[0]["entities"], [("prov", 0, 2), ("houseno", 3, 5), ("roomno", 6, 9), ("subpoi", 9, 10)])
        self.assertEqual(ex[0]["tags"], ["B-prov", "E-prov", "O", "B-houseno", "E-houseno", "O", "B-roomno",
                                         "I-roomno", "E-roomno", "B-subpoi"])

    def test_fine_types_keep_the_corpus_types_that_share_an_output_type(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "sample.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("浙 B-prov\n江 I-prov\n滨 B-redundant\n中 B-country\n某 B-person\n司 I-person\n\n")
            ex = naacl_corpus.load(path, {"poi"}, fine=True)
        self.assertEqual(ex[0]["tags"], ["B-prov", "E-prov", "B-redundant", "B-redundant", "B-person", "E-person"])
        self.assertEqual(ex[0]["entities"], [("prov", 0, 2), ("redundant", 2, 3), ("redundant", 3, 4),
                                             ("person", 4, 6)])

    def test_every_corpus_type_is_mapped(self):
        self.assertEqual(len(naacl_corpus.TYPE_MAP), 21)
        self.assertIsNone(naacl_corpus.TYPE_MAP["redundant"])
        self.assertEqual(naacl_corpus.TYPE_MAP["subroadno"], "roadno")


class BiesViterbiTest(unittest.TestCase):
    LABELS = ["B-city", "E-city", "I-city", "O", "S-poi", "B-poi", "E-poi", "B-road", "I-road", "E-road"]

    def whole_chunks(self, seq):
        """The grammar as a check over a sequence (Java's BiesViterbiTest has the same)."""
        open_type, may_end = None, False
        for label in seq:
            prefix, typ = label[0], label[2:]
            if open_type is not None:
                if prefix in "IE" and typ == open_type:
                    open_type, may_end = (open_type if prefix == "I" else None), False
                    continue
                if not may_end:
                    return False
            if prefix in "IE":
                return False
            open_type = typ if prefix == "B" else None
            may_end = open_type is not None and "S-" + open_type not in self.LABELS
        return open_type is None or may_end

    def test_best_whole_chunk_sequence_by_exhaustive_search(self):
        viterbi, rng = BiesViterbi(self.LABELS), random.Random(20261127)
        for _ in range(100):
            n = rng.randint(1, 4)
            lp = [[-5 * rng.random() for _ in self.LABELS] for _ in range(n)]
            got = viterbi.decode(lp)
            score = lambda ids: sum(lp[t][i] for t, i in enumerate(ids))
            self.assertTrue(self.whole_chunks([self.LABELS[i] for i in got]))
            best = max(score(ids) for ids in itertools.product(range(len(self.LABELS)), repeat=n)
                       if self.whole_chunks([self.LABELS[i] for i in ids]))
            self.assertAlmostEqual(score(got), best, places=9)

    def test_repairs_a_fragment(self):
        lp = [[-20.0] * len(self.LABELS) for _ in range(3)]
        lp[0][0], lp[1][1], lp[1][2], lp[2][1] = -0.01, -0.3, -1.4, -0.01  # B-city, E-city > I-city, E-city
        self.assertEqual([self.LABELS[i] for i in BiesViterbi(self.LABELS).decode(lp)], ["B-city", "I-city", "E-city"])


@unittest.skipUnless(importlib.util.find_spec("torch"), "needs torch (Debian's python3-torch: /usr/bin/python3)")
class BigramEmbeddingTest(unittest.TestCase):
    def test_counts_each_token_with_the_one_before_it(self):
        from train_default_tagger import bigram_keys
        keys = bigram_keys([[2, 7, 8, 3], [2, 7, 8, 9, 3]], 10, 2).tolist()
        self.assertEqual(keys, [2 * 10 + 2, 2 * 10 + 7, 7 * 10 + 8])  # [CLS] pairs with itself

    def test_a_known_bigram_reads_its_own_row_and_an_unknown_one_the_shared_row(self):
        import torch
        from train_default_tagger import BigramEmbedding
        emb = BigramEmbedding(10, torch.tensor([27, 78]), dim=2, d=2)
        with torch.no_grad():
            emb.table.weight.copy_(torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
            emb.proj.weight.copy_(torch.eye(2))
            out = emb(torch.tensor([[2, 7, 8, 9, 99]]))
        # (2,2) unknown, (2,7) row 1, (7,8) row 2, (8,9) unknown, (9,99) beyond every key: unknown
        self.assertEqual(out[0].tolist(), [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [0.0, 0.0]])


@unittest.skipUnless(importlib.util.find_spec("torch"), "needs torch (Debian's python3-torch: /usr/bin/python3)")
class FoldedTaggerTest(unittest.TestCase):
    def test_each_output_label_reads_the_summed_probability_of_its_training_labels(self):
        import torch
        from train_default_tagger import FoldedTagger, fine_labels, fold_bias
        labels = ["B-road", "B-subpoi", "E-road", "E-subpoi", "I-road", "I-subpoi", "O"]
        labels += [x + "-roadno" for x in "BIE"]
        train = fine_labels(labels)
        self.assertEqual(train[:10], labels)  # the output labels keep their ids
        logits = torch.randn(2, 3, len(train), generator=torch.Generator().manual_seed(7))
        folded = FoldedTagger(lambda ids, mask: logits, fold_bias(train, labels))(None, None)
        p, q = torch.softmax(logits, -1), torch.softmax(folded, -1)
        at = {label: i for i, label in enumerate(train)}
        redundant = sum(p[..., at[x + "-redundant"]] for x in "BIE")
        self.assertTrue(torch.allclose(q[..., 6], p[..., at["O"]] + redundant, atol=1e-6))
        self.assertTrue(torch.allclose(q[..., 1], p[..., at["B-subpoi"]] + p[..., at["B-person"]], atol=1e-6))
        self.assertTrue(torch.allclose(q[..., 0], p[..., at["B-road"]] + p[..., at["B-subroad"]], atol=1e-6))
        self.assertTrue(torch.allclose(q.sum(-1), torch.ones(2, 3), atol=1e-6))


@unittest.skipUnless(importlib.util.find_spec("torch"), "needs torch (Debian's python3-torch: /usr/bin/python3)")
class MentionReplacementTest(unittest.TestCase):
    def test_replaces_poi_and_subpoi_mentions_and_keeps_the_rest_and_the_tags_aligned(self):
        from train_default_tagger import mention_pools, replace_mentions
        text = "文三路478号华星时代广场A座"
        spans = [("road", 0, 3), ("roadno", 3, 7), ("poi", 7, 13), ("subpoi", 13, 15)]
        example = {"text": text, "tags": naacl_corpus.char_tags(text, spans, set()), "entities": spans}
        pools = mention_pools([example, {"text": "联合市场C区", "entities": [("poi", 0, 4), ("subpoi", 4, 6)]}])
        self.assertEqual(pools, {"poi": ["华星时代广场", "联合市场"], "subpoi": ["A座", "C区"]})
        seen = set()
        for seed in range(20):
            r = replace_mentions(example, pools, random.Random(seed), set())
            self.assertEqual([(t, r["text"][s:e]) for t, s, e in r["entities"]][:2],
                             [("road", "文三路"), ("roadno", "478号")])
            poi, sub = [r["text"][s:e] for t, s, e in r["entities"][2:]]
            self.assertIn(poi, pools["poi"])
            self.assertIn(sub, pools["subpoi"])
            self.assertEqual(r["text"], "文三路478号" + poi + sub)
            self.assertEqual(r["tags"], naacl_corpus.char_tags(r["text"], r["entities"], set()))
            seen.add((poi, sub))
        self.assertEqual(len(seen), 4)  # every pairing drawn in 20 seeds


@unittest.skipUnless(importlib.util.find_spec("torch"), "needs torch (Debian's python3-torch: /usr/bin/python3)")
class DistillationLossTest(unittest.TestCase):
    def test_mixes_the_gold_and_the_teachers_labels_over_the_labelled_positions(self):
        import torch
        from train_default_tagger import distillation_loss
        torch.manual_seed(0)
        logits = torch.randn(2, 5, 4)
        target = torch.tensor([[-100, 1, 2, -100, -100], [-100, 3, 0, 0, -100]])
        keep = target != -100
        hard = torch.nn.functional.cross_entropy(logits[keep], target[keep])
        self.assertAlmostEqual(distillation_loss(logits, target, None, 0.0).item(), hard.item(), places=6)
        # Teachers that agree with the gold: the same loss at any weight.
        one_hot = torch.nn.functional.one_hot(target.clamp(min=0), 4).float()
        for w in (0.3, 1.0):
            self.assertAlmostEqual(distillation_loss(logits, target, one_hot, w).item(), hard.item(), places=5)
        # Uniform teachers: the taught part is the mean of -log_softmax over the labels; padding is not read.
        uniform = torch.full((2, 5, 4), 0.25)
        uniform[0, 0] = torch.tensor([1.0, 0, 0, 0])
        taught = -(torch.log_softmax(logits[keep], -1).mean(-1)).mean()
        self.assertAlmostEqual(distillation_loss(logits, target, uniform, 0.5).item(),
                               (0.5 * hard + 0.5 * taught).item(), places=5)

    def test_refuses_a_teacher_with_another_vocabulary(self):
        from train_default_tagger import load_teachers
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "vocab.txt"), "w", encoding="utf-8") as f:
                f.write("[PAD]\n[UNK]\n")
            with open(os.path.join(d, "labels.txt"), "w", encoding="utf-8") as f:
                f.write("O\n")
            with self.assertRaisesRegex(ValueError, "another vocabulary"):
                load_teachers([d], {"[PAD]": 0, "[UNK]": 1, "a": 2}, ["O"], "cpu")


@unittest.skipUnless(importlib.util.find_spec("torch"), "needs torch (Debian's python3-torch: /usr/bin/python3)")
class EnsembleTest(unittest.TestCase):
    @staticmethod
    def member(out, seed, labels=("O", "B-prov", "E-prov")):
        import torch
        from train_default_tagger import AddressTagger
        torch.manual_seed(seed)
        model = AddressTagger(12, len(labels), 16, 1, 2, 32, 32).eval()
        with torch.no_grad():
            traced = torch.jit.trace(model, (torch.randint(5, 12, (2, 6)), torch.ones(2, 6, dtype=torch.long)))
        tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("省市区县路号镇")
        write_model_directory(out, traced, {t: i for i, t in enumerate(tokens)}, list(labels),
                              {"model_file": "mgeo-tagger.pt", "version": "m%d" % seed, "vocab_size": 12,
                               "num_labels": len(labels), "max_sequence_length": 32, "decoding": "viterbi"},
                              {"lowercase": True, "nfkc": True}, vocab_tokens=tokens)
        return traced

    def test_the_ensemble_returns_the_log_of_its_members_averaged_probabilities(self):
        import torch
        import ensemble
        with tempfile.TemporaryDirectory() as d:
            a, b = self.member(os.path.join(d, "a"), 1), self.member(os.path.join(d, "b"), 2)
            ensemble.build(os.path.join(d, "e"), [os.path.join(d, "a"), os.path.join(d, "b")], "e1")
            with open(os.path.join(d, "e", "metadata.json"), encoding="utf-8") as f:
                metadata = json.load(f)
            self.assertEqual(metadata["version"], "e1")
            self.assertEqual([m["version"] for m in metadata["members"]], ["m1", "m2"])
            self.assertTrue(os.path.exists(os.path.join(d, "e", metadata["model_file_int8"])))
            self.assertTrue(os.path.exists(os.path.join(d, "e", metadata["model_file_fp16"])))
            self.assertEqual(read_vocab(os.path.join(d, "e", "vocab.txt")), read_vocab(os.path.join(d, "a", "vocab.txt")))
            joined = torch.jit.load(os.path.join(d, "e", "mgeo-tagger.pt"))
            ids, mask = torch.randint(5, 12, (3, 9)), torch.ones(3, 9, dtype=torch.long)
            with torch.no_grad():
                expected = (torch.softmax(a(ids, mask), -1) + torch.softmax(b(ids, mask), -1)) / 2
                self.assertTrue(torch.allclose(torch.softmax(joined(ids, mask), -1), expected, atol=1e-6))
                self.assertFalse(torch.allclose(torch.softmax(a(ids, mask), -1), expected, atol=1e-3))

    def test_refuses_members_with_other_labels(self):
        import ensemble
        with tempfile.TemporaryDirectory() as d:
            self.member(os.path.join(d, "a"), 1)
            self.member(os.path.join(d, "b"), 2, labels=("O", "B-city", "E-city"))
            with self.assertRaisesRegex(ValueError, "labels.txt"):
                ensemble.build(os.path.join(d, "e"), [os.path.join(d, "a"), os.path.join(d, "b")], "e1")
            with self.assertRaisesRegex(ValueError, "at least two"):
                ensemble.build(os.path.join(d, "e"), [os.path.join(d, "a")], "e1")


class PoiErrorsTest(unittest.TestCase):
    def test_each_missed_chunk_falls_in_one_category(self):
        gold = {("poi", 0, 4), ("subpoi", 4, 7), ("subpoi", 9, 11), ("subpoi", 12, 14), ("road", 20, 23)}
        pred = {("poi", 0, 7), ("poi", 9, 11), ("road", 20, 23)}
        self.assertEqual(poi_errors.categorize(gold, pred, "subpoi", ""),
                         {"boundary, poi": 1, "same span, poi": 1, "nothing overlapping": 1})
        self.assertEqual(poi_errors.categorize(pred, gold, "subpoi", ""), {})

    def test_consistency_counts_texts_split_more_than_one_way(self):
        def ex(text, *ents):
            return {"text": text, "entities": list(ents)}
        examples = [ex("联合市场C区", ("poi", 0, 4), ("subpoi", 4, 6)),
                    ex("联合市场C区", ("poi", 0, 4), ("subpoi", 4, 6)),
                    ex("联合市场C区", ("poi", 0, 6)),
                    ex("xx福润苑", ("road", 0, 2), ("poi", 2, 5)),
                    ex("福润苑", ("poi", 0, 3)),
                    ex("一次", ("poi", 0, 2))]
        # 联合市场C区 three times (one against the usual split), 福润苑 twice the same way; 一次 once.
        self.assertEqual(poi_errors.segmentation_consistency(examples), (2, 5, 1, 1))


if __name__ == "__main__":
    unittest.main()
