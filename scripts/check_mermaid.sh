#!/usr/bin/env bash
# Render every ```mermaid block of a Markdown file with the real Mermaid renderer (manual check).
#
#   scripts/check_mermaid.sh [docs/integration.md] [OUT_DIR]
#
# Needs node/npm and a Chromium; not run by CI (tests validate the blocks structurally).
# One-time setup on Debian:
#   apt-get install -y chromium
#   mkdir -p ~/.cache/conefi-mmdc && cd ~/.cache/conefi-mmdc && \
#     PUPPETEER_SKIP_DOWNLOAD=1 npm install @mermaid-js/mermaid-cli
# Environment: MMDC (path of mmdc), CHROMIUM (browser executable).
# Exit 0 when every block renders; non-zero (and the renderer's message) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
doc="${1:-docs/integration.md}"
out="${2:-build/mermaid}"
mmdc="${MMDC:-$HOME/.cache/conefi-mmdc/node_modules/.bin/mmdc}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
python="${PYTHON:-python3}"
[ -x "$mmdc" ] || { echo "mmdc not found at $mmdc (set MMDC; see the header of this script)" >&2; exit 2; }
[ -n "$chromium" ] || { echo "no chromium found (set CHROMIUM)" >&2; exit 2; }
mkdir -p "$out"
cat > "$out/puppeteer.json" <<JSON
{"executablePath": "$chromium",
 "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]}
JSON
"$python" - "$doc" "$out" <<'PY'
import sys
from pathlib import Path
from conefi_dbtool.docs_gen.mermaid import mermaid_blocks, validate_flowchart
doc, out = Path(sys.argv[1]), Path(sys.argv[2])
blocks = mermaid_blocks(doc.read_text(encoding="utf-8"))
if not blocks:
    sys.exit(f"{doc}: no mermaid block")
for i, block in enumerate(blocks, start=1):
    problems = validate_flowchart(block)
    if problems:
        sys.exit(f"{doc}: block {i}: " + "; ".join(problems))
    (out / f"block-{i}.mmd").write_text(block, encoding="utf-8")
print(f"{doc}: {len(blocks)} block(s) pass the structural check")
PY
status=0
for mmd in "$out"/block-*.mmd; do
  png="${mmd%.mmd}.png"
  if "$mmdc" -q -p "$out/puppeteer.json" -i "$mmd" -o "$png" -b white -w 2000; then
    echo "rendered $png"
  else
    echo "FAILED to render $mmd" >&2
    status=1
  fi
done
exit $status
