"""The rule files load, validate against the ontology, and cover every PLOVER type."""

from __future__ import annotations

import pytest

from eventwire.coder.ontology import load_ontology, quad_of
from eventwire.coder.rules import _build_rule, load_lexicon, specificity


def test_every_plover_type_has_triggers() -> None:
    lexicon = load_lexicon()
    covered = {rule.type for rules in lexicon.by_key.values() for rule in rules}
    assert covered == set(load_ontology())
    assert len(load_ontology()) == 16


def test_rule_ids_are_unique_and_documented() -> None:
    rules = {rule.id: rule for rules in load_lexicon().by_key.values() for rule in rules}
    assert all(rule.comment for rule in rules.values())
    assert all(0 < rule.weight <= 1 for rule in rules.values())


def test_quads() -> None:
    assert quad_of("CONSULT") == "verbal-coop"
    assert quad_of("ASSAULT") == "material-conflict"


def test_the_most_specific_entry_comes_first() -> None:
    for rules in load_lexicon().by_key.values():
        counts = [specificity(rule) for rule in rules]
        assert counts == sorted(counts, reverse=True)


def test_yaml_booleans_are_refused_as_words() -> None:
    with pytest.raises(ValueError, match="must be a string"):
        _build_rule({"id": "x", "type": "CONCEDE", "pos": "verb", "lemmas": ["call"], "particle": [False]})


def test_every_particle_is_a_word() -> None:
    for rules in load_lexicon().by_key.values():
        for rule in rules:
            assert all(isinstance(p, str) for p in rule.particle)


def test_every_word_class_is_described_and_used() -> None:
    """A class nobody refers to is dead data; a class without a description
    leaves the next developer guessing what belongs in it."""
    from importlib import resources

    import yaml

    from eventwire.coder.causes import load_causes

    lex = load_lexicon()
    root = resources.files("eventwire").joinpath("data/rules")
    used = set()
    for name in ("triggers.yaml", "causes.yaml"):
        text = root.joinpath(name).read_text("utf-8")
        used |= {c for c in lex.classes if f"@{c}" in text or f" {c}]" in text or f"[{c}" in text}
    code_users = {"protester", "rioter", "month_homograph", "victim_verb", "carry_out_verb"}  # read in code
    assert set(lex.classes) == used | code_users
    for entry in load_causes():
        assert set(entry.classes) <= set(lex.classes)
    for class_id, entry in yaml.safe_load(root.joinpath("classes.yaml").read_text("utf-8")).items():
        assert len(entry["description"]) > 40, class_id


def test_a_class_reference_expands_and_an_unknown_one_is_refused() -> None:
    classes = {"weapon": frozenset({"bomb", "rocket"})}
    rule = _build_rule(
        {"id": "t", "type": "ASSAULT", "pos": "verb", "lemmas": ["explode"], "subject": ["@weapon", "mine"]},
        classes,
    )
    assert set(rule.subject) == {"bomb", "rocket", "mine"}
    with pytest.raises(ValueError, match="unknown word class"):
        _build_rule({"id": "t", "type": "ASSAULT", "pos": "verb", "lemmas": ["@nothing"]}, classes)
