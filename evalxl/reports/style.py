"""The official-document style of the 自评报告 (GB/T 9704 as county offices use it), from the data
of ``workbook_templates/reports.toml``: A4 and its margins, the title, heading and body styles with
their fonts (named on ascii, hAnsi and eastAsia, each with the font Word and WPS take where it is
missing), the page number in the footer, and the paragraphs reports are written in: text and
placeholders (【请补充：…】, bold and highlighted) mixed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from docx import Document as new_docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph

from evalxl.contract.report_schema import FontSpec, ReportStyle, report_style

# The styles the reports use: python-docx's built-in names (Word shows them in its outline view)
# and two of evalxl's own.
TITLE, HEADING1, HEADING2, BODY = "Title", "Heading 1", "Heading 2", "Normal"
TABLE, PLACEHOLDER = "表格文字", "待补充"
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_BLACK = RGBColor(0, 0, 0)


@dataclass(frozen=True)
class Placeholder:
    """A sentence a person must write: printed as 【请补充：text】, bold and highlighted."""

    text: str


Part = str | Placeholder  # a piece of a paragraph


def placeholder_text(text: str, style: ReportStyle | None = None) -> str:
    """How a placeholder reads in the document: ``【请补充：text】``."""
    start, end = (style or report_style()).placeholder
    return f"{start}{text}{end}"


def new_document() -> Document:
    """An empty document in the reports' style: page, margins, styles, fonts and page numbers."""
    style = report_style()
    doc = new_docx()
    _drop_thumbnail(doc)
    _page(doc, style)
    _styles(doc, style)
    _font_table(doc, style)
    _page_number(doc, style)
    return doc


def _drop_thumbnail(doc: Document) -> None:
    """The template's thumbnail shows another document: drop it."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)


def _page(doc: Document, style: ReportStyle) -> None:
    page = style.page
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(page["width"]), Mm(page["height"])
        section.top_margin, section.bottom_margin = Mm(page["top"]), Mm(page["bottom"])
        section.left_margin, section.right_margin = Mm(page["left"]), Mm(page["right"])
        section.header_distance, section.footer_distance = Mm(page["header"]), Mm(page["footer"])


def text_width_mm(style: ReportStyle | None = None) -> float:
    """The width of the text block: the paper's less the left and right margins."""
    page = (style or report_style()).page
    return page["width"] - page["left"] - page["right"]


