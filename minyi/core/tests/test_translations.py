"""The Simplified Chinese catalogue (locale/zh_Hans) is complete, reviewed, current and compiled.

Chinese is the default language, so an English string that slips through untranslated is a bug a
user sees. These tests fail when:

- an entry is empty or still marked fuzzy, or a translation drops or renames a placeholder;
- a translatable string in the source is missing from the committed django.po
  (fix: `make messages`, translate the new entries, `manage.py compilemessages`);
- the committed django.mo does not hold exactly the translations of django.po (fix: compilemessages).

The PO reader below uses only the standard library so that no dependency is added for it.
"""

import gettext
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.utils import is_ignored_path
from django.template import engines
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# The same ignores as `make messages`, plus the directories that hold no source of ours.
IGNORE_PATTERNS = [".venv", "staticfiles", "static/vendor", "artifacts", "node_modules", "var"]
DEFAULT_IGNORE_PATTERNS = ["CVS", ".*", "*~", "*.pyc"]
SOURCE_EXTENSIONS = {".py", ".html", ".txt"}

# Django strings the project catalogue has to carry itself. makemessages reads this module too, so these
# msgids stay in locale/zh_Hans although no other file of ours contains them.

# Translations other parts of the suite and the domain glossary rely on, word for word.
EXPECTED = {
    "The username or password is not correct.": "用户名或密码不正确。",
    "Username or mobile number": "用户名或手机号",
    "Password": "密码",
    "Sign in": "登录",
    "Overview": "总览",
    "Unit overview": "单位总览",
    "Representative home": "代表首页",
    "My opinions": "我的意见",
    "handling unit": "承办单位",
    "Handling unit": "承办单位",
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


# --- A small PO reader -----------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = None
    msgctxt: str = None
    msgid_plural: str = None
    msgstr: dict = field(default_factory=dict)  # None for a singular entry, else the plural index
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False
    line: int = 0

    @property
    def key(self):
        return (self.msgctxt, self.msgid)

    @property
    def where(self):
        return f"{PO_PATH.name}:{self.line} {' '.join(self.references[:2])} {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')


def _unquote(text):
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda match: _ESCAPES[match.group(1)], text[1:-1])


