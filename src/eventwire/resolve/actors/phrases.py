"""Noun phrases composed from the tables: "Russian forces" → RUS/MIL, "his Chinese counterpart"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.resolve.actors.lookup import first_entry, fuzzy_country
from eventwire.resolve.actors.state import ArticleState, Description, TableMatch
from eventwire.resolve.actors.tables import (
    ABSTRACT_PREPS,
    BLOCK,
    COLLECTIVE_ROLE,
    COUNTRY_KINDS,
    DEMONYM,
    GROUP,
    HEAD_ROLES,
    IGO,
    INSTITUTION,
    LEFT_DEPS,
    LOCATION_PREPS,
    MAX_SPAN_TOKENS,
    MODIFIER_DEPS,
    MULTINATIONAL,
    NAME_LABELS,
    ORG_KINDS,
    ORIGIN_PREPS,
    PERSON,
    ROLE,
    Entry,
    normalise,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


class PhraseReader(ArticleState):
    """Resolve a noun phrase from the table phrases its words contain."""

    # ------------------------------------------------------------- table matching

    def _lookup(self, start: int, end: int) -> Entry | None:
        text = self.doc[start:end].text
        entry = first_entry(self.tables, normalise(text), text)
        if entry is not None:
            return entry
        last = self.doc[end - 1]
        if last.pos_ in {"NOUN", "PROPN"} and last.lemma_ and last.lemma_.lower() != last.lower_:
            # the plural the tables did not spell out: "militiamen" → "militiaman"
            lemma_text = f"{self.doc[start : end - 1].text} {last.lemma_}".strip()
            entry = first_entry(self.tables, normalise(lemma_text), lemma_text)
            if entry is not None and entry.kind == ROLE:
                return entry
        return None

    def _matches(self, start: int, end: int) -> list[TableMatch]:
        """Greedy longest table phrases over tokens [start, end), left to right."""
        found: list[TableMatch] = []
        i = start
        while i < end:
            token = self.doc[i]
            if token.is_punct or token.is_space or token.tag_ == "POS":
                i += 1
                continue
            hit: TableMatch | None = None
            for j in range(min(end, i + MAX_SPAN_TOKENS), i, -1):
                if self.doc[j - 1].is_punct and j - 1 > i:
                    continue
                entry = self._lookup(i, j)
                if entry is not None:
                    hit = TableMatch(i, j, entry)
                    break
            if hit is None and self._may_be_misspelt_country(token):
                entry = fuzzy_country(token.text, self.tables)
                if entry is not None:
                    hit = TableMatch(i, i + 1, entry)
            if hit is None:
                i += 1
            else:
                found.append(hit)
                i = hit.end
        return found

    def _may_be_misspelt_country(self, token: Token) -> bool:
        """A capitalised name standing alone, which the entity recogniser takes for
        a place, a nationality or nothing: "Columbia Pictures" or a company called
        "Permian" is a name of its own, not a country misspelt."""
        if not token.text[:1].isupper() or not (token.pos_ == "PROPN" or token.ent_type_ in {"NORP", "GPE"}):
            return False
        ent = self._ent_of.get(token.i)
        return ent is None or (ent.label_ in {"GPE", "NORP", "PERSON"} and len(ent) == 1)

    # ------------------------------------------------------------- phrases

    def _bounds(self, head: Token, floor: int, depth: int = 0) -> tuple[int, int, Token | None, list[Token]]:
        """Extent of the head's noun phrase: (start, end, possessor, of/for objects)."""
        start = head.i
        possessor: Token | None = None
        for child in head.children:
            if child.i < head.i and child.dep_ in LEFT_DEPS and child.left_edge.i >= floor:
                if child.dep_ == "poss":
                    possessor = child
                start = min(start, child.left_edge.i)
        end = head.i + 1
        ent = self._ent_of.get(head.i)
        if ent is not None and ent.label_ in NAME_LABELS:
            start = min(start, max(ent.start, floor))
            end = max(end, ent.end)
        objects: list[Token] = []
        if depth < 2:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in {"of", "for"} and child.i == end:
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        _, obj_end, _, _ = self._bounds(obj, child.i + 1, depth + 1)
                        end = max(end, obj_end)
                        objects.append(obj)
        return start, end, possessor, objects

    def _describe(self, head: Token, floor: int = 0) -> Description | None:
        """Compose what the head's phrase says from the tables; None when nothing."""
        key = (head.i, floor)
        if key in self._desc_cache:
            return self._desc_cache[key]
        self._desc_cache[key] = None  # guards against cycles in odd parses
        desc = self._compose(head, floor)
        self._desc_cache[key] = desc
        return desc

    def _compose(self, head: Token, floor: int) -> Description | None:
        start, end, possessor, objects = self._bounds(head, floor)
        run_start = start
        ent = self._ent_of.get(head.i)
        if possessor is not None and not (ent is not None and possessor.i >= ent.start):
            # "Russia's parliament": the possessor is described on its own; inside
            # a name ("the People's Liberation Army") it is part of the name
            run_start = max(run_start, possessor.right_edge.i + 1)
        matches = self._matches(run_start, end)
        head_match = next((m for m in matches if m.start <= head.i < m.end), None)
        if head_match is None:
            return None
        before = [m for m in matches if m.end <= head_match.start]
        extras = [d for d in (self._describe(o) for o in objects if o.i >= head_match.end) if d is not None]
        owner_poss = self._possessor(possessor) if possessor is not None else None
        found = self._combine(head, head_match, before, extras, owner_poss)
        if found is None:
            return None
        country, sector, name = found
        return Description(country, sector, name, head_match.entry.kind, start, end)

    def _possessor(self, token: Token) -> Description | None:
        """What the possessor of a phrase is: a person (also via a pronoun) or a
        country or organisation ("Russia's", "NATO's", "his")."""
        if token.i in self._person_at or token.lower_ in self.tables.pronouns:
            ref = self.resolve_token(token)
            if ref is None:
                return None
            return Description(ref.country, ref.sector, ref.name, PERSON, token.i, token.i + 1)
        return self._describe(token)

    def _owner_country(self, before: list[TableMatch]) -> str | None:
        """The country a phrase's modifiers assign ("Russian", "U.S.", "Moscow's").

        A country followed by a patronage word ("Iran-backed") or preceded by a
        stance word ("pro-Iranian", "anti-Syria") is a sponsor or a target, not
        the owner; after "ethnic" it names a people, not a state.
        """
        for n, m in enumerate(before):
            if m.entry.kind not in COUNTRY_KINDS or m.entry.country is None:
                continue
            after = before[n + 1] if n + 1 < len(before) else None
            prior = before[n - 1] if n > 0 else None
            if after is not None and after.entry.role == "patron" and after.start - m.end <= 1:
                continue
            if prior is not None and prior.entry.role == "stance" and m.start - prior.end <= 1:
                continue
            if prior is not None and prior.entry.role == "kin" and m.start == prior.end:
                continue
            return m.entry.country
        return None

    def _prep_country(self, head: Token, preps: frozenset[str], places_only: bool) -> str | None:
        """The country of a place or origin phrase on the head ("rebels in Darfur",
        "doctors from two American aid groups")."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                desc = self._describe(obj)
                if desc is not None and desc.country and (desc.kind in COUNTRY_KINDS or not places_only):
                    return desc.country
        return None

    def _combine(
        self,
        head: Token,
        head_match: TableMatch,
        before: list[TableMatch],
        extras: list[Description],
        poss: Description | None,
    ) -> tuple[str | None, str | None, str | None] | None:
        """Country, sector and name of a phrase from its head and its modifiers."""
        entry = head_match.entry
        if entry.kind == BLOCK:
            return None
        if entry.kind == MULTINATIONAL:
            # "Central Asia", "the Baltic states": the region, by name
            return None if entry.role == DEMONYM else (None, self._modified_sector(head), entry.name)
        if entry.kind == ROLE and entry.role == COLLECTIVE_ROLE:
            # "the Central Asian republics", "nations of West Africa": the region they make up
            region = next((m.entry.name for m in reversed(before) if m.entry.kind == MULTINATIONAL), None)
            region = region or next((d.name for d in extras if d.kind == MULTINATIONAL), None)
            return (None, None, region) if region else None
        if entry.kind in COUNTRY_KINDS:
            if before and before[-1].entry.role == "kin" and before[-1].end == head_match.start:
                # "ethnic Albanians": a people, who may live in any state; as a
                # group of people they are civilians unless a role word says more,
                # of the country a place phrase puts them in ("in south Serbia")
                where = self._prep_country(head, LOCATION_PREPS, places_only=True)
                return where, self._modified_sector(head) or before[-1].entry.sector, None
            return entry.country, entry.sector or self._modified_sector(head), None
        eli = any(m.entry.role == "eli" for m in before)
        owner = self._owner_country(before)
        country: str | None
        sector: str | None
        name: str | None = None
        if entry.kind == PERSON:
            country, sector, name = entry.country, entry.sector, entry.name
        elif entry.kind in ORG_KINDS:
            country, sector, name = entry.country, entry.sector, entry.name
            if entry.kind == IGO:
                # "UN" in "UN peacekeepers" stands for the peacekeepers' side
                sector = self._modified_sector(head) or sector
            if owner is not None and entry.kind != IGO and (entry.override or entry.country is None):
                if owner != entry.country:
                    name = None
                country = owner
            if country is None:
                country = (poss.country if poss else None) or next(
                    (d.country for d in extras if d.country), None
                )
        elif entry.kind == ROLE and entry.role == "counterpart":
            country = (
                owner
                or next((m.entry.country for m in reversed(before) if m.entry.kind in ORG_KINDS), None)
                or next((d.country for d in extras if d.country), None)
            )
            sector = poss.sector if poss is not None and poss.kind == PERSON else None
        elif entry.kind == ROLE and entry.role in HEAD_ROLES:
            if entry.role == "abstract" and self._abstract_use(head):
                return None
            sector = entry.sector
            lent = self._lent_sector(entry, before, extras, poss)
            if entry.inherit and lent is not None and not (lent == "GOV" and entry.sector):
                sector = lent
            country = (
                owner
                or next(
                    (m.entry.country for m in reversed(before) if m.entry.kind in ORG_KINDS | {PERSON}), None
                )
                or (poss.country if poss else None)
                or next((d.country for d in extras if d.country), None)
            )
            if country is None:
                country = self._prep_country(head, ORIGIN_PREPS, places_only=False)
            if country is None and sector in self.tables.located_sectors:
                country = self._prep_country(head, LOCATION_PREPS, places_only=True)
        else:
            return None
        if eli and sector in self.tables.state_sectors:
            sector = "ELI"
        if country is None and sector is None:
            return None
        return country, sector, name

    def _modified_sector(self, token: Token) -> str | None:
        """The sector of the role noun a nationality modifies: "Hungarian" in
        "Hungarian and Romanian officials" is the Hungarian government's side."""
        noun = token
        for _ in range(4):
            if noun.dep_ in MODIFIER_DEPS or (noun.dep_ == "conj" and noun.head.dep_ in MODIFIER_DEPS):
                noun = noun.head
            else:
                break
        if noun == token or noun.pos_ not in {"NOUN", "PROPN"}:
            return None
        desc = self._describe(noun)
        if desc is None or desc.kind not in (ROLE, INSTITUTION):
            return None
        return desc.sector

    @staticmethod
    def _abstract_use(head: Token) -> bool:
        """True when a word like "opposition" means a stance, not a body of people:
        "its opposition", "opposition to the plan"."""
        if any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children):
            return True
        return any(c.dep_ == "prep" and c.lower_ in ABSTRACT_PREPS for c in head.children)

    def _lent_sector(
        self, entry: Entry, before: list[TableMatch], extras: list[Description], poss: Description | None
    ) -> str | None:
        """The sector an organisation or role beside a role word lends it.

        "Pentagon officials" are MIL, "rebel leaders" REB, "members of Congress"
        LEG. A non-state group beats other modifiers ("Taliban religious
        faction" is REB). International organisations lend none: their staff
        are not what the body is ("NATO officials" are not soldiers). An "of"
        phrase does not change a role that has its own sector ("workers of the
        bus company" stay labour).
        """
        lenders = [
            m.entry
            for m in before
            if m.entry.sector
            and (
                m.entry.kind in (INSTITUTION, GROUP)
                or (m.entry.kind == ROLE and m.entry.role in {"role", "title", "modifier", "abstract"})
            )
        ]
        groups = [e for e in lenders if e.kind == GROUP]
        if groups:
            return groups[-1].sector
        if lenders:
            return lenders[-1].sector
        if poss is not None and poss.sector and poss.kind != IGO:
            return poss.sector
        if entry.sector in self.tables.own_sectors:
            return None
        for d in extras:
            if d.sector and d.kind != IGO:
                return d.sector
        return None

    # ------------------------------------------------------------- pronouns
