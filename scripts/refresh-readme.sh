#!/usr/bin/env bash
# Rewrites the README's `$ escalsim run scenarios/X.toml` blocks from the release
# binary (tests/readme.rs), then lists, for each block, the numbers in the prose that
# follows it which the block does not contain: re-read those sentences.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_README=1 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}" \
  cargo test --release --test main -- readme:: --quiet
python3 - <<'PY'
import re
lines = open("README.md", encoding="utf-8").read().split("\n")
i = 0
while i < len(lines):
    if lines[i].startswith("$ escalsim run scenarios/") and i > 0 and lines[i - 1] == "```text":
        name = lines[i].split("/", 1)[1]
        j = lines.index("```", i)
        block = "\n".join(lines[i:j]).replace(" ", "")
        # The prose up to the next heading or block.
        k = j + 1
        prose = []
        while k < len(lines) and not lines[k].startswith("#") and not lines[k].startswith("```"):
            prose.append(lines[k])
            k += 1
        text = " ".join(prose)
        missing = []
        for m in re.finditer(r"(\d+(?:\.\d+)?)\s?(%|pt| h\b)", text):
            value = m.group(1) + m.group(2).strip()
            if value not in block:
                missing.append(m.group(0))
        print(f"{name}: prose numbers not in the block: {', '.join(missing) or 'none'}")
        i = j
    i += 1
PY