def read_po(path):
    """Return the entries of a PO file, the header (msgid "") first. Obsolete (#~) entries are kept, marked."""
    entries = []
    current = Entry()
    target = None

    def finish():
        nonlocal current, target
        if current.msgid is not None:
            entries.append(current)
        current, target = Entry(), None

    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
        elif line.startswith("#"):
            if target and target[0] == "msgstr":
                finish()
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            if target and target[0] == "msgstr" and keyword in ("msgctxt", "msgid"):
                obsolete = current.obsolete
                finish()
                current.obsolete = obsolete
            if not current.line:
                current.line = number
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else None)
                current.msgstr[target[1]] = value
            else:
                target = (keyword,)
                setattr(current, keyword, value)
            continue
        if line.startswith('"') and target:
            value = _unquote(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += value
            else:
                setattr(current, target[0], getattr(current, target[0]) + value)
            continue
        raise ValueError(f"{path}:{number}: cannot read {raw!r}")
    finish()
    return entries


def catalogue():
    entries = read_po(PO_PATH)
    assert entries and entries[0].msgid == "", "django.po must start with its header"
    return entries[0], [entry for entry in entries[1:] if not entry.obsolete], [e for e in entries[1:] if e.obsolete]


def placeholders(text, brace=False):
    pattern = BRACE_PLACEHOLDER if brace else PLACEHOLDER
    return Counter(match.group(0) for match in pattern.finditer(text) if match.group(0) != "%%")


# --- The catalogue itself --------------------------------------------------------------------


def test_the_header_declares_chinese_with_one_plural_form():
    header, _entries, _obsolete = catalogue()
    text = header.msgstr[None]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in text
    assert "charset=UTF-8" in text
    assert "fuzzy" not in header.flags, "the header is still marked fuzzy"


def test_every_entry_is_translated_and_reviewed():
    _header, entries, obsolete = catalogue()
    assert len(entries) > 100
    problems = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy (check it, then remove the flag): {entry.where}")
        if entry.msgid_plural is not None and set(entry.msgstr) != {0}:
            problems.append(f"Chinese has one plural form, give exactly msgstr[0]: {entry.where}")
        if not all(value.strip() for value in entry.msgstr.values()) or not entry.msgstr:
            problems.append(f"untranslated: {entry.where}")
    problems += [f"obsolete entry, rerun makemessages with --no-obsolete: {entry.where}" for entry in obsolete]
    assert not problems, f"{len(problems)} problem(s) in the Chinese catalogue:\n" + "\n".join(problems)


def test_translations_keep_their_placeholders():
    _header, entries, _obsolete = catalogue()
    problems = []
    for entry in entries:
        for brace in (False, True):
            if brace and "python-brace-format" not in entry.flags:
                continue
            if not brace and "python-format" not in entry.flags and not PLACEHOLDER.search(entry.msgid):
                continue
            wanted = set(placeholders(entry.msgid, brace)) | set(placeholders(entry.msgid_plural or "", brace))
            for value in entry.msgstr.values():
                if value and set(placeholders(value, brace)) != wanted:
                    problems.append(f"{entry.where}: {sorted(placeholders(value, brace))} instead of {sorted(wanted)}")
        for value in entry.msgstr.values():
            if value and (value.startswith("\n") != entry.msgid.startswith("\n") or value.endswith("\n") != entry.msgid.endswith("\n")):
                problems.append(f"{entry.where}: leading/trailing line breaks differ from the English")
    assert not problems, "placeholders changed in translation:\n" + "\n".join(problems)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed")
def test_msgfmt_accepts_the_catalogue(tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO_PATH)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_committed_mo_holds_exactly_the_po_translations():
    _header, entries, _obsolete = catalogue()
    expected = {}
    for entry in entries:
        if "fuzzy" in entry.flags or not all(entry.msgstr.values()):
            continue  # msgfmt leaves these out as well
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            expected[msgid] = entry.msgstr[None]
        else:
            for index, value in entry.msgstr.items():
                expected[(msgid, index)] = value
    assert MO_PATH.exists(), "locale/zh_Hans/LC_MESSAGES/django.mo is missing: run manage.py compilemessages"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    compiled = {key: value for key, value in compiled.items() if key != ""}
    stale = sorted(repr(key) for key in expected if compiled.get(key) != expected[key])
    extra = sorted(repr(key) for key in compiled if key not in expected)
    assert not stale and not extra, (
        "django.mo is out of date with django.po: run `manage.py compilemessages -l zh_Hans --ignore=.venv`.\n"
        f"changed or missing in .mo: {stale[:20]}\nonly in .mo: {extra[:20]}"
    )


# --- The catalogue against the source ---------------------------------------------------------


def _copy_sources(destination):
    """Copy what makemessages would read (.py, .html, .txt outside the ignored directories)."""
    base = Path(settings.BASE_DIR)
    patterns = IGNORE_PATTERNS + DEFAULT_IGNORE_PATTERNS
    pending = [base]
    while pending:
        directory = pending.pop()
        for child in directory.iterdir():
            relative = child.relative_to(base)
            if is_ignored_path(str(relative), patterns) or child.name == "locale" or child.is_symlink():
                continue
            if child.is_dir():
                pending.append(child)
            elif child.suffix in SOURCE_EXTENSIONS:
                target = destination / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(child, target)


@pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msguniq") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_the_catalogue_has_every_string_of_the_source(tmp_path, settings, monkeypatch):
    source = tmp_path / "src"
    _copy_sources(source)
    fresh_locale = source / "locale"
    (fresh_locale / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    settings.LOCALE_PATHS = [str(fresh_locale)]
    monkeypatch.chdir(source)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, ignore_patterns=list(IGNORE_PATTERNS), verbosity=0)
    fresh_po = fresh_locale / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert fresh_po.exists(), "makemessages found no translatable strings at all"

    fresh = {entry.key: entry for entry in read_po(fresh_po)[1:]}
    _header, committed_entries, _obsolete = catalogue()
    committed = {entry.key: entry for entry in committed_entries}
    missing = [f"missing: {' '.join(entry.references[:2])} {entry.msgid!r}" for key, entry in fresh.items() if key not in committed]
    plural_changed = [
        f"plural changed: {committed[key].where}"
        for key, entry in fresh.items()
        if key in committed and committed[key].msgid_plural != entry.msgid_plural
    ]
    assert not missing and not plural_changed, (
        "locale/zh_Hans/LC_MESSAGES/django.po is behind the source: run `make messages`, translate, then compilemessages.\n"
        + "\n".join(missing + plural_changed)
    )


# --- Both languages work -----------------------------------------------------------------------


@pytest.mark.parametrize(("english", "chinese"), EXPECTED.items())
def test_key_terms_have_their_agreed_translation(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese


def test_english_stays_selectable():
    template = engines["django"].from_string('{% load i18n %}{% translate "Sign in" %}')
    with translation.override("en"):
        assert template.render() == "Sign in"
    with translation.override("zh-hans"):
        assert template.render() == "登录"


def test_django_password_messages_are_chinese():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password("Ab1!")
    assert any("密码太短" in message for message in caught.value.messages)


@pytest.mark.django_db
def test_the_login_page_follows_the_language_cookie(client):
    assert "登录" in client.get("/accounts/login/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in" in page
    assert "登录" not in page
