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
