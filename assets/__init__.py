"""Files the device apps ship with: the CJK fonts and images."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONT_REGULAR = ROOT / "fonts" / "NotoSansSC-Regular.otf"
FONT_BOLD = ROOT / "fonts" / "NotoSansSC-Bold.otf"
