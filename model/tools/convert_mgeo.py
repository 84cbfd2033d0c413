#!/usr/bin/env python3
"""Converts a downloaded ModelScope MGeo tagging model into this project's model-directory contract.

  pip install modelscope torch transformers    # on a machine that can reach PyPI and ModelScope
  python - <<'PY'
  from modelscope.hub.snapshot_download import snapshot_download
  print(snapshot_download('damo/mgeo_geographic_elements_tagging_chinese_base'))
  PY
  python model/tools/convert_mgeo.py <snapshot dir> model/mgeo [--fp16 --device cuda]

Writes: mgeo-tagger.pt (TorchScript: input_ids, attention_mask int64 [B, L] -> logits [B, L, C]),
tokenizer.json (from vocab.txt), labels.txt (id order resolved the way the ModelScope pipeline does),
metadata.json, and parity.jsonl (pipeline outputs for a set of probe strings, for the Java parity test:
run `mvn test -Dtest=DjlAddressTaggerTest -Dmgeo.parity=model/mgeo/parity.jsonl`).

STATUS: written from the ModelScope sources (see shared notes on MGeo); it has NOT been run against the
real weights, which cannot be downloaded where this project is built. The label resolution and the
vocab conversion are unit-tested (model/tools/test_model_tools.py); everything that needs the real
checkpoint is guarded by explicit checks that stop with a message instead of writing a wrong model.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_tokenization import read_vocab  # noqa: E402
from element_types import MGEO_TYPES as TYPES  # noqa: E402
from model_directory import write_model_directory  # noqa: E402

PROBES = [
    "浙江省杭州市余杭区阿里巴巴西溪园区",
    "浙江省杭州市余杭区五常街道文一西路969号",
    "上海市徐汇区漕溪北路１２８号Ａ座3单元1203室",
    "北京 朝阳区 建国路88号 SOHO现代城",
    "广东省深圳市南山区科技园𠀀大厦",
    "重庆渝中区解放碑步行街#5-12（近地铁站）",
    "江苏省南京市鼓楼区汉中路2号亚太商务楼",
    "é café 路1号",
    "湖北省武汉市洪山区珞喻路1037号华中科技大学东校区西十二楼",
    "浙江省杭州市" + "文一西路969号" * 80,  # longer than 510 word pieces
]


class ConversionError(RuntimeError):
    pass


def _read_json(path):
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _id2label_from(mapping, key_is_label):
    if not mapping:
        return None
    if key_is_label:  # label2id
        return {int(v): k for k, v in mapping.items()}
    return {int(k): v for k, v in mapping.items()}


def resolve_labels(model_dir, num_labels=None):
    """The id -> label list, resolved in the order of modelscope.utils.hub.parse_label_mapping:
    label_mapping.json, configuration.json model.{label2id,id2label}, configuration.json
    preprocessor.{label2id,id2label}, config.json {label2id,id2label}; and, as the model itself does
    (parse_labels_in_order), configuration.json dataset.train.labels when no mapping exists."""
    candidates = []
    label_mapping = _read_json(os.path.join(model_dir, "label_mapping.json"))
    if label_mapping:
        candidates.append(("label_mapping.json", _id2label_from(label_mapping, True)))
    configuration = _read_json(os.path.join(model_dir, "configuration.json")) or {}
    for section in ("model", "preprocessor"):
        s = configuration.get(section) or {}
        if s.get("label2id"):
            candidates.append(("configuration.json %s.label2id" % section, _id2label_from(s["label2id"], True)))
        elif s.get("id2label"):
            candidates.append(("configuration.json %s.id2label" % section, _id2label_from(s["id2label"], False)))
    config = _read_json(os.path.join(model_dir, "config.json")) or {}
    if config.get("label2id") and not _is_default_hf_mapping(config["label2id"]):
        candidates.append(("config.json label2id", _id2label_from(config["label2id"], True)))
    elif config.get("id2label") and not _is_default_hf_mapping(config["id2label"]):
        candidates.append(("config.json id2label", _id2label_from(config["id2label"], False)))
    train_labels = (((configuration.get("dataset") or {}).get("train") or {}).get("labels"))
    if not candidates and train_labels:
        candidates.append(("configuration.json dataset.train.labels", dict(enumerate(train_labels))))
    if not candidates:
        raise ConversionError("no label mapping found in label_mapping.json, configuration.json or config.json")
    source, id2label = candidates[0]
    ids = sorted(id2label)
    if ids != list(range(len(ids))):
        raise ConversionError("%s: label ids are not 0..%d" % (source, len(ids) - 1))
    labels = [id2label[i] for i in ids]
    if num_labels is not None and len(labels) != num_labels:
        raise ConversionError("%s has %d labels but the classifier has %d outputs" % (source, len(labels), num_labels))
    for label in labels:
        if label != "O" and not (len(label) > 2 and label[0] in "BIES" and label[1] == "-"):
            raise ConversionError("%s: label %r is not O or B/I/E/S-<type>" % (source, label))
    return labels, source


def _is_default_hf_mapping(mapping):
    """transformers fills config.json with LABEL_0.. when no labels were given; that is no mapping."""
    names = mapping.keys() if all(not str(k).isdigit() for k in mapping) else mapping.values()
    return all(str(n).startswith("LABEL_") for n in names)


def tokenizer_settings(model_dir):
    """do_lower_case from tokenizer_config.json (bert-base-chinese: True), and whether the preprocessor
    tokenizes per character (is_split_into_words), which the Java side does not implement."""
    tok_config = _read_json(os.path.join(model_dir, "tokenizer_config.json")) or {}
    configuration = _read_json(os.path.join(model_dir, "configuration.json")) or {}
    pre = configuration.get("preprocessor") or {}
    return {
        "lowercase": bool(tok_config.get("do_lower_case", True)),
        "per_char": bool(pre.get("is_split_into_words", False)),
        "max_length": int(pre.get("max_length") or pre.get("sequence_length") or 512),
    }


def load_model(model_dir):
    """The MGeoForTokenClassification model through ModelScope (preferred), in eval mode."""
    try:
        from modelscope.models import Model
    except ImportError as e:
        raise ConversionError("modelscope is required to load the checkpoint (pip install modelscope): %s" % e)
    model = Model.from_pretrained(model_dir).eval()
    bert = getattr(model, "bert", None)
    if bert is None or getattr(bert, "finetune_mode", "single-modal") != "single-modal":
        raise ConversionError("expected MGeoForTokenClassification with bert.finetune_mode == 'single-modal'")
    for name, _ in model.named_parameters():
        if "crossattention" in name and not name.startswith("bert.text_encoder.encoder.layer."):
            raise ConversionError("unexpected cross-attention parameter %s" % name)
        if name.startswith("crf."):
            raise ConversionError("the checkpoint has a CRF head; export emissions and transitions instead")
    return model


def trace(model, device, fp16, max_length):
    import torch
    from modelscope.exporters.torch_model_exporter import replace_call

    class Wrap(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask):
            h = self.m.bert(input_ids=input_ids, attention_mask=attention_mask, return_dict=True).last_hidden_state
            return self.m.classifier(h)

    wrapped = Wrap(model).eval().to(device)
    if fp16:
        wrapped = wrapped.half()
    example = (torch.ones(2, 16, dtype=torch.long, device=device), torch.ones(2, 16, dtype=torch.long, device=device))
    with torch.no_grad(), replace_call():
        traced = torch.jit.trace(wrapped, example, strict=False)
        # Parity of the trace with the eager wrapper at other shapes, with padding.
        for b, length in [(1, 7), (3, 40), (1, max_length)]:
            ids = torch.randint(100, 20000, (b, length), device=device)
            mask = torch.ones_like(ids)
            if b > 1:
                mask[:, length // 2:] = 0
            tolerance = 1e-2 if fp16 else 1e-4
            if not torch.allclose(wrapped(ids, mask).float(), traced(ids, mask).float(), atol=tolerance):
                raise ConversionError("traced model differs from the eager model at shape (%d, %d)" % (b, length))
    return traced, wrapped


def write_parity(model_dir, out_dir, traced, labels, device):
    """Runs the official pipeline and the traced model on the probes; both are written for the Java test."""
    import torch
    from modelscope.pipelines import pipeline
    from modelscope.utils.constant import Tasks

    pipe = pipeline(Tasks.token_classification, model=model_dir)
    with open(os.path.join(out_dir, "parity.jsonl"), "w", encoding="utf-8") as f:
        for text in PROBES:
            try:
                expected = pipe(text)["output"]
            except ValueError as e:  # the slow-tokenizer path crashes on [UNK] (see the notes)
                expected = {"pipeline_error": str(e)}
            enc = pipe.preprocessor(text)
            ids = torch.as_tensor(enc["input_ids"]).reshape(1, -1).to(device)
            mask = torch.as_tensor(enc["attention_mask"]).reshape(1, -1).to(device)
            with torch.no_grad():
                logits = traced(ids, mask)[0].float().cpu()
            f.write(json.dumps({"text": text, "pipeline": expected, "argmax": logits.argmax(-1).tolist()},
                               ensure_ascii=False, default=str) + "\n")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model_dir", help="ModelScope snapshot of damo/mgeo_geographic_elements_tagging_chinese_base")
    p.add_argument("out_dir")
    p.add_argument("--device", default="cpu", help="trace on this device (cuda for an fp16 GPU artifact)")
    p.add_argument("--fp16", action="store_true", help="half precision (GPU only; keep an fp32 artifact for CPU)")
    p.add_argument("--version", default="mgeo-tagging-base-converted")
    p.add_argument("--no-parity", action="store_true", help="skip running the ModelScope pipeline")
    args = p.parse_args(argv)
    if args.fp16 and args.device == "cpu":
        raise ConversionError("--fp16 needs --device cuda: half-precision TorchScript does not run on CPU")

    settings = tokenizer_settings(args.model_dir)
    if settings["per_char"]:
        print("WARNING: the preprocessor tokenizes per character (is_split_into_words); the Java side groups "
              "digit and Latin runs into words like the default pipeline path. Check parity.jsonl.", file=sys.stderr)
    vocab_path = os.path.join(args.model_dir, "vocab.txt")
    if not os.path.exists(vocab_path):
        raise ConversionError("vocab.txt is missing in %s" % args.model_dir)
    vocab = read_vocab(vocab_path)

    model = load_model(args.model_dir)
    num_labels = model.classifier.out_features
    labels, label_source = resolve_labels(args.model_dir, num_labels)
    max_length = min(512, settings["max_length"], model.config.max_position_embeddings)
    if model.config.vocab_size < len(vocab):
        raise ConversionError("vocab.txt has %d tokens but the embedding has %d rows" % (len(vocab), model.config.vocab_size))

    traced, _ = trace(model, args.device, args.fp16, max_length)
    metadata = {
        "name": "mgeo-geographic-elements-tagging-chinese-base",
        "version": args.version,
        "model_file": "mgeo-tagger.pt",
        "decoding": "argmax",  # the official pipeline's per-word argmax, quirks included (mgeo-model.md)
        "num_labels": num_labels,
        "max_sequence_length": max_length,
        "vocab_size": model.config.vocab_size,
        "precision": "fp16" if args.fp16 else "fp32",
        "traced_on": args.device,
        "source": "converted by model/tools/convert_mgeo.py from " + os.path.abspath(args.model_dir),
        "labels_from": label_source,
        "dev_set": {"reported_geoeta_f1": 92.39, "note": "GeoGLUE GeoETA figure from the MGeo model card"},
    }
    write_model_directory(args.out_dir, traced, vocab, labels, metadata, {"lowercase": settings["lowercase"]})
    if not args.no_parity:
        write_parity(args.model_dir, args.out_dir, traced, labels, args.device)
    print("wrote", args.out_dir)


if __name__ == "__main__":
    try:
        main()
    except ConversionError as e:
        sys.exit("convert_mgeo: " + str(e))
