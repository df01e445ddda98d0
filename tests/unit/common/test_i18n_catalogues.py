"""The gettext catalogues keep up with the code (docs/runtime.md, "Translations").

Fails when a message the code marks (_(), ngettext, pgettext, N_) is missing from a
catalogue or untranslated (or fuzzy) in zh_CN, when a catalogue keeps a message the
code no longer says, when a translation loses or invents a placeholder, when a
committed .mo file is behind its .po, and when a translation call is given anything
but a literal (an f-string or a formatted string is never found in a catalogue).
The fix for the first three is `make i18n`, then translating what it added.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from common.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("common", "edge_agent", "headoffice", "sim")
MAPPING = ROOT / "common" / "i18n" / "babel.cfg"
HINT = "run `make i18n`, translate what it added in zh_CN, and commit the catalogues"
# Each translation call, and how many of its first arguments are messages (or a context):
# the rest (ngettext's count) may be any expression.
TRANSLATING = {"_": 1, "N_": 1, "gettext": 1, "ngettext": 2, "pgettext": 2, "npgettext": 3}

Key = tuple[str | None, str]  # (context, msgid)


def _key(context: str | None, message: str | tuple[str, ...]) -> Key:
    return context, message if isinstance(message, str) else message[0]


def extracted() -> dict[Key, tuple[str, ...]]:
    """Every message the code marks, as pybabel extract finds it: key -> msgid (and plural)."""
    with MAPPING.open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[Key, tuple[str, ...]] = {}
    for source in SOURCES:
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / source, method_map, options_map, keywords=DEFAULT_KEYWORDS
        ):
            ids = (message,) if isinstance(message, str) else tuple(m for m in message if m)
            found[_key(context, message)] = ids
    return found


def catalogue(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        return read_po(f)


def _translations(cat: Catalog) -> dict[Key, tuple[str, ...]]:
    """The translated messages of a catalogue (what gettext will use): key -> strings.

    A plural message left untranslated is compiled with its own English forms (Babel
    fills them in), which says the same as no translation: it is left out here too.
    """
    result = {}
    for message in cat:
        if not message.id or message.fuzzy:
            continue
        strings = (message.string,) if isinstance(message.string, str) else message.string
        plural_ids = None if isinstance(message.id, str) else tuple(message.id)
        if all(strings) and tuple(strings) != plural_ids:
            result[_key(message.context, message.id)] = tuple(strings)
    return result


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


@pytest.fixture(scope="module")
def code_messages() -> dict[Key, tuple[str, ...]]:
    return extracted()


def test_the_code_marks_messages(code_messages: dict[Key, tuple[str, ...]]) -> None:
    assert (None, "TOTAL") in code_messages  # the till screen's, so the scan really ran


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_in_the_code_is_in_the_catalogue(
    language: str, code_messages: dict[Key, tuple[str, ...]]
) -> None:
    cat = catalogue(language)
    missing = sorted(str(k[1]) for k in code_messages if cat.get(k[1], k[0]) is None)
    assert not missing, f"{language} lacks {len(missing)} messages ({HINT}): {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_no_message_the_code_no_longer_says(
    language: str, code_messages: dict[Key, tuple[str, ...]]
) -> None:
    kept = {_key(m.context, m.id) for m in catalogue(language) if m.id}
    stale = sorted(str(k[1]) for k in kept - set(code_messages))
    assert not stale, f"{language} keeps messages the code dropped ({HINT}): {stale[:10]}"


def test_every_message_is_translated_in_chinese(
    code_messages: dict[Key, tuple[str, ...]],
) -> None:
    translated = _translations(catalogue("zh_CN"))
    untranslated = sorted(str(k[1]) for k in code_messages if k not in translated)
    assert not untranslated, (
        f"zh_CN has {len(untranslated)} untranslated or fuzzy messages ({HINT}): "
        f"{untranslated[:10]}"
    )


def test_messages_name_their_placeholders(code_messages: dict[Key, tuple[str, ...]]) -> None:
    """'{amount}', never '{}' or '{0}': a translator may need to move them."""
    unnamed = [
        ids[0]
        for ids in code_messages.values()
        for text in ids
        if any(not field.isidentifier() for field in _fields(text))
    ]
    assert not unnamed, f"placeholders must be named: {unnamed}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    wrong = []
    for message in catalogue(language):
        if not message.id or message.fuzzy:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        strings = (message.string,) if isinstance(message.string, str) else message.string
        wanted = _fields(ids[-1])  # a plural translation says what the plural msgid says
        for text in filter(None, strings):
            try:
                text.format(**{name: "x" for name in _fields(text)})
            except (ValueError, IndexError, KeyError) as exc:
                wrong.append(f"{ids[0]!r} -> {text!r}: {exc}")
                continue
            if _fields(text) != wanted and _fields(text) != _fields(ids[0]):
                wrong.append(f"{ids[0]!r} -> {text!r}: placeholders {sorted(_fields(text))}")
    assert not wrong, f"{language}: " + "; ".join(wrong)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_is_fresh(language: str) -> None:
    """The committed .mo says what its .po says (`make i18n-compile` after editing a .po)."""
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    assert mo_path.exists(), f"{mo_path} is missing: run `make i18n-compile` and commit it"
    po = catalogue(language)
    with mo_path.open("rb") as f:
        mo = read_mo(f)
    assert _translations(mo) == _translations(po), f"{mo_path} is stale: run `make i18n-compile`"
    assert mo.plural_forms == po.plural_forms


def _translation_calls(tree: ast.AST):  # type: ignore[no-untyped-def]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in TRANSLATING:
            yield node


def test_translation_calls_take_literal_messages() -> None:
    """_(f"...") or _("..." + x) or _("...".format()) is never in a catalogue: the sentence
    goes in as a literal with named placeholders and is formatted after translation."""
    bad = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            if "pb" in path.relative_to(ROOT).parts:
                continue
            for call in _translation_calls(ast.parse(path.read_text(), str(path))):
                name = call.func.id if isinstance(call.func, ast.Name) else call.func.attr
                for arg in call.args[: TRANSLATING[name]]:
                    if isinstance(arg, ast.JoinedStr | ast.BinOp | ast.Call):
                        where = f"{path.relative_to(ROOT)}:{call.lineno}"
                        bad.append(f"{where}: {ast.unparse(call)[:70]}")
    assert not bad, "translate a literal, then format it:\n" + "\n".join(bad)


def _imports_underscore(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("common.i18n")
        and any(alias.name == "_" for alias in node.names)
        for node in ast.walk(tree)
    )


def test_a_module_that_translates_never_throws_a_value_into_underscore() -> None:
    """`for _ in ...` or `a, _ = ...` in a module that imports `_` makes `_` a local name
    in that function: its `_("...")` then calls a value (or fails) instead of translating."""
    bad = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            if "pb" in path.relative_to(ROOT).parts:
                continue
            tree = ast.parse(path.read_text(), str(path))
            if not _imports_underscore(tree):
                continue
            for node in ast.walk(tree):
                stored = isinstance(node, ast.Name) and node.id == "_"
                stored = stored and isinstance(node.ctx, ast.Store)
                if stored or (isinstance(node, ast.arg) and node.arg == "_"):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bad, "name the thrown-away value (_n, _rest), never `_`:\n" + "\n".join(bad)