def set_fonts(element: Any, font: FontSpec) -> None:
    """Name ``font`` on the rFonts of ``element`` (a run or a style) for ascii, hAnsi and eastAsia,
    without the theme fonts that would win over them, and give its size."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font.name)
    rpr.sz_val = Pt(font.size)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(round(font.size * 2)))


def _paragraph_style(doc: Document, name: str) -> ParagraphStyle:
    try:
        found = doc.styles[name]
    except KeyError:
        found = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(found, ParagraphStyle)
    return found


def _styles(doc: Document, style: ReportStyle) -> None:
    fonts, indent = style.fonts, Pt(style.fonts["body"].size * style.indent_chars)
    roles = (
        (BODY, "body", style.line_spacing, indent, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (TITLE, "title", style.title_line_spacing, Pt(0), WD_ALIGN_PARAGRAPH.CENTER),
        (HEADING1, "heading1", style.line_spacing, indent, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (HEADING2, "heading2", style.line_spacing, indent, WD_ALIGN_PARAGRAPH.JUSTIFY),
        (TABLE, "table", style.table_line_spacing, Pt(0), WD_ALIGN_PARAGRAPH.CENTER),
    )
    for name, role, spacing, first_line, alignment in roles:
        para = _paragraph_style(doc, name)
        if name != BODY:
            para.base_style = doc.styles[BODY]
        set_fonts(para.element, fonts[role])
        para.font.bold, para.font.italic, para.font.color.rgb = False, False, _BLACK
        para.font.all_caps = False
        fmt = para.paragraph_format
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(spacing)
        fmt.first_line_indent, fmt.alignment = first_line, alignment
        fmt.widow_control = True
        fmt.keep_with_next = name in (TITLE, HEADING1, HEADING2)
        _indent_in_chars(para.element, style.indent_chars if first_line else 0)
        _drop_border(para.element)
    rpr = doc.styles[BODY].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    marked = doc.styles.add_style(PLACEHOLDER, WD_STYLE_TYPE.CHARACTER)
    assert isinstance(marked, CharacterStyle)
    marked.font.bold = True
    if style.highlight != "none":
        marked.font.highlight_color = getattr(WD_COLOR_INDEX, style.highlight.upper())


def _indent_in_chars(element: Any, chars: float) -> None:
    """The first-line indent also in characters (w:firstLineChars), as WPS and Word keep it when
    the font size changes."""
    ind = element.get_or_add_pPr().get_or_add_ind()
    if chars:
        ind.set(qn("w:firstLineChars"), str(round(chars * 100)))
    else:
        ind.attrib.pop(qn("w:firstLineChars"), None)


def _drop_border(element: Any) -> None:
    """The template's Title has a bottom border; an official title has none."""
    ppr = element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _font_table(doc: Document, style: ReportStyle) -> None:
    """Declare each font in the font table with its fallback (w:altName) and the GB2312 charset, so
    Word and WPS substitute a Chinese font of the same kind where it is missing."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    known = {font.get(qn("w:name")) for font in table.findall(qn("w:font"))}
    for spec in style.fonts.values():
        if spec.name in known:
            continue
        known.add(spec.name)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), spec.name)
        for tag, value in (("w:altName", spec.fallback), ("w:charset", "86"), ("w:family", "auto")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        table.append(font)
    part._blob = serialize_part_xml(table)


def _page_number(doc: Document, style: ReportStyle) -> None:
    """``— n —`` centred in the footer, n a PAGE field, in the page number's font."""
    footer = doc.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Pt(0)
    _indent_in_chars(para._p, 0)
    before, after = style.page_number
    font = style.fonts["page_number"]
    set_fonts(para.add_run(before)._r, font)
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
        run = para.add_run("" if kind != "text" else text)
        set_fonts(run._r, font)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind != "text":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    set_fonts(para.add_run(after)._r, font)


# --------------------------------------------------------------------------- writing paragraphs


def add_paragraph(doc: Document, *parts: Part, style: str = BODY) -> Paragraph:
    """A paragraph of ``parts`` in ``style``: text as it is, each :class:`Placeholder` marked."""
    para = doc.add_paragraph(style=style)
    add_parts(para, parts)
    return para


def add_parts(para: Paragraph, parts: tuple[Part, ...] | list[Part]) -> None:
    """Append ``parts`` to ``para``: text runs, and each placeholder as a run in its own style."""
    for part in parts:
        if isinstance(part, Placeholder):
            run = para.add_run(placeholder_text(part.text), style=PLACEHOLDER)
            marks = report_style().highlight
            if marks != "none":  # also on the run: LibreOffice ignores a character style's highlight
                run.font.highlight_color = getattr(WD_COLOR_INDEX, marks.upper())
        elif part:
            para.add_run(part)


def with_part(sentence: str, name: str, part: Part, **values: object) -> list[Part]:
    """``sentence`` with the run's ``values``, and ``part`` (a user's text or a placeholder) where
    it names ``{name}``."""
    head, _, tail = sentence.partition("{" + name + "}")
    return [head.format(**values), part, tail.format(**values)]


def add_heading(doc: Document, text: str, level: int) -> Paragraph:
    """A first- (黑体) or second-level (楷体) heading."""
    return add_paragraph(doc, text, style=HEADING1 if level == 1 else HEADING2)


def add_title(doc: Document, text: str) -> Paragraph:
    """The document's title (小标宋), centred."""
    return add_paragraph(doc, text, style=TITLE)


PROPERTY_CHARS = 255  # the longest text a .docx core property holds (Word's limit; python-docx enforces it)


def set_title(doc: Any, title: str) -> None:
    """The document's title property: ``title``, cut to what the property holds (a project's name
    may be longer; the heading in the text keeps it whole)."""
    doc.core_properties.title = title if len(title) <= PROPERTY_CHARS else title[: PROPERTY_CHARS - 1] + "…"


def add_outline(doc: Any, headings: Sequence[str], parts: Sequence[Callable[[], None]]) -> None:
    """Each part of a report's outline under its first-level heading, in order."""
    for heading, part in zip(headings, parts, strict=True):
        add_heading(doc, heading, 1)
        part()
