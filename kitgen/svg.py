"""One gate for every SVG: what the renderers get is self-contained, script-free SVG.

Illustrations and icons come from illustrators and partner organisations, so an SVG is
untrusted. :func:`clean` reads it once with lxml (entities never resolved, no network, no
DTD loaded) and refuses, as a located :class:`~kitgen.errors.MediaError` at the SVG's line:

- entity declarations (``<!ENTITY``) and entity references: no entity is ever expanded;
- scripts: ``<script>``, ``<handler>``, event attributes (``onload=``...), HTML or XInclude
  elements, ``<foreignObject>``, ``xml:base``, ``<?xml-stylesheet?>`` and animations of
  ``href``;
- references that leave the story folder: an ``href`` or a CSS ``url()`` may name an
  element of the same SVG (``#id``), embed a PNG or JPEG (``data:image/png;base64,...``),
  or name a PNG or JPEG file by a relative path that resolves inside the story folder.
  Anything absolute, ``file:``, ``http:``, any other address, another SVG file, a missing
  file, ``@import`` in a stylesheet: refused;
- documents that would expand beyond :data:`MAX_DRAWN` elements once ``<use>`` and
  ``url(#...)`` references are followed (a "billion laughs" made of references), reference
  loops, and embedded images over :data:`MAX_PIXELS`.

A referenced file inside the story folder is embedded into the cleaned SVG as a data URI,
so print (svglib) and video (resvg) draw exactly the same bytes, resolve nothing themselves,
and never draw a picture in one and drop it in the other. The cleaned bytes change when a
referenced file changes, so caches keyed by them stay right.

The story folder is the nearest folder at or above the SVG that holds ``story.yaml``; an
SVG outside any story (a built-in icon) may only refer to files in its own folder.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree
from PIL import Image, UnidentifiedImageError

from kitgen.errors import Location, MediaError

MAX_SVG_BYTES = 5_000_000
MAX_DRAWN = 250_000  # elements, with every reference followed
MAX_PIXELS = 40_000_000  # of an embedded or referenced raster image
STORY_FILE = "story.yaml"
RASTER_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

_SCRIPTED = {"script", "handler", "listener", "foreignObject"}
_SVG_NS = "http://www.w3.org/2000/svg"
_FOREIGN_NS = {"http://www.w3.org/1999/xhtml": "HTML", "http://www.w3.org/2001/XInclude": "XInclude"}
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DATA = re.compile(r"^data:image/(png|jpe?g);base64,(.*)$", re.IGNORECASE | re.DOTALL)
_ANIMATIONS = {"set", "animate", "animateMotion", "animateTransform", "animateColor"}
_EMBEDDERS = {"image", "feImage"}
_REFERENCED_ONLY = {"defs", "symbol", "clipPath", "mask", "pattern", "marker", "linearGradient", "radialGradient", "filter"}


@dataclass(frozen=True)
class CleanSvg:
    """An SVG proven safe: ``data`` is what a renderer may be given (UTF-8, self-contained)."""

    path: Path
    data: bytes
    width: float  # the intrinsic size (viewBox, else width and height; 0 when unknown)
    height: float


def story_root(path: Path) -> Path:
    """The story folder of an SVG: the nearest folder at or above it holding story.yaml, else its own folder."""
    path = Path(path).resolve()
    for folder in list(path.parents)[:8]:
        if (folder / STORY_FILE).is_file():
            return folder
    return path.parent


def sanitized(path: Path, root: Path | None = None) -> bytes:
    """The cleaned bytes of the SVG at ``path`` (see :func:`clean`)."""
    return clean(path, root).data


def clean(path: Path, root: Path | None = None, where: Location | None = None) -> CleanSvg:
    """Read, check and clean one SVG; every problem is a MediaError located in the SVG."""
    path = Path(path)
    return _Cleaner(path, Path(root) if root is not None else story_root(path), where or Location.of(path)).run()


def references(path: Path, root: Path | None = None) -> list[Path]:
    """The files inside the story folder that the SVG at ``path`` embeds (its relative ``href`` values),
    so that a build's key can follow them; an unreadable or refused SVG refers to nothing here
    (:func:`clean` reports it)."""
    path = Path(path)
    base = (Path(root) if root is not None else story_root(path)).resolve()
    try:
        if path.stat().st_size > MAX_SVG_BYTES or b"<!ENTITY" in (data := path.read_bytes()):
            return []
        document = etree.fromstring(data, _parser())
    except (OSError, etree.XMLSyntaxError, ValueError):
        return []
    found = []
    for node in document.iter():
        if not isinstance(node.tag, str):
            continue
        for name, value in node.attrib.items():
            target = value.strip()
            if etree.QName(name).localname != "href" or not target or target.startswith(("#", "/", "\\")) or _SCHEME.match(target):
                continue
            file = (path.parent / unquote(target)).resolve()
            if file.is_relative_to(base) and file.is_file():
                found.append(file)
    return sorted(set(found))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, recover=False)


class _Cleaner:
    def __init__(self, path: Path, root: Path, where: Location) -> None:
        self.path, self.root, self.where = path, root.resolve(), where
        self.name = path.name

    def error(self, line: int | None, message: str, column: int | None = None) -> MediaError:
        return MediaError(f"SVG '{self.name}' {message}", Location.of(self.path, line, column) if line else self.where)

    def run(self) -> CleanSvg:
        data = self.read()
        entity = data.find(b"<!ENTITY")
        if entity >= 0:
            raise self.error(data.count(b"\n", 0, entity) + 1, "declares XML entities (<!ENTITY), which are not allowed; remove them")
        try:
            root = etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position and exc.position[0] else (None, None)
            raise self.error(line, f"is not valid SVG XML: {_xml_problem(exc.msg)}; export it again", column) from None
        if not isinstance(root.tag, str) or etree.QName(root).localname != "svg":
            raise self.error(root.sourceline, f"is XML but not SVG (root element <{etree.QName(root).localname if isinstance(root.tag, str) else root.tag}>)")
        for sibling in _top_level(root):
            if isinstance(sibling, etree._ProcessingInstruction) and sibling.target == "xml-stylesheet":
                raise self.error(sibling.sourceline, "links a stylesheet (<?xml-stylesheet?>); put the styles in a <style> element")
        ids: dict[str, etree._Element] = {}
        links: dict[etree._Element, list[str]] = {}
        for node in list(root.iter()):
            self.check_node(node, ids, links)
        self.check_expansion(root, ids, links)
        width, height = _size(root)
        return CleanSvg(self.path, etree.tostring(root, encoding="utf-8", xml_declaration=False), width, height)

    def read(self) -> bytes:
        try:
            size = self.path.stat().st_size
            if not self.path.is_file():
                raise self.error(None, "is not a regular file")
            if size > MAX_SVG_BYTES:
                raise self.error(None, f"is {size / 1e6:.1f} MB, over the {MAX_SVG_BYTES // 1_000_000} MB an SVG may have; simplify it")
            with open(self.path, "rb") as handle:
                data = handle.read(MAX_SVG_BYTES + 1)
        except OSError as exc:
            raise self.error(None, f"cannot be read: {exc.strerror}") from None
        if len(data) > MAX_SVG_BYTES:
            raise self.error(None, f"is over the {MAX_SVG_BYTES // 1_000_000} MB an SVG may have; simplify it")
        return data

    # -- one element at a time ----------------------------------------------------------------

    def check_node(self, node: etree._Element, ids: dict, links: dict) -> None:
        line = node.sourceline
        if isinstance(node, etree._Entity):
            raise self.error(line, f"uses the entity reference &{node.name}; (entities are not allowed); write the text out")
        if isinstance(node, etree._ProcessingInstruction):
            if node.target == "xml-stylesheet":
                raise self.error(line, "links a stylesheet (<?xml-stylesheet?>); put the styles in a <style> element")
            node.getparent().remove(node)  # instructions for other programs: not drawn, not kept
            return
        if not isinstance(node.tag, str):
            return
        qname = etree.QName(node)
        local, namespace = qname.localname, qname.namespace
        if namespace in _FOREIGN_NS:
            raise self.error(line, f"contains an {_FOREIGN_NS[namespace]} element <{local}>, which may run code or load files; remove it")
        if local in _SCRIPTED:
            raise self.error(line, f"contains <{local}>, which may run code; remove it (an illustration needs no scripts)")
        if node.get("id"):
            ids[node.get("id")] = node
        refs: list[str] = []
        for name, value in list(node.attrib.items()):
            attribute = etree.QName(name).localname
            if name == _XML_BASE:
                raise self.error(line, "sets xml:base, which moves where references point; remove it")
            if attribute.lower().startswith("on"):
                raise self.error(line, f"has the event attribute '{attribute}', which runs code; remove it")
            if local in _ANIMATIONS and attribute == "attributeName" and value.strip().split(":")[-1] == "href":
                raise self.error(line, f"animates a reference (<{local} attributeName=\"{value}\">); remove the animation")
            if attribute == "href":
                replacement = self.reference(value, local, line, refs)
                if replacement is not None:
                    node.set(name, replacement)
            for match in _URL.finditer(value):
                self.css_reference(match.group(2), line, refs)
        if local == "style" and node.text:
            if re.search(r"@import", node.text, re.IGNORECASE):
                raise self.error(line, "imports a stylesheet (@import); put the styles in the SVG itself")
            for match in _URL.finditer(node.text):
                self.css_reference(match.group(2), line, refs)
        if refs:
            links[node] = refs

    def css_reference(self, target: str, line: int, refs: list[str]) -> None:
        target = target.strip()
        if target.startswith("#"):
            refs.append(target[1:])
            return
        raise self.error(line, f"refers to '{_shown(target)}' in a url(); an SVG may only use url(#id) for its own gradients, "
                               f"patterns, clip paths, masks, markers and filters")

    def reference(self, value: str, element: str, line: int, refs: list[str]) -> str | None:
        """Check one href; return the value to write instead (a data URI for a file), or None to keep it."""
        target = value.strip()
        if not target:
            return None
        if target.startswith("#"):
            refs.append(target[1:])
            return None
        data = _DATA.match(target)
        if data is not None and element in _EMBEDDERS:
            self.embedded(data.group(2), line)
            return None
        if target.lower().startswith("data:"):
            raise self.error(line, f"embeds '{_shown(target)}'; only PNG and JPEG images may be embedded (data:image/png;base64,...) in <image>")
        if _SCHEME.match(target) or target.startswith(("/", "\\")):
            raise self.error(line, f"refers to '{_shown(target)}'; an SVG may only refer to its own elements (#id) or to PNG and "
                                   f"JPEG files inside the story folder, by a relative path (no absolute paths, file:, http: or other addresses)")
        if element not in _EMBEDDERS:
            raise self.error(line, f"<{element}> refers to the file '{_shown(target)}'; only <image> may name a file, other elements refer to #id")
        return self.inline_file(target, line)

    def inline_file(self, target: str, line: int) -> str:
        relative = unquote(target)
        if "#" in relative or "?" in relative:
            raise self.error(line, f"refers to '{_shown(target)}'; name the image file alone, with no '#' or '?' part")
        file = (self.path.parent / relative).resolve()
        if not file.is_relative_to(self.root):
            raise self.error(line, f"refers to '{_shown(target)}', which is outside the story folder; keep images under {self.root.name}/")
        mime = RASTER_SUFFIXES.get(file.suffix.lower())
        if file.suffix.lower() == ".svg":
            raise self.error(line, f"includes another SVG file ('{_shown(target)}'); paste its drawing into this one, or export it as PNG")
        if mime is None:
            raise self.error(line, f"refers to '{_shown(target)}'; an <image> must be a PNG or JPEG file")
        if not file.is_file():
            raise self.error(line, f"refers to '{_shown(target)}', which does not exist; check the file name (it is relative to the SVG)")
        try:
            payload = file.read_bytes() if file.stat().st_size <= MAX_SVG_BYTES * 4 else b""
        except OSError as exc:
            raise self.error(line, f"refers to '{_shown(target)}', which cannot be read: {exc.strerror}") from None
        if not payload:
            raise self.error(line, f"refers to '{_shown(target)}', which is empty or over {MAX_SVG_BYTES * 4 // 1_000_000} MB")
        self.raster(payload, line, f"'{_shown(target)}'")
        return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"

    def embedded(self, payload: str, line: int) -> None:
        try:
            raw = base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
        except (binascii.Error, ValueError):
            raise self.error(line, "embeds an image whose base64 data is broken; export it again") from None
        self.raster(raw, line, "an embedded image")

    def raster(self, payload: bytes, line: int, what: str) -> None:
        try:
            with Image.open(io.BytesIO(payload)) as image:
                if image.format not in ("PNG", "JPEG"):
                    raise self.error(line, f"uses {what}, which is {image.format}, not PNG or JPEG")
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise self.error(line, f"uses {what} of {width}x{height} pixels, over {MAX_PIXELS // 1_000_000} megapixels; scale it down")
                image.load()
        except MediaError:
            raise
        except Image.DecompressionBombError:
            raise self.error(line, f"uses {what}, which has far over {MAX_PIXELS // 1_000_000} megapixels; scale it down") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise self.error(line, f"uses {what}, which is not a readable PNG or JPEG image ({type(exc).__name__}); export it again") from None

    # -- the whole document ---------------------------------------------------------------------

    def check_expansion(self, root: etree._Element, ids: dict, links: dict) -> None:
        """Count the elements drawn with every reference followed; refuse loops and bombs."""
        done: dict[etree._Element, int] = {}
        active: set[etree._Element] = set()
        stack: list[tuple[etree._Element, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                active.discard(node)
                total = 1 + sum(done[child] for child in _children(node, ids, links))
                if total > MAX_DRAWN:
                    raise self.error(node.sourceline, f"draws more than {MAX_DRAWN:,} elements once its <use> and url(#...) "
                                                      f"references are followed; simplify it")
                done[node] = total
                continue
            if node in done:
                continue
            if node in active:
                raise self.error(node.sourceline, "has an element that refers to itself or to an element containing it (a loop); remove the loop")
            active.add(node)
            stack.append((node, True))
            for child in _children(node, ids, links):
                if child in active:
                    raise self.error(node.sourceline, "has an element that refers to itself or to an element containing it (a loop); remove the loop")
                if child not in done:
                    stack.append((child, False))


def _children(node: etree._Element, ids: dict, links: dict) -> list[etree._Element]:
    """What drawing ``node`` draws: its children (but not the insides of <defs>, <symbol>,
    gradients... which are drawn only where referenced) and the elements it refers to."""
    found = [child for child in node if isinstance(child.tag, str) and etree.QName(child).localname not in _REFERENCED_ONLY]
    found += [ids[ref] for ref in links.get(node, ()) if ref in ids]
    return found


def _top_level(root: etree._Element) -> list:
    siblings = []
    node = root.getprevious()
    while node is not None:
        siblings.append(node)
        node = node.getprevious()
    return siblings


def _xml_problem(message: str) -> str:
    first = message.split(", line")[0].strip()
    if "Excessive depth" in first:
        return "elements are nested more than 256 levels deep; flatten the drawing"
    return f"mismatched tag ({first})" if "mismatch" in first else first


def _shown(target: str) -> str:
    return target if len(target) <= 60 else target[:57] + "..."


def _size(root: etree._Element) -> tuple[float, float]:
    view_box = root.get("viewBox")
    if view_box:
        parts = view_box.replace(",", " ").split()
        if len(parts) == 4:
            try:
                w, h = float(parts[2]), float(parts[3])
                if w > 0 and h > 0:
                    return w, h
            except ValueError:
                pass
    try:
        return float(root.get("width", "0").rstrip("px")), float(root.get("height", "0").rstrip("px"))
    except ValueError:
        return 0.0, 0.0
