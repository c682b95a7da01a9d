#!/bin/sh
# Builds fortunes-computers.tsv.gz, the off-topic fixture of the embedding-detector tests: short
# fortunes of one topic (computing) from Debian's `fortunes` package (fortune-mod data, BSD
# licence), to plant as one off-topic cluster relabelled into a Brown genre. Output: one line per
# fortune, "computers<TAB>index<TAB>text" (whitespace collapsed, attribution lines dropped).
# Deterministic: a fixed-seed sample of fortunes with 6..50 words.
#
# Usage: make-fortunes-sample.sh [FORTUNES_DIR]   (default /tmp/fortunes/usr/share/games/fortunes;
#        get it with `apt-get download fortunes && dpkg-deb -x fortunes_*.deb /tmp/fortunes`)
set -eu
DIR="${1:-/tmp/fortunes/usr/share/games/fortunes}"
OUT="$(dirname "$0")/fortunes-computers.tsv.gz"
python3 - "$DIR/computers" <<'PY' | gzip -9n > "$OUT"
import random, re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
rng = random.Random(20261)
kept = []
for i, block in enumerate(text.split("\n%\n")):
    lines = [l for l in block.splitlines() if not l.strip().startswith("--")]
    s = re.sub(r"\s+", " ", " ".join(lines)).strip()
    if 6 <= len(s.split()) <= 50 and s.isascii():
        kept.append((i, s))
for i, s in sorted(rng.sample(kept, 200)):
    print(f"computers\t{i}\t{s}")
PY
echo "wrote $OUT: $(gzip -dc "$OUT" | wc -l) fortunes, $(wc -c < "$OUT") bytes"
