#!/bin/sh
# Builds knn-outlier-texts.tsv.gz, the real-text fixture of the knn_outliers tests beside the Brown
# sample: one line per text, "source<TAB>group<TAB>text".
#   emoji    <category>  every emoji name of npm's emoji-datasource-google (emoji.json "name",
#                        lower-cased): a caption-like clean corpus of short names (MIT licence)
#   fortune  <file>      quotes from Debian's fortunes and fortunes-min packages (public domain /
#                        free; see their copyright file), attribution lines dropped, 6..50 words:
#                        all of "linux" (one off-topic topic to plant into Brown as a cluster) and a
#                        fixed-seed sample of 8 per other file (scattered oddities)
# Deterministic. Usage: make-knn-outlier-sample.sh [EMOJI_JSON] [FORTUNES_DIR]
#   (defaults /tmp/i14knn/package/emoji.json and /tmp/i14knn/fort/usr/share/games/fortunes; get
#   them with `npm pack emoji-datasource-google && tar xzf emoji-datasource-google-*.tgz` and
#   `apt-get download fortunes fortunes-min && dpkg-deb -x fortunes_*.deb fort` (same for -min))
set -eu
EMOJI="${1:-/tmp/i14knn/package/emoji.json}"
FORT="${2:-/tmp/i14knn/fort/usr/share/games/fortunes}"
OUT="$(dirname "$0")/knn-outlier-texts.tsv.gz"
python3 - "$EMOJI" "$FORT" <<'PY' | gzip -9n > "$OUT"
import json, os, random, re, sys
emoji, fort = sys.argv[1], sys.argv[2]
for e in sorted(json.load(open(emoji, encoding="utf-8")), key=lambda e: e["sort_order"]):
    print(f"emoji\t{e['category']}\t{e['name'].lower()}")
rng = random.Random(1414)
for name in sorted(os.listdir(fort)):
    path = os.path.join(fort, name)
    if "." in name or not os.path.isfile(path):
        continue
    quotes = []
    for q in open(path, encoding="latin-1").read().split("\n%\n"):
        lines = [l for l in q.splitlines() if not l.strip().startswith("--")]
        s = re.sub(r"\s+", " ", " ".join(lines)).strip()
        if 6 <= len(s.split()) <= 50 and s.isascii():
            quotes.append(s)
    if name != "linux":
        quotes = rng.sample(quotes, min(8, len(quotes)))
    for s in quotes:
        print(f"fortune\t{name}\t{s}")
PY
echo "wrote $OUT: $(gzip -dc "$OUT" | wc -l) texts, $(wc -c < "$OUT") bytes"
