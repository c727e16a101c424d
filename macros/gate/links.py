"""Link targets, read exactly as a browser reads them (WHATWG URL parsing with ada-url).

A link may be published when it is
- site-relative: it resolves to the page's own origin (`/\\evil.example/` does not: a
  browser reads the backslash as a slash, so that is a link to evil.example);
- `https:` on an allowed domain or one of its subdomains, with no user name;
- `mailto:` one address on an allowed domain, setting at most a subject and a body
  (`cc`, `bcc`, `to` or any other parameter could send the message elsewhere);
- `tel:` a number listed in data/contacts.yaml;
- `data:` only when the caller lists that exact address.
Hosts are compared after IDNA, and a host that is not allowed but looks like an allowed
domain (Cyrillic letters, punycode, rn for m) is named as a look-alike.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote

import ada_url
import re2

from .normalise import skeleton_table

# The origin pages are taken to be published at when the caller does not give the
# site's address: `.invalid` can never be a real host.
UNKNOWN_SITE = "https://published-site.invalid/"

# Names of XML vocabularies, written as addresses but never fetched or followed.
NAMESPACES = frozenset({
    "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/XML/1998/namespace", "http://www.sitemaps.org/schemas/sitemap/0.9",
})

MAILTO_PARAMETERS = frozenset({"subject", "body"})

_URL_END = "[^\\s<>\"'`\\x{e000}\\x{3000}-\\x{303f}\\p{Han}]"
# Letters of the scripts a host name can be written in, Latin or imitating Latin; not Han,
# so that "请访问seattleschools.org" reads as Chinese followed by a domain.
_LABEL_CHAR = "\\p{Latin}\\p{Greek}\\p{Cyrillic}\\p{Armenian}\\p{Cherokee}\\pN"
_LABEL = f"[{_LABEL_CHAR}][{_LABEL_CHAR}-]*"
# Top-level domains worth recognising in running text, where "Node.js" or "data.yaml"
# are not addresses; any address with a scheme or www. is recognised whatever its ending.
_TLDS = ("com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|cn|tw|hk|mo|sg|me|cc|tv|ws|xyz|top|vip|"
         "app|club|online|site|shop|store|bet|casino|poker|win|loan|loans|money|cash|link|click|live|"
         "fun|pro|asia|ru|su|ly|gl|gd|de|fr|jp|kr|au|ca|br|ph|vn|th|example|invalid|test|xn--[a-z0-9-]+")
# The last label of a host in running text: one case throughout, so that text run
# together ("seattleschools.orgPhone") ends the host where the case changes.
_LAST_LABEL = "(?:[a-z][a-z0-9-]*|[A-Z][A-Z0-9-]*)"
ADDRESS = re2.compile(
    f"(?P<url>\\b(?i:https?|ftp|file|javascript|vbscript|data|mailto|tel|sms|blob|wss?|intent):{_URL_END}+)"
    f"|(?P<email>[{_LABEL_CHAR}._%+-]+@(?:{_LABEL}\\.)+{_LAST_LABEL})"
    f"|(?:^|[^{_LABEL_CHAR}_@.-])(?:(?P<www>(?i:www)\\.(?:{_LABEL}\\.)+{_LABEL}{_URL_END}*)"
    f"|(?P<domain>(?:{_LABEL}\\.)+(?i:{_TLDS})\\b(?:/{_URL_END}*)?))"
)
_TRAILING = ".,;:!?)]}'\"。，；：！？）】》」、"


@dataclass(frozen=True)
class LinkPolicy:
    allowed_domains: tuple[str, ...]
    phone_numbers: frozenset[str] = frozenset()
    site_url: str | None = None
    data_urls: frozenset[str] = frozenset()

    def page_url(self, relative_path: str) -> str:
        """Where the page at `relative_path` of the built site is published."""
        base = self.site_url or UNKNOWN_SITE
        return ada_url.join_url(base if base.endswith("/") else base + "/", relative_path)

    def link_problem(self, raw: str, page_url: str) -> str | None:
        """Why the link target `raw` (entities already decoded) may not be published on the
        page at `page_url`, or None when it may.

        A browser resolves a link against the page; a page read from disk resolves it
        against a file: address, where "https:evil.example" is no longer relative. Both
        readings must be safe.
        """
        value = raw.strip(" \t\n\r\f")
        page = ada_url.URL(page_url)
        try:
            resolved = ada_url.URL(value, page_url)
        except ValueError:
            return "is not an address a browser can open"
        try:
            alone = ada_url.URL(value)
        except ValueError:
            alone = None
        problem = self._target_problem(value, resolved, page, relative=alone is None)
        if problem or alone is None or alone.href == resolved.href:
            return problem
        return self._target_problem(value, alone, page, relative=False)

    def _target_problem(self, value: str, target, page, relative: bool) -> str | None:
        scheme = target.protocol
        if scheme == page.protocol and target.origin == page.origin:
            return None
        if scheme == "https:":
            if target.username or target.password:
                return f"carries a user name before the host '{target.hostname}'"
            problem = self.host_problem(target.hostname)
            return f"leads to another site, '{target.host}'" if problem and relative else problem
        if scheme == "mailto:":
            return self.mailto_problem(target.href)
        if scheme == "tel:":
            return self.tel_problem(target.href)
        if scheme == "data:" and value in self.data_urls:
            return None
        return f"uses '{scheme}', which is not allowed"

    def host_problem(self, host: str) -> str | None:
        host = host.lower().rstrip(".")
        if any(host == domain or host.endswith("." + domain) for domain in self.allowed_domains):
            return None
        readable = _unicode_host(host)
        written = f"'{readable}'" + (f" (written '{host}')" if readable != host else "")
        skeleton = domain_skeleton(readable)
        for domain in self.allowed_domains:
            imitated = domain_skeleton(domain)
            if skeleton == imitated or skeleton.endswith("." + imitated):
                return f"points to {written}, a look-alike of the allowed domain '{domain}'"
        return f"points to {written}, which is not an allowed domain"

    def mailto_problem(self, value: str) -> str | None:
        addresses, _, query = value[len("mailto:"):].partition("?")
        recipients = [unquote(a).strip() for a in addresses.split(",") if a.strip()]
        if len(recipients) != 1:
            return "must write to exactly one address"
        local, at, domain = recipients[0].rpartition("@")
        if not at or not local or not domain:
            return f"writes to '{recipients[0]}', which is not an e-mail address"
        problem = self.host_problem(_ascii_host(domain))
        if problem:
            return problem
        for key, _ in parse_qsl(query, keep_blank_values=True):
            key = key.strip().lower()
            if key in ("cc", "bcc", "to"):
                return f"sends a copy of each message elsewhere with '{key}='"
            if key not in MAILTO_PARAMETERS:
                return f"sets '{key}=', which is not allowed (a mailto: link may set only subject and body)"
        return None

    def tel_problem(self, value: str) -> str | None:
        number = unquote(value[len("tel:"):]).strip()
        if phone_digits(number) in self.phone_numbers:
            return None
        return f"calls '{number}', a number that is not in data/contacts.yaml"

    def address_problems(self, text: str, page_url: str,
                         kinds=("url", "email", "www", "domain")) -> list[tuple[int, int, str]]:
        """(start, end, message) for each address written in `text` (in plain form) that
        may not be published: links with a scheme, www. hosts, bare domains, e-mail
        addresses (or only the `kinds` named)."""
        found = []
        for match in ADDRESS.finditer(text):
            kind = next(k for k in ("url", "email", "www", "domain") if match.group(k) is not None)
            if kind not in kinds:
                continue
            value = _without_trailing_punctuation(match.group(kind))
            start = match.start(ADDRESS.groupindex[kind])
            end = start + len(value)
            if kind == "url":
                if value.lower() in NAMESPACES:
                    continue
                reason = self.link_problem(value, page_url)
                described = f"the link '{value}'"
            elif kind == "email":
                reason = self.mailto_problem("mailto:" + value)
                if reason and reason.endswith("which is not an allowed domain"):
                    reason = "is not on an allowed domain"
                described = f"the e-mail address '{value}'"
            else:
                host = value.split("/", 1)[0]
                try:
                    reason = self.host_problem(ada_url.URL("https://" + host).hostname)
                except ValueError:
                    reason = "is not an address a browser can open"
                described = f"the {'link' if kind == 'www' else 'address'} '{value}'"
            if reason:
                found.append((start, end, f"{described} {reason}"))
        return found


def _without_trailing_punctuation(value: str) -> str:
    """An address as written in a sentence, without the punctuation after it; a closing
    parenthesis stays when the address opened one."""
    while value and value[-1] in _TRAILING:
        if value[-1] == ")" and value.count("(") >= value.count(")"):
            break
        value = value[:-1]
    return value


def phone_digits(number: str) -> str:
    """The ten digits of a North American number, however it is written."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", number) if c.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _unicode_host(host: str) -> str:
    try:
        return ada_url.idna_to_unicode(host) or host
    except (ValueError, UnicodeError):
        return host


def _ascii_host(host: str) -> str:
    try:
        return ada_url.URL("https://" + host).hostname
    except ValueError:
        return host


_ASCII_LOOK_ALIKES = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"))


@functools.lru_cache(maxsize=4096)
def domain_skeleton(host: str) -> str:
    """What a domain looks like, whatever letters it is written with: two hosts with the
    same skeleton cannot be told apart by a reader."""
    folded = unicodedata.normalize("NFKC", host).casefold().translate(skeleton_table())
    for written, looks_like in _ASCII_LOOK_ALIKES:
        folded = folded.replace(written, looks_like)
    return folded
