#!/usr/bin/env bash
# Hyper-parameter sweep of train_default_tagger.py: one training process per line of CONFIGS ("name args..."),
# all at once on one device, then a table of selection and held-out F1 with the per-type F1s the model's
# targets name. A sweep chooses a recipe; the shipped model is then trained with that recipe on CPU.
#   model/tools/sweep.sh CONFIGS OUTDIR [arguments common to every run, e.g. --device cuda]
set -uo pipefail
configs=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
while read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  # shellcheck disable=SC2086
  python3 "$here/train_default_tagger.py" --out "$out/$name" --parity-out "$out/$name/parity" "$@" $args \
    >"$out/$name.log" 2>&1 &
done <"$configs"
wait
python3 - "$out" "$configs" <<'PY'
import json, os, sys
out, configs = sys.argv[1], sys.argv[2]
watch = ["assist", "subpoi", "poi", "community", "houseno", "cellno", "roomno"]
print("| run | selection F1 | held-out F1 | " + " | ".join(watch) + " | args |")
print("|---|---:|---:|" + "---:|" * len(watch) + "---|")
for line in open(configs, encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    name, _, args = line.strip().partition(" ")
    meta = os.path.join(out, name, "metadata.json")
    if not os.path.exists(meta):
        print("| %s | failed: see %s.log |" % (name, name))
        continue
    ev = json.load(open(meta, encoding="utf-8"))["python_evaluation"]
    sel, hold = ev["selection"], ev.get("holdout", ev["selection"])
    types = hold["per_type"]
    print("| %s | %.4f | %.4f | %s | %s |" % (name, sel["micro"]["f1"], hold["micro"]["f1"],
          " | ".join("%.3f" % types[t]["f1"] if t in types else "-" for t in watch), args))
PY
