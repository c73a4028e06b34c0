"""Turn HTML (whole pages or feed fragments) into the small Markdown subset the cleaner reads.

The subset: paragraphs separated by blank lines, ``# `` headings, ``- `` list
items, ``> `` quotations and ``[text](url)`` links (kept so the cleaner can
measure link density). Scripts, styles, navigation, asides, forms and footers
never reach the text.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree, html as lxml_html

_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "aside", "footer",
                      "header", "form", "button", "select", "textarea", "iframe", "svg",
                      "figure", "figcaption", "menu", "object", "embed", "canvas", "video",
                      "audio", "picture", "head"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "head"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "body", "html", "td", "th",
                     "dd", "dt", "pre", "table", "tr", "center", "address"})


def page_to_markdown(page: str, source_url: str | None = None) -> tuple[str, dict[str, str]]:
    """Extract a news page's main text (trafilatura) and its stated metadata."""
    import trafilatura

    xml = trafilatura.extract(page, url=source_url, output_format="xml", include_links=True,
                              include_comments=False, include_tables=False,
                              include_images=False, favor_precision=True)
    text = xml_to_markdown(xml) if xml else ""
    if not text.strip():
        text = fragment_to_markdown(page)
    return text, page_metadata(page, source_url)


def page_metadata(page: str, source_url: str | None) -> dict[str, str]:
    """Title, author, outlet, publication date, URL and language stated by the page."""
    import trafilatura

    document = trafilatura.bare_extraction(
        page, url=source_url, with_metadata=True, only_with_metadata=False,
        date_extraction_params={"original_date": True, "extensive_search": False})
    found: dict[str, Any] = (document.as_dict() if document is not None
                             and hasattr(document, "as_dict") else dict(document or {}))
    metadata: dict[str, str] = {}
    for ours, theirs in (("title", "title"), ("author", "author"), ("outlet", "sitename"),
                         ("published", "date"), ("url", "url")):
        value = found.get(theirs)
        if value and isinstance(value, str):
            metadata[ours] = value.strip()
    language = _html_language(page)
    if language:
        metadata["language"] = language
    return metadata


def _html_language(page: str) -> str | None:
    match = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([a-zA-Z]{2})\b", page[:5000])
    return match.group(1).lower() if match else None


def xml_to_markdown(xml: str) -> str:
    """Convert trafilatura's XML (p, head, list/item, quote, ref) to the Markdown subset."""
    root = etree.fromstring(xml.encode("utf-8"), etree.XMLParser(recover=True))
    main = root.find("main") if root is not None else None
    if main is None:
        return ""
    blocks: list[str] = []
    for element in main:
        tag = element.tag
        if tag == "list":
            blocks.extend("- " + _inline(item) for item in element.iter("item") if _inline(item))
        elif tag == "head":
            blocks.append("# " + _inline(element))
        elif tag == "quote":
            blocks.append("> " + _inline(element))
        else:
            blocks.append(_inline(element))
    return "\n\n".join(block for block in blocks if block.strip("#-> ").strip())


def _inline(element: Any) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        inner = _inline(child)
        if child.tag == "ref" and child.get("target") and inner.strip():
            parts.append(f"[{inner.strip()}]({child.get('target')})")
        elif child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(inner)
        parts.append(child.tail or "")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def fragment_to_markdown(fragment: str) -> str:
    """Convert an HTML fragment (a feed entry, a short page) to the Markdown subset."""
    if not fragment.strip():
        return ""
    try:
        root = lxml_html.fromstring(fragment)
    except (etree.ParserError, ValueError):
        return ""
    blocks: list[str] = []
    _walk(root, blocks)
    return "\n\n".join(b for b in (re.sub(r"\s+", " ", b).strip() for b in blocks) if b)


def _walk(element: Any, blocks: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED:
        return
    if tag in _HEADINGS:
        blocks.append("# " + element.text_content())
        return
    if tag == "li":
        blocks.append("- " + element.text_content())
        return
    if tag == "blockquote":
        blocks.append("> " + element.text_content())
        return
    if tag in _BLOCKS or tag in ("ul", "ol", "dl"):
        current = [element.text or ""]
        for child in element:
            child_tag = child.tag if isinstance(child.tag, str) else ""
            if child_tag in _SKIPPED:
                current.append(child.tail or "")
                continue
            if child_tag in _BLOCKS or child_tag in _HEADINGS or child_tag in (
                    "ul", "ol", "dl", "li", "blockquote"):
                blocks.append("".join(current))
                current = []
                _walk(child, blocks)
                current.append(child.tail or "")
            else:
                current.append(_link_text(child) + (child.tail or ""))
        blocks.append("".join(current))
        return
    blocks.append(_link_text(element))


def _link_text(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIPPED:
        return ""
    if tag == "br":
        return " "
    text = element.text_content()
    if tag == "a" and element.get("href") and text.strip():
        return f"[{text.strip()}]({element.get('href')})"
    return text
