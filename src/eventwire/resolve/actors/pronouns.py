"""Pronouns to their antecedents: the person, the plural or the collective they stand for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwire.records import ActorRef
from eventwire.resolve.actors.state import ArticleState
from eventwire.resolve.actors.tables import PERSON_PRONOUN_WINDOW, PLURAL_PRONOUN_WINDOW, SUBJECT_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


class PronounReader(ArticleState):
    """Resolve a pronoun to the actor it stands for."""

    def _resolve_pronoun(self, token: Token, kind: str) -> ActorRef | None:
        if kind == "relative":
            verb = token.head
            if verb.dep_ == "relcl" and verb.head.i < token.i:
                ref = self.resolve_token(verb.head)
                return None if ref is None else ActorRef(ref.name, ref.country, ref.sector, token.text)
            return None
        if kind == "collective":
            ref = self._antecedent_collective(token)
        elif kind == "person":
            ref = self._antecedent_person(token)
        else:
            ref = self._antecedent_plural(token)
        return None if ref is None else ActorRef(ref.name, ref.country, ref.sector, token.text)

    def _antecedent_collective(self, token: Token) -> ActorRef | None:
        """it/its: the nearest singular subject or possessor before it in the same
        sentence that is a country, government or organisation ("Syria says it
        will not accept ...", "Russia's annexation of Crimea and its intervention")."""
        sentence = self._sentence(token)
        earlier = [t for t in sentence if t.i < token.i and (t.dep_ in SUBJECT_DEPS or t.dep_ == "poss")]
        for subject in reversed(earlier):
            if (
                subject.pos_ not in {"PROPN", "NOUN"}
                or self._is_plural(subject)
                or subject.i in self._person_at
            ):
                continue
            ref = self.resolve_token(subject)
            if ref is not None and ref.country is not None:
                return ref
        return None

    def _sentence(self, token: Token) -> Span:
        n = self._sent_of[token.i]
        return self.doc[self._sent_start[n] : self._sent_end[n]]

    def _sentence_subjects(self, token: Token) -> list[Token]:
        return [t for t in self._sentence(token) if t.i < token.i and t.dep_ in SUBJECT_DEPS]

    def _is_person_mention(self, token: Token) -> bool:
        return token.i in self._person_at or self.tables.pronouns.get(token.lower_) == "person"

    def _antecedent_person(self, token: Token) -> ActorRef | None:
        """he/she/his/her: the person it most likely refers to, or None.

        In the pronoun's own sentence, the first subject before it that is a
        person (or itself a person pronoun); a pronoun in a clause fronted before
        a person subject ("Speaking to reporters traveling with him, Milley said")
        refers to that subject. Otherwise the sentences before it are read
        backwards, a few at most; in the nearest one that names a person, a
        person subject wins over other mentions, else the last person named.
        """
        root = self._sentence(token).root
        main_subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        if main_subject is not None and main_subject.i > token.i and main_subject.i in self._person_at:
            fronted = next((c for c in root.children if c.i < main_subject.i and token in c.subtree), None)
            if fronted is not None and fronted.dep_ in {"advcl", "prep", "npadvmod"}:
                return self.resolve_token(main_subject)
        for subject in self._sentence_subjects(token):
            if self._is_person_mention(subject):
                return self.resolve_token(subject)
        here = self._sent_of[token.i]
        for sent_index in range(here, max(-1, here - PERSON_PRONOUN_WINDOW - 1), -1):
            candidates = self._person_candidates(sent_index, token.i)
            if not candidates:
                continue
            subjects = [t for t in candidates if t.dep_ in SUBJECT_DEPS]
            return self.resolve_token(subjects[0] if subjects else candidates[-1])
        return None

    def _person_candidates(self, sent_index: int, before: int) -> list[Token]:
        """Person mentions (names and person pronouns) of one sentence before a token,
        one token per mention (its root)."""
        found: list[Token] = []
        for i in range(self._sent_start[sent_index], min(before, self._sent_end[sent_index])):
            token = self.doc[i]
            if i in self._person_at:
                start, end = self._mention_span.get(i, (i, i + 1))
                if token.head == token or not start <= token.head.i < end:
                    found.append(token)
            elif self.tables.pronouns.get(token.lower_) == "person" and token.pos_ == "PRON":
                found.append(token)
        return found

    def _antecedent_plural(self, token: Token) -> ActorRef | None:
        """they/them/their: a plural subject of the same sentence before it, else the
        most recent plural noun phrase that resolves (within two sentences)."""
        for subject in self._sentence_subjects(token):
            if self._is_plural(subject):
                ref = self.resolve_token(subject)
                if ref is not None:
                    return ref
        limit = self._sent_of[token.i] - PLURAL_PRONOUN_WINDOW
        for i in range(token.i - 1, -1, -1):
            if self._sent_of[i] < limit:
                break
            candidate = self.doc[i]
            if candidate.dep_ in {"compound", "amod"} or not self._is_plural(candidate):
                continue
            ref = self.resolve_token(candidate)
            if ref is not None:
                return ref
        return None

    @staticmethod
    def _is_plural(token: Token) -> bool:
        if token.pos_ not in {"NOUN", "PROPN"}:
            return False
        return token.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in token.children)

    # ------------------------------------------------------------- people
