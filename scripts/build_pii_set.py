"""Build src/vigile/eval/data/pii.jsonl from the marked-up sources in scripts/pii_source/.

Each source line is `lang|brands|text`, where PII is marked `{kind:value}` (kinds: h
handle, e email, p phone, u url, o order/account number, n person name, b brand) and a
literal `\\n` is a line break. The test half was written first and is never tuned on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

KINDS = {
    "h": "handle",
    "e": "email",
    "p": "phone",
    "u": "url",
    "o": "number",
    "n": "name",
    "b": "brand",
}
MARK = re.compile(r"\{([hepuonb]):([^{}]+)\}")
ROOT = Path(__file__).resolve().parents[1]


def parse(line: str) -> tuple[str, list[str], str, list[list[object]]]:
    lang, brands, marked = line.split("|", 2)
    marked = marked.replace("\\n", "\n")
    text, spans, last = "", [], 0
    for match in MARK.finditer(marked):
        text += marked[last : match.start()]
        value = match.group(2)
        spans.append([len(text), len(text) + len(value), KINDS[match.group(1)]])
        text += value
        last = match.end()
    text += marked[last:]
    return lang, [b for b in brands.split(",") if b], text, spans


def main() -> None:
    rows = []
    for split in ("test", "dev"):
        source = ROOT / "scripts" / "pii_source" / f"{split}.txt"
        lines = [x for x in source.read_text("utf-8").splitlines() if x and not x.startswith("#")]
        for number, line in enumerate(lines, 1):
            lang, brands, text, spans = parse(line)
            rows.append(
                {
                    "id": f"{split}-{number:03d}",
                    "split": split,
                    "lang": lang,
                    "text": text,
                    "brands": brands,
                    "spans": spans,
                }
            )
    target = ROOT / "src" / "vigile" / "eval" / "data" / "pii.jsonl"
    target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    print(f"{len(rows)} comments -> {target}")


if __name__ == "__main__":
    main()
