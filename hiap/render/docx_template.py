"""Opening Word files: hiap's house template, a council's ``.docx``/``.dotx``, or a file to check.

A council template keeps its styles, header, footer and logo; its body is replaced and any style
hiap needs but the template lacks is copied from the house template (Word only stores built-in
styles that were used, so ``Heading 2`` is often missing: python-docx #452, #1333).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hiap import safeio
from hiap.errors import InputError

HOUSE_TEMPLATE = Path(__file__).with_name("house.docx")

_CT_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_CT_MACRO = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
#: Macro and active content, found by what the package says a part is, whatever it is named:
#: VBA projects and their data and signatures, macro key bindings and toolbars, ActiveX controls.
_ACTIVE_MARKS = ("vbaproject", "vbadata", "macroenabled", "keymapcustomizations", "attachedtoolbars", "activex")
_MACRO_SUFFIXES = (".docm", ".dotm")
_TEMPLATE_HINT = "give a Word .docx or .dotx file saved from Word, or leave out --template to use hiap's own"

#: Styles the writer uses, by their Word UI name, and their kind.
NEEDED_STYLES: dict[str, str] = {
    "Normal": "paragraph",
    "Title": "paragraph",
    "Subtitle": "paragraph",
    "Heading 1": "paragraph",
    "Heading 2": "paragraph",
    "Heading 3": "paragraph",
    "List Bullet": "paragraph",
    "Caption": "paragraph",
    "Footer": "paragraph",
    "Hyperlink": "character",
    "Table Grid": "table",
    "hiap Table Text": "paragraph",
    "hiap Table Heading": "paragraph",
    "hiap Callout": "paragraph",
}


@dataclass
class Prepared:
    """A document ready for content: the python-docx object, style ids by UI name, what was filled in."""

    doc: Any
    style_ids: dict[str, str]
    #: styles copied in from the house template because the council's lacked them
    added_styles: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    """Style names compare case-insensitively: Word stores built-ins as "heading 1" and shows "Heading 1"."""
    return " ".join(name.lower().split())


# -- reading the package ---------------------------------------------------------------------------


@functools.cache
def _house_bytes() -> bytes:
    return HOUSE_TEMPLATE.read_bytes()


def _refuse(path: Path, message: str, what: str, hint: str) -> InputError:
    return InputError(message, file=path, field=what, hint=hint)


#: Council templates are a few hundred kilobytes, logos included; these limits are far above that.
MAX_PACKAGE_BYTES = 50 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20
MAX_BODY_BYTES = 5 * 2**20


def read_word_package(path: Path, *, what: str = "template", allow_macros: bool = False) -> io.BytesIO:
    """The file as a ``.docx`` package in memory, or InputError saying why it cannot be one.

    A ``.dotx`` (and, when only reading, a macro-enabled file) gets the document content type,
    because python-docx refuses anything else (python-docx #363). Macros are never run or kept.
    """
    hint = _TEMPLATE_HINT if what == "template" else "give a Word .docx file"
    if not allow_macros and path.suffix.lower() in _MACRO_SUFFIXES:
        raise _refuse(
            path,
            "macro-enabled Word files are not accepted",
            what,
            "save the template as a Word Template (.dotx) or Word Document (.docx) without macros",
        )
    try:  # a regular file only: a named pipe would block, a device never end
        data = safeio.read_limited(path, what, MAX_PACKAGE_BYTES)
    except InputError as exc:
        message = "file not found" if exc.message.startswith("no such") else exc.message
        raise _refuse(path, message, what, "check the path" if message == "file not found" else hint) from None
    if not data:
        raise _refuse(path, "the file is empty", what, hint)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            names = zin.namelist()
            # a few kilobytes can inflate to gigabytes of XML: refuse before parsing any of it
            unpacked = sum(info.file_size for info in zin.infolist())
            body = next((i.file_size for i in zin.infolist() if i.filename == "word/document.xml"), 0)
            if body > MAX_BODY_BYTES:
                raise _refuse(
                    path,
                    f"its body text unpacks to {body // 2**20} MiB; a template's body is replaced, so it needs none",
                    what,
                    "save a copy with the body text deleted (keep the header, footer and styles) and use that",
                )
            if unpacked > MAX_UNPACKED_BYTES or len(names) > 2000:
                raise _refuse(
                    path,
                    f"its parts unpack to {unpacked // 2**20} MiB in {len(names)} parts, more than any template needs",
                    what,
                    hint,
                )
            if "[Content_Types].xml" not in names:
                raise _refuse(path, "not a Word file (no Office content types inside)", what, hint)
            types = zin.read("[Content_Types].xml").decode("utf-8", errors="replace")
            active = _active_content(zin, types, names)
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                active = "macros"
            if not allow_macros and active:
                raise _refuse(
                    path,
                    f"the file contains {active}, which are not accepted",
                    what,
                    "save it as a Word Template (.dotx) or Word Document (.docx) without macros",
                )
            main_types = [ct for ct in (_CT_DOCUMENT, _CT_TEMPLATE, *_CT_MACRO) if ct in types]
            if not main_types:
                kind = _office_kind(types)
                raise _refuse(path, f"not a Word file{f' (it looks like {kind})' if kind else ''}", what, hint)
            if main_types == [_CT_DOCUMENT]:
                return io.BytesIO(data)
            return io.BytesIO(_with_document_type(zin, types))
    except zipfile.BadZipFile:
        raise _refuse(path, "not a Word file (it is not a zip package)", what, hint) from None
    except (zipfile.LargeZipFile, OSError, EOFError, RuntimeError) as exc:
        raise _refuse(path, f"the file is damaged ({exc})", what, hint) from None


def _active_content(zin: zipfile.ZipFile, types: str, names: list[str]) -> str | None:
    """Macro or ActiveX content declared by content type or relationship type, whatever its name:
    "macros", "ActiveX controls" or None.

    Both are plain strings inside small XML files, and any mention is enough to refuse: no
    legitimate template declares them without holding them.
    """
    texts = [types.lower()]
    for name in names:
        if name.lower().endswith(".rels"):
            if zin.getinfo(name).file_size > 2**20:
                return "macros"  # a relationships part this large is not a template's
            texts.append(zin.read(name).decode("utf-8", errors="replace").lower())
    found = [mark for mark in _ACTIVE_MARKS if any(mark in text for text in texts)]
    if not found:
        return None
    return "ActiveX controls" if found == ["activex"] else "macros"


def _office_kind(types: str) -> str | None:
    if "spreadsheetml" in types:
        return "an Excel workbook"
    if "presentationml" in types:
        return "a PowerPoint presentation"
    if "opendocument" in types:
        return "an OpenDocument file"
    return None


def _with_document_type(zin: zipfile.ZipFile, types: str) -> bytes:
    """Copy the package with the main part's content type rewritten to a plain document's."""
    for ct in (_CT_TEMPLATE, *_CT_MACRO):
        types = types.replace(ct, _CT_DOCUMENT)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "[Content_Types].xml":
                zout.writestr(info, types.encode("utf-8"))
            elif not info.filename.lower().endswith("vbaproject.bin"):
                zout.writestr(info, zin.read(info.filename))
    return out.getvalue()


def open_word(path: Path, *, what: str = "template", allow_macros: bool = False) -> Any:
    """A python-docx Document for ``path``, with every failure turned into one InputError line."""
    from docx import Document
    from lxml import etree

    package = read_word_package(path, what=what, allow_macros=allow_macros)
    hint = _TEMPLATE_HINT if what == "template" else "open it in Word and save it again as a .docx"
    try:
        return Document(package)
    except etree.XMLSyntaxError as exc:
        raise _refuse(path, f"the file is damaged (bad XML: {exc.msg})", what, hint) from None
    except (KeyError, ValueError, zipfile.BadZipFile, AttributeError, TypeError, OSError) as exc:
        raise _refuse(path, f"the file is damaged or not a Word document ({exc})", what, hint) from None


# -- preparing a document for hiap's content -------------------------------------------------------


def style_index(styles_element: Any) -> dict[str, tuple[str, str]]:
    """UI name (case-folded) -> (style id, type) for every style the file defines."""
    from hiap.render.docx_ext import qn

    out: dict[str, tuple[str, str]] = {}
    for style in styles_element.iterchildren(qn("w:style")):
        name_el = style.find(qn("w:name"))
        sid = style.get(qn("w:styleId"))
        if sid is None:
            continue
        name = name_el.get(qn("w:val")) if name_el is not None else sid
        out.setdefault(_key(name), (sid, style.get(qn("w:type"), "paragraph")))
    return out


@functools.cache
def _house_parts() -> tuple[bytes, bytes]:
    """The house template's styles.xml and numbering.xml, read once per process."""
    with zipfile.ZipFile(io.BytesIO(_house_bytes())) as z:
        return z.read("word/styles.xml"), z.read("word/numbering.xml")


@functools.cache
def _house_trees() -> tuple[Any, Any]:
    from lxml import etree

    styles_xml, numbering_xml = _house_parts()
    return etree.fromstring(styles_xml), etree.fromstring(numbering_xml)


class _StyleCopier:
    """Copies house styles (and the numbering List Bullet needs) into a council's document."""

    def __init__(self, doc: Any) -> None:
        from hiap.render.docx_ext import qn

        self.qn = qn
        self.doc = doc
        self.styles = doc.styles.element
        self.index = style_index(self.styles)
        self.ids = {sid for sid, _ in self.index.values()}
        self.house_styles, self.house_numbering = _house_trees()
        self.house_by_id = {s.get(qn("w:styleId")): s for s in self.house_styles.iterchildren(qn("w:style"))}
        self.house_names = {sid: el.find(qn("w:name")).get(qn("w:val")) for sid, el in self.house_by_id.items()}
        self.added: list[str] = []

    def ensure(self, name: str) -> str:
        """The council's id for ``name``, copying the house style in when the council has none."""
        found = self.index.get(_key(name))
        if found is not None:
            return found[0]
        house_id = next((sid for sid, n in self.house_names.items() if _key(n) == _key(name)), None)
        if house_id is None:
            raise KeyError(name)
        return self._copy(house_id)

    def _copy(self, house_id: str) -> str:
        qn = self.qn
        style = copy.deepcopy(self.house_by_id[house_id])
        name = self.house_names[house_id]
        new_id = house_id
        while new_id in self.ids:  # the id is taken by a differently named style of the council's
            new_id = "hiap" + new_id
        style.set(qn("w:styleId"), new_id)
        self.ids.add(new_id)
        self.index[_key(name)] = (new_id, style.get(qn("w:type"), "paragraph"))
        for tag in ("w:basedOn", "w:next"):
            ref = style.find(qn(tag))
            if ref is None:
                continue
            target = ref.get(qn("w:val"))
            if target == house_id:
                ref.set(qn("w:val"), new_id)
            elif target in self.house_names:
                ref.set(qn("w:val"), self.ensure(self.house_names[target]))
            else:
                style.remove(ref)
        for link in style.findall(qn("w:link")):
            style.remove(link)
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None:
            num_id.set(qn("w:val"), self._copy_numbering(num_id.get(qn("w:val")), new_id))
        self.styles.append(style)
        self.added.append(name)
        return new_id

    def _copy_numbering(self, house_num_id: str, style_id: str) -> str:
        """Bring the bullet definition along; a List Bullet without it shows no bullets."""
        qn = self.qn
        numbering = _numbering_element(self.doc)
        house_num = next(
            n for n in self.house_numbering.iterchildren(qn("w:num")) if n.get(qn("w:numId")) == house_num_id
        )
        house_abs_id = house_num.find(qn("w:abstractNumId")).get(qn("w:val"))
        house_abs = next(
            a
            for a in self.house_numbering.iterchildren(qn("w:abstractNum"))
            if a.get(qn("w:abstractNumId")) == house_abs_id
        )

        def next_id(tag: str, attr: str, first: int) -> str:
            values = [int(v) for el in numbering.iterchildren(qn(tag)) if (v := el.get(qn(attr), "")).isdigit()]
            return str(max(values) + 1 if values else first)

        abs_id = next_id("w:abstractNum", "w:abstractNumId", 0)
        num_id = next_id("w:num", "w:numId", 1)
        new_abs = copy.deepcopy(house_abs)
        new_abs.set(qn("w:abstractNumId"), abs_id)
        for pstyle in new_abs.iter(qn("w:pStyle")):
            pstyle.set(qn("w:val"), style_id)
        existing_abs = list(numbering.iterchildren(qn("w:abstractNum")))
        if existing_abs:
            existing_abs[-1].addnext(new_abs)
        else:
            first_num = next(numbering.iterchildren(qn("w:num")), None)
            if first_num is not None:
                first_num.addprevious(new_abs)
            else:
                numbering.append(new_abs)
        new_num = copy.deepcopy(house_num)
        new_num.set(qn("w:numId"), num_id)
        new_num.find(qn("w:abstractNumId")).set(qn("w:val"), abs_id)
        last_num = list(numbering.iterchildren(qn("w:num")))
        if last_num:
            last_num[-1].addnext(new_num)
        else:
            new_abs.addnext(new_num)
        return num_id


def _numbering_element(doc: Any) -> Any:
    """The document's numbering definitions, adding an empty numbering part when it has none.

    Word leaves the part out of a template that never used a list, and python-docx cannot make
    one (python-docx has no constructor for a new numbering part), so it is built here.
    """
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.oxml.parser import parse_xml
    from docx.parts.numbering import NumberingPart

    from hiap.render.docx_ext import W_NS

    part = doc.part
    with contextlib.suppress(KeyError):  # no numbering part yet: made below
        return part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    partname = part.package.next_partname("/word/numbering%d.xml")
    element = parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>')
    numbering = NumberingPart(partname, CONTENT_TYPE.WML_NUMBERING, element, part.package)
    part.relate_to(numbering, RELATIONSHIP_TYPE.NUMBERING)
    return numbering.element


def _remove_remote_content(doc: Any, path: Path) -> None:
    """Strip fields and links that would fetch content from elsewhere, and say so once."""
    from hiap.console import warn
    from hiap.render import docx_ext as ext

    fields: list[str] = []
    links = 0
    for part in doc.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            fields += ext.remove_remote_fields(element)
        links += ext.remove_external_links(part)
    if fields or links:
        said = []
        if fields:
            names = ", ".join(sorted(set(fields)))
            said.append(f"{len(fields)} field{'s' if len(fields) != 1 else ''} ({names})")
        if links:
            said.append(f"{links} link{'s' if links != 1 else ''} to outside files")
        warn(
            f"{safeio.shown_path(path)}: template: removed {' and '.join(said)} that would fetch content "
            "from elsewhere when the document is opened; the document does not need them"
        )


def _clear_body(doc: Any) -> None:
    """Remove the template's boilerplate; the final sectPr keeps its header, footer and page setup."""
    from hiap.render.docx_ext import qn

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    if body.find(qn("w:sectPr")) is None:
        from hiap.render.docx_ext import make, set_a4

        sect = make("w:sectPr")
        body.append(sect)
        set_a4(sect)


def _footer_page_numbers(doc: Any, footer_style_id: str) -> None:
    """Add "Page X of Y" to council footers that have no page number (readers cite pages).

    The main footer always gets one; first-page and even-page footers only when the template
    defines them, so a deliberately blank first-page footer stays blank.
    """
    from hiap.render import docx_ext as ext
    from hiap.render.docx_ext import qn

    section = doc.sections[-1]
    footers = [section.footer, section.first_page_footer, section.even_page_footer]
    for position, footer in enumerate(footers):
        if footer.is_linked_to_previous:
            if position:
                continue
            footer.is_linked_to_previous = False  # a new footer part holding one empty paragraph
            p = footer.paragraphs[0]._p
        elif ext.has_page_field(footer._element):
            continue
        else:
            p = footer.add_paragraph()._p
        ppr = p.get_or_add_pPr()
        for old in ppr.findall(qn("w:pStyle")):
            ppr.remove(old)
        ppr.insert(0, ext.make("w:pStyle", {"w:val": footer_style_id}))
        ext.add_page_x_of_y(p)


def _header_image_alt_text(doc: Any, council_name: str | None) -> None:
    """Give a header or footer picture without alt text a description; nearly always the logo."""
    from hiap.render.docx_ext import qn

    label = f"{council_name} logo" if council_name else "Council logo"
    section = doc.sections[-1]
    parts = []
    for attr in ("header", "footer", "first_page_header", "first_page_footer", "even_page_header", "even_page_footer"):
        hf = getattr(section, attr)
        if not hf.is_linked_to_previous:
            parts.append(hf._element)
    for element in parts:
        for doc_pr in element.iter(qn("wp:docPr")):
            if not (doc_pr.get("descr") or "").strip():
                doc_pr.set("descr", label)


def _ids(index: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {name: index[_key(name)][0] for name in NEEDED_STYLES if _key(name) in index}


def prepare(template: Path | None, council: dict[str, Any] | None = None) -> Prepared:
    """The document the writer fills: the house template, or the council's with gaps filled."""
    from docx import Document

    from hiap.render import docx_ext as ext

    if template is None:
        doc = Document(io.BytesIO(_house_bytes()))
        return Prepared(doc=doc, style_ids=_ids(style_index(doc.styles.element)))

    path = Path(template)
    doc = open_word(path, what="template")
    council = council or {}
    try:
        _clear_body(doc)
        _remove_remote_content(doc, path)
        copier = _StyleCopier(doc)
        ids = {name: copier.ensure(name) for name in NEEDED_STYLES}
        ext.drop_attached_template(doc)
        ext.set_compatibility_mode(doc, 15)
        for section in doc.sections:
            ext.set_a4(section._sectPr)
        _footer_page_numbers(doc, ids["Footer"])
        _header_image_alt_text(doc, council.get("name"))
    except (KeyError, ValueError, AttributeError, StopIteration) as exc:
        raise InputError(
            f"the template's styles or numbering cannot be read ({exc})",
            file=path,
            field="template",
            hint=_TEMPLATE_HINT,
        ) from None
    return Prepared(doc=doc, style_ids=ids, added_styles=copier.added)
