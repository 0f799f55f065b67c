"""Chinese input on the kiosk: pinyin in, characters out, through Rime (librime), the
maintained open-source input-method engine, with its luna_pinyin dictionary in the
simplified-character schema (Debian: librime1, rime-data-luna-pinyin).

Bound with ctypes to librime's plain C functions, so a device needs the Debian packages and
no compiler. On a public screen the engine must not learn: the user dictionary is switched
off, so one citizen's phrases never become the next citizen's first candidates. Candidates
the kiosk's font cannot draw (rare characters outside the shipped subset) are left out.
"""
from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import threading
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

SCHEMA = "luna_pinyin_simp"
SHARED_DATA = Path("/usr/share/rime-data")
PAGE_SIZE = 9
FONT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "NotoSansSC-Regular.otf"
_CUSTOM = {
    "default.custom.yaml": f'patch:\n  schema_list:\n    - schema: {SCHEMA}\n  "menu/page_size": {PAGE_SIZE}\n',
    f"{SCHEMA}.custom.yaml": f'patch:\n  "translator/enable_user_dict": false\n  "menu/page_size": {PAGE_SIZE}\n',
}


class _Traits(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("shared_data_dir", ctypes.c_char_p),
                ("user_data_dir", ctypes.c_char_p), ("distribution_name", ctypes.c_char_p),
                ("distribution_code_name", ctypes.c_char_p), ("distribution_version", ctypes.c_char_p),
                ("app_name", ctypes.c_char_p), ("modules", ctypes.c_void_p), ("min_log_level", ctypes.c_int),
                ("log_dir", ctypes.c_char_p), ("prebuilt_data_dir", ctypes.c_char_p),
                ("staging_dir", ctypes.c_char_p)]


class _Composition(ctypes.Structure):
    _fields_ = [("length", ctypes.c_int), ("cursor_pos", ctypes.c_int), ("sel_start", ctypes.c_int),
                ("sel_end", ctypes.c_int), ("preedit", ctypes.c_char_p)]


class _Candidate(ctypes.Structure):
    _fields_ = [("text", ctypes.c_char_p), ("comment", ctypes.c_char_p), ("reserved", ctypes.c_void_p)]


class _Menu(ctypes.Structure):
    _fields_ = [("page_size", ctypes.c_int), ("page_no", ctypes.c_int), ("is_last_page", ctypes.c_int),
                ("highlighted", ctypes.c_int), ("num_candidates", ctypes.c_int),
                ("candidates", ctypes.POINTER(_Candidate)), ("select_keys", ctypes.c_char_p)]


class _Context(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("composition", _Composition), ("menu", _Menu),
                ("commit_text_preview", ctypes.c_char_p), ("select_labels", ctypes.c_void_p)]


class _Commit(ctypes.Structure):
    _fields_ = [("data_size", ctypes.c_int), ("text", ctypes.c_char_p)]


def _sized(struct):
    """Rime's RIME_STRUCT_INIT: data_size counts the fields after itself."""
    value = struct()
    value.data_size = ctypes.sizeof(struct) - ctypes.sizeof(ctypes.c_int)
    return value


class PinyinUnavailable(RuntimeError):
    """librime or its pinyin data is not installed on this device."""


class RimeEngine:
    """One process-wide Rime instance (librime keeps global state), set up once."""

    def __init__(self, user_dir: Path):
        path = ctypes.util.find_library("rime")
        if path is None or not (SHARED_DATA / f"{SCHEMA}.schema.yaml").exists():
            raise PinyinUnavailable("librime1 and rime-data-luna-pinyin are not installed")
        self.lib = ctypes.CDLL(path)
        self.lib.RimeCreateSession.restype = ctypes.c_size_t
        user_dir.mkdir(parents=True, exist_ok=True)
        for name, text in _CUSTOM.items():
            (user_dir / name).write_text(text, encoding="utf-8")
        self._traits = _sized(_Traits)  # librime keeps pointers into it: it must live as long
        self._keep = [str(SHARED_DATA).encode(), str(user_dir).encode()]
        self._traits.shared_data_dir, self._traits.user_data_dir = self._keep
        self._traits.distribution_name = self._traits.distribution_code_name = b"gongkai"
        self._traits.distribution_version = b"1"
        self._traits.app_name = b"rime.gongkai"
        self._traits.min_log_level = 3
        self._traits.log_dir = b""
        self.lib.RimeSetup(ctypes.byref(self._traits))
        self.lib.RimeInitialize(ctypes.byref(self._traits))
        self.lib.RimeStartMaintenance(0)
        self.lib.RimeJoinMaintenanceThread()
        atexit.register(self.lib.RimeFinalize)  # librime's threads crash an interpreter that exits without it


class PinyinSession:
    """What the on-screen keyboard drives: letters in, a page of candidates, a choice commits."""

    def __init__(self, engine: RimeEngine):
        self._lib = engine.lib
        self._id = ctypes.c_size_t(self._lib.RimeCreateSession())
        self._lib.RimeSelectSchema(self._id, SCHEMA.encode())

    def type(self, letters: str) -> None:
        """Letters typed on the keyboard, added to the pinyin being composed."""
        self._lib.RimeSimulateKeySequence(self._id, letters.lower().encode())

    def backspace(self) -> None:
        """Take back the last letter of the pinyin being composed."""
        self._lib.RimeSimulateKeySequence(self._id, b"{BackSpace}")

    def clear(self) -> None:
        """Drop the composition, so a new field or a new citizen starts clean."""
        self._lib.RimeClearComposition(self._id)

    def next_page(self) -> None:
        """Show the next page of candidates."""
        self._lib.RimeSimulateKeySequence(self._id, b"{Page_Down}")

    def previous_page(self) -> None:
        """Show the previous page of candidates."""
        self._lib.RimeSimulateKeySequence(self._id, b"{Page_Up}")

    def state(self) -> tuple[str, list[tuple[int, str]]]:
        """The pinyin being composed (with syllable breaks) and the current page of candidates
        the font can draw, each with its place on the page (what ``choose`` takes)."""
        context = _sized(_Context)
        self._lib.RimeGetContext(self._id, ctypes.byref(context))
        try:
            preedit = (context.composition.preedit or b"").decode()
            candidates = [context.menu.candidates[n].text.decode() for n in range(context.menu.num_candidates)]
        finally:
            self._lib.RimeFreeContext(ctypes.byref(context))
        chars = drawable()
        return preedit, [(n, text) for n, text in enumerate(candidates) if all(ord(ch) in chars for ch in text)]

    def choose(self, index: int) -> str:
        """Pick the ``index``-th candidate shown; returns committed text ('' while a phrase is
        still being built from its parts)."""
        self._lib.RimeSimulateKeySequence(self._id, str(index + 1).encode())
        commit = _sized(_Commit)
        if not self._lib.RimeGetCommit(self._id, ctypes.byref(commit)):
            return ""
        try:
            return (commit.text or b"").decode()
        finally:
            self._lib.RimeFreeCommit(ctypes.byref(commit))


@lru_cache(maxsize=1)
def drawable() -> frozenset[int]:
    """Code points the kiosk's font has glyphs for."""
    with TTFont(FONT, lazy=True) as font:
        return frozenset(font.getBestCmap())


_engine: RimeEngine | None = None
_lock = threading.Lock()


def open_session(user_dir: Path) -> PinyinSession:
    """A session on the process's engine, deploying it on first use (a few seconds, once)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = RimeEngine(user_dir)
        return PinyinSession(_engine)
