"""Which files in docs/ may be published: pages and images in listed places, nothing else.

MkDocs copies every file in docs/ that is not a page to the site byte for byte, with no
security policy and no checks: an .html file with a sign-in form, an SVG with script, a
.txt file of spam. So docs/ may hold only the Markdown pages of docs/en/ and docs/zh/ and
images of listed types in listed folders, and every SVG must be inert.
"""
from __future__ import annotations

import os
from pathlib import Path
from xml.parsers import expat

from ..load.model import LANGUAGES
from ..problems import Problem
from ..readings import is_converted, source_language

PAGE_SUFFIX = ".md"
# Image folders, relative to docs/, and the first bytes each image type starts with.
IMAGE_FOLDERS = ("assets/images", *(f"{lang}/images" for lang in LANGUAGES))
IMAGE_SIGNATURES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
                    ".webp": (b"RIFF",), ".svg": (b"<svg", b"<?xml")}
MAX_IMAGE_BYTES = 1024 * 1024
MAX_SVG_DEPTH = 64

# SVG elements that can run script, show other documents or change links when animated.
SVG_REFUSED = {"script", "foreignobject", "iframe", "embed", "object", "a", "animate", "set", "animatemotion",
               "animatetransform", "handler", "listener", "style", "image", "use", "feimage"}


def _where_allowed() -> str:
    folders = ", ".join(f"docs/{folder}/" for folder in IMAGE_FOLDERS)
    kinds = ", ".join(sorted(IMAGE_SIGNATURES))
    return f"pages go in docs/en/ and docs/zh/ as .md files; images ({kinds}) go in {folders}"


def docs_problems(docs_dir: Path, root: Path) -> list[Problem]:
    """Every file in docs/ that would be published but is not a page or an allowed image."""
    problems = []
    for folder, subfolders, names in os.walk(docs_dir):
        subfolders.sort()
        for name in sorted(names + [d for d in subfolders if (Path(folder) / d).is_symlink()]):
            path = Path(folder) / name
            label = path.relative_to(root).as_posix()
            relative = path.relative_to(docs_dir).as_posix()
            problems.extend(_file_problems(path, label, relative))
    return problems


def _reading_link(path: Path, relative: str) -> bool:
    """docs/zh-hant: the one link docs/ may hold, a converted reading's folder pointing at
    the folder of the language it is made from (macros/readings.py)."""
    return is_converted(relative) and os.readlink(path) == source_language(relative)


def _file_problems(path: Path, label: str, relative: str) -> list[Problem]:
    if path.is_symlink() and _reading_link(path, relative):
        return []
    if path.is_symlink():
        return [Problem(label, 1, 1, "this is a link to another file, which would publish whatever it points to",
                        "replace the link with the file itself")]
    suffix = path.suffix.lower()
    parent = relative.rsplit("/", 1)[0] if "/" in relative else ""
    if suffix == PAGE_SUFFIX:
        if relative.split("/", 1)[0] in LANGUAGES and "/" in relative:
            return []
        return [Problem(label, 1, 1, "pages must be in docs/en/ or docs/zh/",
                        f"move it to docs/en/{relative} and add its Chinese version at docs/zh/{relative}")]
    if suffix == ".markdown":
        return [Problem(label, 1, 1, "pages must end in .md, or they are not checked",
                        f"rename it to {path.stem}.md")]
    if suffix in IMAGE_SIGNATURES and parent in IMAGE_FOLDERS:
        return _image_problems(path, label, suffix)
    return [Problem(label, 1, 1, f"this file would be published as it is, unchecked ({suffix or 'no type'} files are not allowed in docs/)",
                    _where_allowed())]


def _image_problems(path: Path, label: str, suffix: str) -> list[Problem]:
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return [Problem(label, 1, 1, f"the image is {size:,} bytes, over the limit of {MAX_IMAGE_BYTES:,}",
                        "make it smaller before adding it")]
    data = path.read_bytes()
    if not data.lstrip().startswith(IMAGE_SIGNATURES[suffix]):
        return [Problem(label, 1, 1, f"the file is not a {suffix} image", "export the image again in the type its name says")]
    return svg_problems(data, label) if suffix == ".svg" else []


def svg_problems(data: bytes, label: str) -> list[Problem]:
    """Anything in an SVG that could run script or load from elsewhere: an SVG is a
    document on the site's own origin, not just a picture."""
    problems: list[Problem] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    depth = [0]

    def refuse(message: str, fix: str) -> None:
        problems.append(Problem(label, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, message, fix))

    def start(name: str, attributes: dict) -> None:
        depth[0] += 1
        if depth[0] > MAX_SVG_DEPTH:
            refuse(f"the drawing is nested more than {MAX_SVG_DEPTH} levels deep", "export it again, flattened")
            raise _Stop
        element = name.rsplit(" ", 1)[-1].lower()
        if element in SVG_REFUSED:
            refuse(f"the SVG element <{element}> is not allowed: it can run script or load other files",
                   "export the drawing again as plain shapes and text")
        for attribute, value in attributes.items():
            attribute = attribute.rsplit(" ", 1)[-1].lower()
            if attribute.startswith("on"):
                refuse(f"the SVG attribute '{attribute}' is an event handler, which would run script", "remove it")
            elif attribute in ("href", "src") and not value.strip().startswith("#"):
                refuse(f"the SVG attribute '{attribute}' points outside the drawing ('{value[:60]}')", "remove it")
            elif "url(" in value.replace(" ", "").lower() and "url(#" not in value.replace(" ", "").lower():
                refuse(f"the SVG attribute '{attribute}' loads something from outside the drawing", "remove it")

    def end(name: str) -> None:
        depth[0] -= 1

    def declaration(*_args) -> None:
        refuse("the SVG declares a document type or entities, which can expand without limit",
               "export the drawing again without a DOCTYPE")
        raise _Stop

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = declaration
    parser.EntityDeclHandler = declaration
    parser.ProcessingInstructionHandler = lambda target, _data: target.lower() == "xml-stylesheet" and refuse(
        "the SVG loads a stylesheet, which can load other files", "remove the <?xml-stylesheet?> line")
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        problems.append(Problem(label, error.lineno, error.offset + 1, f"the SVG is not well-formed: {expat.ErrorString(error.code)}",
                                "export the drawing again"))
    return problems[:20]


class _Stop(Exception):
    """Raised inside the parser's handlers to stop reading a file already refused."""
