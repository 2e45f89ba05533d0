"""The people an article names, and what each mention says of them."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from eventwire.resolve.actors.lookup import first_entry
from eventwire.resolve.actors.phrases import PhraseReader
from eventwire.resolve.actors.state import Description, NamedPerson
from eventwire.resolve.actors.tables import (
    COUNTRY,
    COUNTRY_KINDS,
    GROUP,
    HEAD_ROLES,
    IGO,
    INSTITUTION,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    ORG_KINDS,
    PERSON,
    POSSESSIVE_END,
    ROLE,
    TITLE_ROLES,
    Entry,
    normalise,
)
from eventwire.resolve.folding import QUOTES

if TYPE_CHECKING:
    from spacy.tokens import Token


class PeopleReader(PhraseReader):
    """Read every person the article names and what it says of them."""

    def _read_people(self) -> None:
        """Find every person mention, group mentions by person, and learn from
        each mention, in reading order, what the article says of them."""
        spans = self._name_spans()
        by_key: dict[str, int] = {}
        mentions: list[tuple[int, int, int]] = []
        for s, e in spans:
            words = self._name_words(s, e)
            if len(words) < 2:
                continue
            key = f"{words[0]} {words[-1]}"
            if key not in by_key:
                by_key[key] = len(self._persons)
                name = self._clean_name(s, e)
                self._persons.append(NamedPerson(name=name, surname=words[-1], first=words[0]))
            self._persons[by_key[key]].mentions.append((s, e))
            mentions.append((s, e, by_key[key]))
        for s, e in spans:
            words = self._name_words(s, e)
            if len(words) != 1:
                continue
            person = self._person_for_short(words[0], s)
            if person is None:
                person = by_key.setdefault(words[0], len(self._persons))
                if person == len(self._persons):
                    self._persons.append(NamedPerson(name=self._clean_name(s, e), surname=words[0], first=""))
            self._persons[person].mentions.append((s, e))
            mentions.append((s, e, person))
        mentions.sort()
        for s, e, person in mentions:
            self._register(person, s, e)
        for s, e, person in mentions:
            country, sector = self._describe_person(s, e)
            self._persons[person].learn(country, sector)
        for record in self._persons:
            self._from_table(record)

    def _name_words(self, start: int, end: int) -> list[str]:
        words = normalise(self.doc[start:end].text).split()
        while words and words[-1] in NAME_SUFFIXES:
            words.pop()
        if words and all(w in NAME_PARTICLES for w in words[:-1]):
            return words[-1:]
        return words

    def _clean_name(self, start: int, end: int) -> str:
        return POSSESSIVE_END.sub("", self.doc[start:end].text.translate(QUOTES)).strip()

    def _name_spans(self) -> list[tuple[int, int]]:
        """Spans of person names: PERSON entities without their titles, and runs of
        proper nouns that the people table or a name seen elsewhere identifies
        (the small model tags "Trump" ORG and misses many bare surnames)."""
        spans: list[tuple[int, int]] = []
        taken: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            span = self._trim_name(ent.start, ent.end)
            if span is not None:
                spans.append(span)
                taken.update(range(*span))
        surnames = {words[-1] for s, e in spans if (words := self._name_words(s, e))}
        i = 0
        while i < len(self.doc):
            if i in taken or self.doc[i].pos_ != "PROPN":
                i += 1
                continue
            j = i
            while j < len(self.doc) and j not in taken and self.doc[j].pos_ == "PROPN":
                j += 1
            spans.extend(self._people_in_run(i, j, surnames))
            i = j
        return sorted(set(spans))

    def _people_in_run(self, start: int, end: int, surnames: set[str]) -> list[tuple[int, int]]:
        """Names inside a run of proper nouns: people the table knows, surnames
        of people named elsewhere, and unknown names right after a title
        ("Vice-President Moody Awori" tagged ORG)."""
        matches = self._matches(start, end)
        found = [(m.start, m.end) for m in matches if m.entry.kind == PERSON]
        matched = {i for m in matches for i in range(m.start, m.end)}
        for m in matches:
            if m.entry.kind != ROLE or m.entry.role not in TITLE_ROLES:
                continue
            j = m.end
            while j < end and j not in matched and self.doc[j].text[:1].isupper():
                j += 1
            if j > m.end:
                found.append((m.end, j))
        covered = {i for s, e in found for i in range(s, e)}
        for i in range(start, end):
            if i in covered or normalise(self.doc[i].text) not in surnames:
                continue
            entry = self._lookup(i, i + 1)
            if entry is None or entry.kind == PERSON:
                found.append((i, i + 1))
        return found

    def _trim_name(self, start: int, end: int) -> tuple[int, int] | None:
        """Drop titles, nationalities and organisations the NER left inside a name
        ("Gen. Mark Milley", "Donald Trump's"); None when no name is left."""
        while end > start and (self.doc[end - 1].is_punct or self.doc[end - 1].tag_ == "POS"):
            end -= 1
        for m in self._matches(start, end):
            if m.start != start or m.entry.kind == PERSON:
                break
            start = m.end
        while start < end and (self.doc[start].is_punct or self.doc[start].pos_ == "DET"):
            start += 1
        if start >= end or not any(t.text[:1].isupper() for t in self.doc[start:end]):
            return None
        return start, end

    def _person_for_short(self, word: str, at: int) -> int | None:
        """The person a one-word mention names.

        By surname: the nearest such person named before it, else the first named
        after it (headlines come before the full name). Failing that, by a given
        name, since East Asian names put the family name first ("Li" for "Li
        Zuocheng").
        """
        for attribute in ("surname", "first"):
            candidates = [n for n, p in enumerate(self._persons) if p.first and getattr(p, attribute) == word]
            if not candidates:
                continue
            earlier = [
                (max(s for s, _ in self._persons[n].mentions if s < at), n)
                for n in candidates
                if any(s < at for s, _ in self._persons[n].mentions)
            ]
            if earlier:
                return max(earlier)[1]
            return min((min(s for s, _ in self._persons[n].mentions), n) for n in candidates)[1]
        return None

    def _register(self, person: int, start: int, end: int) -> None:
        """Record a mention; title words before the name resolve to the person too,
        except nationalities, organisations and pronouns ("his" in "his Russian
        counterpart Gen. X" is someone else)."""
        left = self._title_run_start(start, end)
        self._title_start[start] = left
        titles = {
            i for m in self._matches(left, start) if m.entry.kind == ROLE for i in range(m.start, m.end)
        }
        for i in [*sorted(titles), *range(start, end)]:
            self._person_at.setdefault(i, person)
            self._mention_span.setdefault(i, (left, end))

    def _root(self, start: int, end: int) -> Token:
        for token in self.doc[start:end]:
            if not start <= token.head.i < end or token.head == token:
                return token
        return self.doc[end - 1]

    def _title_run_start(self, start: int, end: int) -> int:
        """Start of the words before a name that belong to its phrase ("U.S. Defense
        Secretary" in "U.S. Defense Secretary Lloyd Austin", "his Russian
        counterpart" when no comma sets it off)."""
        root = self._root(start, end)
        subtree = {t.i for t in root.subtree}
        left = start
        while left - 1 >= 0:
            token = self.doc[left - 1]
            if left - 1 not in subtree or left - 1 in self._person_at:
                break
            if token.is_punct and token.text not in {".", "-", "'"}:
                break
            if token.pos_ in {"AUX", "CCONJ", "ADP"} or (token.pos_ == "VERB" and token.dep_ != "amod"):
                break
            if token.pos_ == "PRON" and token.dep_ != "poss":
                break
            if token.dep_ in {"appos", "conj", "cc", "relcl", "acl", "prep"}:
                break
            left -= 1
        return left

    def _describe_person(self, start: int, end: int) -> tuple[str | None, str | None]:
        """Country and sector the article gives one mention of a person.

        Sources, first found first used: the title words before the name; an
        apposition, either way round; a role noun the parser made the name a
        compound of ("Gerasimov chief of ..."); a role phrase right after the
        name or set off by a comma right before it; an "of" phrase on the name.
        A role phrase so linked resolves to the person from then on.
        """
        doc = self.doc
        root = self._root(start, end)
        person = self._person_at.get(start)
        descs: list[Description] = []
        left = self._title_start.get(start, start)
        if left < start:
            desc = self._describe_run(left, start)
            if desc is not None:
                descs.append(desc)
        linked: list[Token] = [c for c in root.children if c.dep_ == "appos" and c.i >= end]
        if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.i >= end):
            linked.append(root.head)
        after = end + 1 if end < len(doc) and doc[end].text == "," else end
        if after < len(doc) and doc[after].pos_ in {"NOUN", "PROPN"}:
            linked.append(doc[after])
        comma = left - 1
        if comma >= 1 and doc[comma].text == "," and doc[comma - 1].pos_ == "NOUN":
            linked.append(doc[comma - 1])
        seen: set[int] = set()
        for head in linked:
            if head.i in seen or (head.i in self._person_at and self._person_at[head.i] != person):
                continue
            seen.add(head.i)
            desc = self._describe(head, end if head.i >= end else 0)
            if desc is None or desc.kind not in {ROLE, INSTITUTION, IGO, GROUP}:
                continue
            descs.append(desc)
            if person is not None:
                self._person_at.setdefault(head.i, person)
                self._mention_span.setdefault(head.i, (desc.start, desc.end))
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                desc = self._describe(obj) if obj is not None else None
                if desc is not None and desc.kind in ORG_KINDS | COUNTRY_KINDS:
                    descs.append(desc)
        country = next((d.country for d in descs if d.country), None)
        sector = next((d.sector for d in descs if d.sector), None)
        return country, sector

    def _describe_run(self, start: int, end: int) -> Description | None:
        """Describe title words before a name: their last role or organisation is
        the head, the rest modify it ("Army Gen." → MIL, "Russian Defense
        Minister" → RUS/GOV, "his Russian counterpart" → RUS and his sector)."""
        matches = self._matches(start, end)
        heads = [
            m
            for m in matches
            if m.entry.kind in ORG_KINDS
            or (m.entry.kind == ROLE and m.entry.role in HEAD_ROLES | TITLE_ROLES)
        ]
        if not heads:
            owner = self._owner_country(matches)
            return None if owner is None else Description(owner, None, None, COUNTRY, start, end)
        head_match = heads[-1]
        entry = head_match.entry
        if entry.kind == ROLE and entry.role == "prefix":
            entry = dataclasses.replace(entry, role="title")
        before = [m for m in matches if m.end <= head_match.start]
        poss_token = next((t for t in self.doc[start : head_match.start] if t.dep_ == "poss"), None)
        poss = self._possessor(poss_token) if poss_token is not None else None
        head = self.doc[head_match.start]
        found = self._combine(head, dataclasses.replace(head_match, entry=entry), before, [], poss)
        if found is None:
            return None
        return Description(found[0], found[1], None, ROLE, start, end)

    def _from_table(self, person: NamedPerson) -> None:
        """Fill what the article left open from the people table (a fallback) and
        give a bare surname its full name when the table knows it uniquely."""
        entry: Entry | None = None
        for s, e in person.mentions:
            text = self.doc[s:e].text
            candidate = first_entry(self.tables, normalise(text), text)
            if candidate is not None and candidate.kind == PERSON:
                entry = candidate
                if len(self._name_words(s, e)) >= 2:
                    break
        if entry is None:
            return
        if entry.name and not person.first:
            person.name = entry.name
        person.learn(entry.country, entry.sector)
