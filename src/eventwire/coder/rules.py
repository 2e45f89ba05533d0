"""Load the trigger lexicon and the cue tables from ``data/rules``.

The engine in ``coder/__init__.py`` is generic; everything it knows about words
comes from these files, and every entry keeps its id so a mention can say which
rule coded it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from eventwire.coder.ontology import check_mode


@dataclass(frozen=True)
class TriggerRule:
    """One lexicon entry (see the header of ``data/rules/triggers.yaml``)."""

    id: str
    type: str
    pos: str
    lemmas: tuple[str, ...]
    mode: str | None = None
    particle: tuple[str, ...] = ()
    requires_prep: tuple[str, ...] = ()
    excludes_prep: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    modifiers: tuple[str, ...] = ()
    object_is_recipient: bool = True
    recipient_preps: tuple[str, ...] = ()
    actor_sector: tuple[str | None, ...] = ()
    default_sector: str | None = None
    recipient_default_sector: str | None = None
    place_is_recipient: bool = False
    modifier_role: str = "actor"
    symmetric: bool = False
    swap_roles: bool = False
    governed_by: tuple[str, ...] = ()
    aux: tuple[str, ...] = ()
    with_verbs: tuple[str, ...] = ()
    requires_object: bool = False
    stative_passive: bool = False
    joint_type: str | None = None
    excludes_governor: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    prep_object: tuple[str, ...] = ()
    anonymous: bool = False
    weight: float = 0.5
    comment: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Trigger rules indexed by (pos, lemma), plus the cue tables."""

    by_key: dict[tuple[str, str], tuple[TriggerRule, ...]]
    # multi-word lemmas ("air strike", "car bomb"): a noun whose modifiers spell one
    # is that phrase, so entries for the bare head ("strike") do not claim it
    phrases: frozenset[str]
    classes: dict[str, frozenset[str]]
    modes: dict[str, dict[str, frozenset[str]]]
    status: dict[str, frozenset[str]]
    casualties: dict[str, frozenset[str]]
    numbers: dict[str, int]


def _read_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("eventwire").joinpath(f"data/rules/{name}").read_text("utf-8"))


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def load_classes() -> dict[str, frozenset[str]]:
    """The word classes of ``classes.yaml`` (see its header), by id."""
    table = _read_yaml("classes.yaml")
    classes: dict[str, frozenset[str]] = {}
    for class_id, entry in table.items():
        words = entry.get("words") or []
        if not entry.get("description") or not words:
            raise ValueError(f"word class {class_id}: needs a description and words")
        if not all(isinstance(w, str) for w in words):
            raise ValueError(f"word class {class_id}: every word must be a string: {words!r}")
        classes[class_id] = frozenset(w.lower() for w in words)
    return classes


def _expand_classes(
    words: tuple[Any, ...], classes: dict[str, frozenset[str]], rule_id: Any
) -> tuple[Any, ...]:
    """Replace every "@class" in a word list by the class's words, keeping order."""
    out: list[Any] = []
    for word in words:
        if isinstance(word, str) and word.startswith("@"):
            if word[1:] not in classes:
                raise ValueError(f"rule {rule_id}: unknown word class {word}")
            out.extend(sorted(classes[word[1:]]))
        else:
            out.append(word)
    return tuple(dict.fromkeys(out))


def _build_rule(entry: dict[str, Any], classes: dict[str, frozenset[str]] | None = None) -> TriggerRule:
    tuple_fields = {
        "lemmas",
        "particle",
        "requires_prep",
        "excludes_prep",
        "objects",
        "modifiers",
        "recipient_preps",
        "actor_sector",
        "governed_by",
        "aux",
        "with_verbs",
        "excludes_governor",
        "subject",
        "prep_object",
    }
    values: dict[str, Any] = {k: (_as_tuple(v) if k in tuple_fields else v) for k, v in entry.items()}
    for key in tuple_fields & values.keys():
        values[key] = _expand_classes(values[key], classes or {}, entry.get("id"))
    for key in tuple_fields & values.keys():
        if key != "actor_sector" and not all(isinstance(word, str) for word in values[key]):
            # YAML reads a bare off/on/yes/no as a boolean: such words must be quoted
            raise ValueError(f"rule {entry.get('id')}: every {key} entry must be a string: {values[key]!r}")
    rule = TriggerRule(**values)
    check_mode(rule.type, rule.mode)
    if rule.joint_type is not None:
        check_mode(rule.joint_type, None)
    if rule.pos not in {"verb", "noun"}:
        raise ValueError(f"rule {rule.id}: pos must be verb or noun")
    return rule


def specificity(rule: TriggerRule) -> int:
    """How many constraints an entry sets: the most specific matching entry wins."""
    return sum(
        bool(x)
        for x in (
            rule.particle,
            rule.requires_prep,
            rule.objects,
            rule.modifiers,
            rule.governed_by,
            rule.aux,
            rule.with_verbs,
            rule.requires_object,
            rule.stative_passive,
            rule.actor_sector,
            rule.subject,
            rule.prep_object,
        )
    )


@functools.cache
def load_lexicon() -> Lexicon:
    """Load and validate every rule file once per process."""
    by_key: dict[tuple[str, str], list[TriggerRule]] = defaultdict(list)
    seen: set[str] = set()
    classes = load_classes()
    phrases: set[str] = set()
    for entry in _read_yaml("triggers.yaml"):
        rule = _build_rule(entry, classes)
        if rule.id in seen:
            raise ValueError(f"duplicate rule id {rule.id}")
        seen.add(rule.id)
        for lemma in rule.lemmas:
            # multi-word nouns ("drone strike") are matched on their head word;
            # "*" makes a construction entry that any verb may trigger
            by_key[(rule.pos, lemma.split()[-1].lower())].append(rule)
            if " " in lemma:
                phrases.add(lemma.lower())
        # a multi-word word an entry asks of its object, subject or phrase
        # ("fired tear gas") is read whole, as trigger phrases are
        for words in (rule.objects, rule.subject, rule.prep_object):
            phrases.update(w.lower() for w in words if " " in w)
    modes = {
        event_type: {mode: frozenset(words) for mode, words in table.items()}
        for event_type, table in _read_yaml("modes.yaml").items()
    }
    for event_type, table in modes.items():
        for mode in table:
            check_mode(event_type, mode)
    status = {k: frozenset(str(w) for w in v) for k, v in _read_yaml("status.yaml").items()}
    casualty_table = _read_yaml("casualties.yaml")
    numbers = {str(k): int(v) for k, v in casualty_table.pop("numbers").items()}
    casualties = {k: frozenset(v) for k, v in casualty_table.items()}
    return Lexicon(
        by_key={k: tuple(sorted(v, key=specificity, reverse=True)) for k, v in by_key.items()},
        phrases=frozenset(phrases),
        classes=classes,
        modes=modes,
        status=status,
        casualties=casualties,
        numbers=numbers,
    )
