"""Rebuild the CJK fonts shipped in assets/fonts from Debian's fonts-noto-cjk.

Kivy has no font fallback, so one Simplified-Chinese face must cover every glyph a
screen may show. The full Noto Sans CJK collection is 20 MB per weight; we keep the
Simplified-Chinese face, subset to the ranges a disclosure or a citizen's text uses.

Usage: python scripts/build_fonts.py   (needs fonttools and fonts-noto-cjk)
"""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCES = {
    "NotoSansSC-Regular.otf": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "NotoSansSC-Bold.otf": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
}
RANGES = [
    (0x20, 0x7E), (0xA0, 0x17F),          # Latin
    (0x2000, 0x206F),                      # general punctuation
    (0x2100, 0x21FF), (0x2460, 0x26FF),    # letterlike, arrows, ①, shapes
    (0x3000, 0x303F), (0x3100, 0x312F),    # CJK punctuation, bopomofo
    (0x3200, 0x32FF),                      # enclosed CJK
    (0x4E00, 0x9FFF),                      # CJK Unified Ideographs
    (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),    # compatibility and full-width forms
]
OUT = Path(__file__).resolve().parent.parent / "assets" / "fonts"


def simplified_face(collection_path: str):
    for font in TTCollection(collection_path).fonts:
        if font["name"].getDebugName(1).endswith(" SC"):
            return font
    raise SystemExit(f"no SC face in {collection_path}")


def main() -> None:
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    for out_name, source in SOURCES.items():
        font = simplified_face(source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[c for a, b in RANGES for c in range(a, b + 1)])
        subsetter.subset(font)
        font.save(OUT / out_name)
        print(OUT / out_name)


if __name__ == "__main__":
    main()
