"""Who acted and who was acted on: argument phrases resolved to PLOVER actors.

PLOVER codes each side of an event as a country (ISO 3166-1 alpha-3, or a
code for a non-state body such as ``IGO``) and a sector (GOV, MIL, LEG, ...).
News text rarely states both: "Moscow" means the Russian government, "the
Pentagon" the US military, "Milley" whoever the article said Milley was. This
package turns what the text does say into those two codes, using only our own
knowledge tables (``data/actors/``, documented in its README) and the parse.

    load_tables()           the tables, read once per process      (tables)
    lookup_phrase(text)     one phrase, exactly as written          (lookup)
    DocActors(doc)          everything one parsed article says      (document)
        .resolve_token(t)   the actor an argument token stands for, or None

``DocActors`` is built from three readers over one shared state (``state``):
noun phrases composed from the tables (``phrases``), pronouns to their
antecedents (``pronouns``) and the people the article names (``people``).

Three principles shape the rules:

* Never guess. A phrase resolves only when the tables know its words; an
  unknown name with nothing said about it stays None.
* The article beats the tables. "Gen. X, chief of the Russian General Staff"
  makes X Russian military whatever the people table says; the table only fills
  what the article leaves open.
* A bare country is the country, not its government. PLOVER's own gold records
  leave the sector empty for "Russia" or "the U.S."; capitals and seats of
  government ("Moscow", "the Kremlin") are the metonymy for the government and
  get GOV.
"""

from eventwire.resolve.actors.document import DocActors
from eventwire.resolve.actors.lookup import lookup_phrase
from eventwire.resolve.actors.tables import ActorTables, Entry, load_tables, normalise

__all__ = ["ActorTables", "DocActors", "Entry", "load_tables", "lookup_phrase", "normalise"]
