"""Every sentence in the catalog, in both languages, with the same fields.

Each area of ``bcast.explainer.words`` (explain, messages, guard, runtime,
lint, cli) is one module with an ``EN`` and a ``ZH`` dict; a key missing in one
language, a field spelled differently, or a Chinese sentence with no Chinese in
it fails here.
"""

from __future__ import annotations

import string

import pytest

from bcast.explainer.words import catalog

# Keys whose Chinese has no Hanzi by nature: punctuation and list glue.
NO_HANZI = {"and", "list", "sep", "padded_item", "split_item", "fix_line"}


def fields(template: str) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(template) if f)


@pytest.mark.parametrize("area", catalog.AREAS)
def test_both_languages_have_the_same_keys_and_fields(area):
    en, zh = catalog.sentences(area)["en"], catalog.sentences(area)["zh"]
    assert sorted(en) == sorted(zh)
    for key in en:
        assert fields(en[key]) == fields(zh[key]), key
        if area != "explain":
            assert key.startswith(f"{area}."), key


@pytest.mark.parametrize("area", catalog.AREAS)
def test_every_key_renders_in_both_languages(area):
    for lang in catalog.LANGS:
        for key, template in catalog.sentences(area)[lang].items():
            values = {f.split(".")[0].split("[")[0]: "X" for f in fields(template)}
            text = catalog.say(key, lang, **values)
            assert text.strip(), (area, lang, key)
            if lang == "zh" and key not in NO_HANZI and any(c.isalpha() for c in text):
                assert any("\u4e00" <= c <= "\u9fff" for c in text), (area, key, text)


def test_a_key_is_found_in_its_area():
    assert catalog.known("step_result")
    assert not catalog.known("guard.no_such_sentence")
    assert not catalog.known("nowhere.step_result")


# Text the core cannot read, one for each reason the CLI says in Chinese.
REASONS = {
    "cli.reason.not_whole": "1.5",
    "cli.reason.unexpected": "3;1",
    "cli.reason.brackets": "3(1",
    "cli.reason.separator": "3?",
    "cli.reason.not_name": "m²",
    "cli.reason.negative": "-3",
    "cli.reason.star": "*3",
    "cli.reason.hash": "3,#",
    "cli.reason.underscore": "_",
    "cli.reason.identifier": "2x=3",
    "cli.reason.empty_shape": "",
    "cli.reason.empty_size": ",3",
    "cli.reason.sig_open": "n)->()",
    "cli.reason.sig_dim": "(,)->()",
    "cli.reason.sig_comma": "(n m)->()",
    "cli.reason.sig_arrow": "(n)",
    "cli.reason.sig_tail": "(n)->() x",
}


def test_every_reason_in_the_catalog_is_one_the_core_gives():
    import bcast
    from bcast.core.syntax import parse_operand

    en = catalog.sentences("cli")["en"]
    listed = {k for k in en if k.startswith("cli.reason.")}
    assert listed == set(REASONS)
    for key, text in REASONS.items():
        read = (
            bcast.parse_signature
            if key.startswith("cli.reason.sig_")
            else parse_operand
        )
        with pytest.raises(bcast.ShapeSyntaxError) as info:
            read(text)
        assert info.value.reason == en[key], (key, text)
