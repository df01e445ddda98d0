"""The font a document with Chinese text is drawn in, found once for PDFs and charts.

fpdf2's core font (Helvetica) covers Latin-1 only, and matplotlib's DejaVu Sans
has no Chinese glyphs. A document with any other character embeds the glyphs
it uses from a CJK TrueType font: the file STORELEDGER_PDF_FONT names, else the
first of CJK_FONTS that is installed (Debian: fonts-wqy-microhei,
fonts-noto-cjk). The same approach as `hoctl po export --pdf`
(headoffice/cli/po_export.py), here for both sides' documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from common.errors import ConfigError, Refused
from common.i18n import _

if TYPE_CHECKING:
    from fpdf import FPDF

PDF_FONT_ENV = "STORELEDGER_PDF_FONT"
# Fonts with Chinese glyphs where Debian's packages put them, most wanted first.
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),  # fonts-wqy-microhei
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),  # fonts-noto-cjk
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),  # fonts-wqy-zenhei
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),  # fonts-arphic-uming
)
CJK_FAMILY = "cjk"


class FontMissing(Refused):
    """A document needs glyphs no installed font has."""


def find_cjk_font(environ: Mapping[str, str] | None = None) -> Path | None:
    """STORELEDGER_PDF_FONT if set, else the first installed of CJK_FONTS; None if none is."""
    env = os.environ if environ is None else environ
    named = env.get(PDF_FONT_ENV, "")
    if named:
        path = Path(named)
        if not path.is_file():
            raise ConfigError(
                _("{variable} names {path}, which is not a font file").format(
                    variable=PDF_FONT_ENV, path=path
                )
            )
        return path
    return next((path for path in CJK_FONTS if path.is_file()), None)


def latin1(texts: Iterable[str]) -> bool:
    """Whether the core PDF font can draw every text."""
    try:
        for text in texts:
            text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def new_pdf(
    texts: Iterable[str],
    what: str,
    font: Path | None,
    orientation: str = "portrait",
) -> tuple[FPDF, str]:
    """An A4 document and the font family to draw `texts` in.

    `font` is the CJK font (find_cjk_font()); it is needed only when some text is not
    Latin-1, and without it such a document is refused before anything is drawn, with a
    sentence naming `what` and what to install.
    """
    needs_font = not latin1(texts)
    if needs_font and font is None:
        raise FontMissing(
            _(
                "{what} needs a font with Chinese characters and none is installed: install "
                "fonts-wqy-microhei (or fonts-noto-cjk), or name a TrueType font file in "
                "{variable}; nothing was written"
            ).format(what=what, variable=PDF_FONT_ENV)
        )
    # Imported here: fpdf2 (with fontTools) costs every command ~0.3 s to load.
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    if needs_font and font is not None:
        # One face for both weights: CJK fonts rarely ship a bold one.
        for style in ("", "B"):
            pdf.add_font(CJK_FAMILY, style, str(font))
        return pdf, CJK_FAMILY
    return pdf, "Helvetica"


def fit(pdf: FPDF, text: str, width: float) -> str:
    """`text` cut to what fits in a cell `width` mm wide (with its padding), '...' when cut."""
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    mark = "..."
    while text and pdf.get_string_width(text + mark) > room:
        text = text[:-1]
    return text + mark
