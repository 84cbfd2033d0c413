#!/usr/bin/env python3
"""GPU checks of a model directory's TorchScript file, on a machine with CUDA and Python torch:
fp32 CPU vs fp32 GPU vs fp16 GPU agreement on held-out addresses, GPU throughput by batch size
(host-to-device and back included), and what a CUDA out-of-memory error looks like to a caller.

  python3 model/tools/gpu_check.py --model-dir model/default [--sizes 1,8,32,128,512,1024]
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert_tokenization import BertTokenizer, read_vocab  # noqa: E402


def batches(tokenizer, texts, size, max_len, pad_multiple=8):
    for i in range(0, len(texts), size):
        rows = [[2] + [t[0] for t in tokenizer.tokenize(x)][: max_len - 2] + [3] for x in texts[i: i + size]]
        length = min(max_len, -(-max(len(r) for r in rows) // pad_multiple) * pad_multiple)
        ids = torch.zeros(len(rows), length, dtype=torch.long)
        mask = torch.zeros(len(rows), length, dtype=torch.long)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = torch.tensor(row)
            mask[r, : len(row)] = 1
        yield ids, mask


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model-dir", default="model/default")
    p.add_argument("--sample", default="src/test/resources/model-parity/dev-sample.jsonl")
    p.add_argument("--sizes", default="1,8,32,128,512,1024")
    p.add_argument("--seconds", type=float, default=2.0)
    args = p.parse_args()
    meta = json.load(open(os.path.join(args.model_dir, "metadata.json")))
    vocab = read_vocab(os.path.join(args.model_dir, "vocab.txt"))
    tokenizer = BertTokenizer(vocab, lowercase=True, nfkc=True)
    texts = [json.loads(l)["text"] for l in open(args.sample, encoding="utf-8")]
    max_len = meta["max_sequence_length"]
    print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))

    cpu = torch.jit.load(os.path.join(args.model_dir, meta["model_file"]), map_location="cpu").eval()
    gpu = torch.jit.load(os.path.join(args.model_dir, meta["model_file"]), map_location="cuda").eval()
    if meta.get("model_file_fp16"):  # the shipped fp16 file (converted with to_fp16.py), as DJL would load it
        gpu16 = torch.jit.load(os.path.join(args.model_dir, meta["model_file_fp16"]), map_location="cuda").eval()
        print("fp16 file:", meta["model_file_fp16"])
    else:
        gpu16 = torch.jit.load(os.path.join(args.model_dir, meta["model_file"]), map_location="cuda").eval().half()
    agree32 = agree16 = total = 0
    max_diff32 = max_diff16 = 0.0
    with torch.no_grad():
        for ids, mask in batches(tokenizer, texts, 64, max_len):
            ref = cpu(ids, mask)
            out32 = gpu(ids.cuda(), mask.cuda()).cpu()
            out16 = gpu16(ids.cuda(), mask.cuda()).float().cpu()
            m = mask.bool()
            total += int(m.sum())
            agree32 += int((ref.argmax(-1) == out32.argmax(-1))[m].sum())
            agree16 += int((ref.argmax(-1) == out16.argmax(-1))[m].sum())
            max_diff32 = max(max_diff32, float((ref - out32).abs()[m].max()))
            max_diff16 = max(max_diff16, float((ref - out16).abs()[m].max()))
    print("tokens %d: argmax agreement fp32 GPU %.5f (max |diff| %.2e), fp16 GPU %.5f (max |diff| %.2e)"
          % (total, agree32 / total, max_diff32, agree16 / total, max_diff16))

    print("| batch | precision | median ms/batch | addresses/s |")
    print("|---:|---|---:|---:|")
    for size in [int(s) for s in args.sizes.split(",")]:
        pool = (texts * (size // len(texts) + 2))[: size * 4]
        prepared = list(batches(tokenizer, pool, size, max_len))
        for name, model in (("fp32", gpu), ("fp16", gpu16)):
            with torch.no_grad():
                for ids, mask in prepared:
                    model(ids.cuda(), mask.cuda()).argmax(-1).cpu()
                torch.cuda.synchronize()
                times = []
                deadline = time.time() + args.seconds
                while time.time() < deadline or len(times) < 5:
                    ids, mask = prepared[len(times) % len(prepared)]
                    t = time.perf_counter()
                    logits = model(ids.cuda(non_blocking=True), mask.cuda(non_blocking=True))
                    logits.float().softmax(-1).cpu()
                    times.append(time.perf_counter() - t)
            times.sort()
            median = times[len(times) // 2]
            print("| %d | %s | %.2f | %.0f |" % (size, name, median * 1e3, ids.size(0) / median))

    try:
        torch.empty(int(1e13), dtype=torch.uint8, device="cuda")
    except Exception as e:  # what DJL's JNI turns into an EngineException message
        print("OOM exception:", type(e).__module__ + "." + type(e).__name__, "|", str(e).splitlines()[0][:200])
    free, total_mem = torch.cuda.mem_get_info()
    print("cudaMemGetInfo: free %.1f GiB of %.1f GiB" % (free / 2**30, total_mem / 2**30))


if __name__ == "__main__":
    main()
