"""Actor resolution: the tables on their own, then on real parses of short sentences."""

from __future__ import annotations

import csv
from importlib import resources
from typing import TYPE_CHECKING

import pytest

from eventwire.records import ActorRef
from eventwire.resolve.actors import DocActors, load_tables, lookup_phrase, normalise

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [
        # countries, alternative names and demonyms: the country, no sector
        ("U.S.", "USA", None),
        ("US", "USA", None),
        ("the United States of America", "USA", None),
        ("America", "USA", None),
        ("Americans", "USA", None),
        ("Russia's", "RUS", None),
        ("Russian", "RUS", None),
        ("Britain", "GBR", None),
        ("Ivory Coast", "CIV", None),
        ("Côte d'Ivoire", "CIV", None),
        ("Burma", "MMR", None),
        ("Kyrgyzstan", "KGZ", None),
        ("Chechen", "RUS", None),
        ("Soviet", "SUN", None),
        # capitals and seats of government: the government
        ("Moscow", "RUS", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("Washington", "USA", "GOV"),
        ("the White House", "USA", "GOV"),
        ("Kyiv", "UKR", "GOV"),
        ("Kiev", "UKR", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("Beijing", "CHN", "GOV"),
        # institutions
        ("Congress", "USA", "LEG"),
        ("the Senate", "USA", "LEG"),
        ("the House of Representatives", "USA", "LEG"),
        ("the Pentagon", "USA", "MIL"),
        ("State Department", "USA", "GOV"),
        ("the Joint Chiefs", "USA", "MIL"),
        ("CIA", "USA", "SPY"),
        ("the Duma", "RUS", "LEG"),
        ("PLA", "CHN", "MIL"),
        ("the IDF", "ISR", "MIL"),
        ("Bundeswehr", "DEU", "MIL"),
        ("Central Command", "USA", "MIL"),
        ("Knesset", "ISR", "LEG"),
        # international organisations
        ("NATO", "IGO", "MIL"),
        ("the U.N.", "IGO", None),
        ("United Nations", "IGO", None),
        ("European Union", "IGO", None),
        ("African Union", "IGO", None),
        ("OSCE", "IGO", None),
        ("IAEA", "IGO", None),
        ("WHO", "IGO", "MED"),
        ("IMF", "IGO", None),
        ("World Bank", "IGO", None),
        ("ASEAN", "IGO", None),
        ("Arab League", "IGO", None),
        ("UN Security Council", "IGO", "GOV"),
        ("Amnesty International", "NGO", "SOC"),
        # armed groups
        ("al-Qaida", "IMG", "REB"),
        ("al-Qaeda", "IMG", "REB"),
        ("Islamic State", "IMG", "REB"),
        ("ISIS", "IMG", "REB"),
        ("ISIL", "IMG", "REB"),
        ("Daesh", "IMG", "REB"),
        ("Taliban", "AFG", "REB"),
        ("Hamas", "PSE", "REB"),
        ("Hezbollah", "LBN", "REB"),
        ("al-Shabab", "SOM", "REB"),
        ("Boko Haram", "NGA", "REB"),
        # people (the fallback table)
        ("Vladimir Putin", "RUS", "GOV"),
        ("Putin", "RUS", "GOV"),
        ("Xi Jinping", "CHN", "GOV"),
        ("Valery Gerasimov", "RUS", "MIL"),
        ("Kofi Annan", "IGO", "GOV"),
        # role words alone give their sector
        ("troops", None, "MIL"),
        ("officials", None, "GOV"),
        ("lawmakers", None, "LEG"),
        ("militiamen", None, "REB"),
        ("protesters", None, "CVL"),
        ("parliament", None, "LEG"),
        ("army", None, "MIL"),
    ],
)
def test_lookup_phrase_known(text: str, country: str | None, sector: str | None) -> None:
    ref = lookup_phrase(text)
    assert ref is not None, text
    assert (ref.country, ref.sector) == (country, sector)
    assert ref.text == text


@pytest.mark.parametrize(
    "text",
    [
        "us",  # the pronoun, not the acronym US
        "who",  # not WHO
        "turkey",  # the bird: country names need a capital letter
        "congress",  # a party congress is not the US Congress
        "Korean",  # which Korea?
        "Western",  # the adjective of a region alone names people, not the region's states
        "Latin Americans",
        "the statement",
        "Xyzzy Plugh",
        "",
        "former",  # a modifier is not an actor
        "Gen.",  # a title alone is not an actor
    ],
)
def test_lookup_phrase_unknown_is_none(text: str) -> None:
    assert lookup_phrase(text) is None


def test_a_region_spanning_countries_is_named_and_has_no_country() -> None:
    assert lookup_phrase("Latin America") == ActorRef("Latin America", None, None, "Latin America")
    assert lookup_phrase("the Baltics") == ActorRef("Baltic states", None, None, "the Baltics")
    assert lookup_phrase("countries") is None


def test_lookup_phrase_names() -> None:
    assert lookup_phrase("IDF") == ActorRef("Israel Defense Forces", "ISR", "MIL", "IDF")
    assert lookup_phrase("Erdogan") == ActorRef("Recep Tayyip Erdogan", "TUR", "GOV", "Erdogan")
    # two presidents share the surname: what they share is kept, the name is not
    assert lookup_phrase("Bush") == ActorRef(None, "USA", "GOV", "Bush")
    # bare countries carry no name: the country code is their identity
    assert lookup_phrase("Russia") == ActorRef(None, "RUS", None, "Russia")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("the U.S.'s", "us"),
        ("U.S.", "us"),
        ("People’s Armed Police", "peoples armed police"),
        ("al-Qaida", "al qaida"),
        ("  Côte d'Ivoire ", "cote divoire"),
        ("The Hague", "hague"),
    ],
)
def test_normalise(text: str, key: str) -> None:
    assert normalise(text) == key


def test_tables_loaded_once() -> None:
    assert load_tables() is load_tables()
    assert lookup_phrase("Russia", load_tables()) == lookup_phrase("Russia")


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("eventwire").joinpath(f"data/actors/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_state_has_names_adjectives_and_a_capital() -> None:
    states = [r for r in _rows("countries.csv") if r["kind"] == "state"]
    assert len({r["iso3"] for r in states}) >= 197  # 193 UN members + PSE, VAT, XKX, TWN
    for row in states:
        assert row["capitals"], row["name"]
        assert lookup_phrase(row["name"]) is not None, row["name"]
        for adjective in filter(None, row["adjectives"].split("|")):
            ref = lookup_phrase(adjective)
            assert ref is not None and ref.country == row["iso3"], adjective


def test_every_sector_used_is_documented() -> None:
    tables = load_tables()
    used = {e.sector for entries in tables.phrases.values() for e in entries if e.sector}
    assert used <= tables.sectors
    assert {"GOV", "MIL", "LEG", "JUD", "COP", "REB", "CVL"} <= tables.sectors


# --------------------------------------------------------------------------- documents


@pytest.fixture(scope="module")
def parse() -> Language:
    """The real pipeline, loaded once for this module."""
    from eventwire.nlp import load_pipeline

    return load_pipeline()


def _token(doc: Doc, text: str, nth: int = 0) -> Token:
    found = [t for t in doc if t.text == text]
    assert len(found) > nth, f"{text!r} not in {doc.text!r}"
    return found[nth]


def _resolve(nlp: Language, sentence: str, word: str, nth: int = 0) -> ActorRef | None:
    doc = nlp(sentence)
    return DocActors(doc).resolve_token(_token(doc, word, nth))


def _side(ref: ActorRef | None) -> tuple[str | None, str | None, str | None]:
    assert ref is not None
    return ref.country, ref.sector, ref.name


@pytest.mark.slow
def test_apposition_without_comma_and_later_surname(parse: Language) -> None:
    doc = parse(
        "Admiral Rosa Pereira commander of the Brazilian navy met in Lima with her Peruvian "
        "counterpart, Admiral Julio Guardia head of the Peruvian navy. "
        "Pereira said the visit had been useful."
    )
    actors = DocActors(doc)
    assert _side(actors.resolve_token(_token(doc, "Pereira"))) == ("BRA", "MIL", "Rosa Pereira")
    assert _side(actors.resolve_token(_token(doc, "Guardia"))) == ("PER", "MIL", "Julio Guardia")
    # the role phrase set off by a comma names the same person
    assert _side(actors.resolve_token(_token(doc, "counterpart"))) == ("PER", "MIL", "Julio Guardia")
    later = actors.resolve_token(_token(doc, "Pereira", 1))
    assert _side(later) == ("BRA", "MIL", "Rosa Pereira")
    assert later is not None and later.text == "Pereira"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        (
            "Luis Enrique Chavez, Peru's deputy minister of trade, said Lima had warned Quito.",
            "Chavez",
            ("PER", "GOV", "Luis Enrique Chavez"),
        ),
        (
            "Luis Enrique Chavez, Peru's deputy minister of trade, said Lima had warned Quito.",
            "minister",
            ("PER", "GOV", "Luis Enrique Chavez"),
        ),
        (
            "The admiral spoke with Colonel Wang Hao of the Chinese navy.",
            "Hao",
            ("CHN", "MIL", "Wang Hao"),
        ),
        (
            "She and Chilean Defense Minister Maya Fernandez will appear before parliament.",
            "Fernandez",
            ("CHL", "GOV", "Maya Fernandez"),
        ),
        (
            "But General Laura Richardson, chief of U.S. Southern Command, said the raid was an error.",
            "Richardson",
            ("USA", "MIL", "Laura Richardson"),
        ),
        # an unknown person described by the article
        (
            "Colonel Ivo Brankovic of the Serbian army denied the report.",
            "Brankovic",
            ("SRB", "MIL", "Ivo Brankovic"),
        ),
        # the article wins over the people table
        (
            "Recep Tayyip Erdogan, a Canadian senator, criticised the plan.",
            "Erdogan",
            ("CAN", "LEG", "Recep Tayyip Erdogan"),
        ),
        # a person only the table knows
        ("Putin rejected the offer.", "Putin", ("RUS", "GOV", "Vladimir Putin")),
        # former office holders
        ("Former President Bill Clinton visited Hanoi.", "Clinton", ("USA", "ELI", "Bill Clinton")),
    ],
)
def test_people(parse: Language, sentence: str, word: str, expected: tuple[str, str, str]) -> None:
    assert _side(_resolve(parse, sentence, word)) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "country", "sector"),
    [
        ("In 2008 Russian forces entered Georgia.", "forces", "RUS", "MIL"),
        ("Some Congress members called for his resignation.", "members", "USA", "LEG"),
        ("Officials say the U.S. could hold more naval talks with Peru.", "U.S.", "USA", None),
        ("Caracas has long been opposed to the plan.", "Caracas", "VEN", "GOV"),
        ("Russia's parliament approved the treaty.", "parliament", "RUS", "LEG"),
        ("The senior American military officer spoke on Thursday.", "officer", "USA", "MIL"),
        ("Pentagon officials declined to comment.", "officials", "USA", "MIL"),
        ("Afghan rebel leaders said they would meet the envoy.", "leaders", "AFG", "REB"),
        ("Senior Hungarian and Romanian officials agreed to cooperate.", "Hungarian", "HUN", "GOV"),
        ("Iran-backed Houthi rebels fired missiles.", "rebels", "YEM", "REB"),
        ("Rebels in Darfur attacked the town.", "Rebels", "SDN", "REB"),
        ("Eighty UN peacekeepers were shipped out.", "peacekeepers", "IGO", "MIL"),
        ("Islamic State and al-Qaida militants may regroup.", "militants", "IMG", "REB"),
        ("Brussels wants Turkey to drop its opposition to the plan.", "Turkey", "TUR", None),
        # "ethnic" names a people, not the state of the same name
        ("Ethnic Albanians protested in Skopje.", "Albanians", None, "CVL"),
        ("Ethnic Albanians in south Serbia demanded protection.", "Albanians", "SRB", "CVL"),
        ("Ethnic Albanian guerrillas attacked the police.", "guerrillas", None, "REB"),
        ("Albanian guerrillas attacked the police.", "guerrillas", "ALB", "REB"),
    ],
)
def test_phrases(parse: Language, sentence: str, word: str, country: str | None, sector: str | None) -> None:
    ref = _resolve(parse, sentence, word)
    assert ref is not None
    assert (ref.country, ref.sector) == (country, sector)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "name"),
    [
        ("Poland warned the Baltic states on Monday.", "states", "Baltic states"),
        ("Brazil praised the nations of West Africa for the ceasefire.", "nations", "West Africa"),
        ("Negotiations among the Central Asian republics stalled in June.", "republics", "Central Asia"),
        ("Moscow accused the West of meddling.", "West", "the West"),
        # a plural pronoun finds the region as its antecedent
        ("Iran met the Gulf states to reassure them about the drills.", "them", "Gulf states"),
    ],
)
def test_a_set_of_states_of_one_region_is_the_region(
    parse: Language, sentence: str, word: str, name: str
) -> None:
    ref = _resolve(parse, sentence, word)
    assert ref is not None and (ref.name, ref.country) == (name, None)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The two countries signed the accord.", "countries"),
        ("Thousands of West Africans crossed the border.", "Africans"),
        ("The state will pay the bill.", "state"),
    ],
)
def test_states_or_people_with_no_region_named_are_nobody(parse: Language, sentence: str, word: str) -> None:
    assert _resolve(parse, sentence, word) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word", "country"),
    [
        # one letter missing, extra, wrong or two swapped, first and last letters right
        ("Talks in Ethopia resumed after the fighting.", "Ethopia", "ETH"),
        ("Kazakstan closed its border with Kyrgyzstan.", "Kazakstan", "KAZ"),  # the recogniser says PERSON
        ("Troops from Phillippines arrived on Monday.", "Phillippines", "PHL"),
    ],
)
def test_a_country_misspelt_by_one_letter_is_the_country(
    parse: Language, sentence: str, word: str, country: str
) -> None:
    ref = _resolve(parse, sentence, word)
    assert ref is not None and ref.country == country


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Columbia Pictures released the film.", "Columbia"),  # a name of its own, inside a longer name
        ("Shares of Permian Corp. fell on Monday.", "Permian"),  # an organisation, not "Persian"
        ("Indiana lawmakers passed the bill.", "Indiana"),  # "Indian" ends otherwise
    ],
)
def test_a_name_one_letter_from_a_country_is_not_the_country(
    parse: Language, sentence: str, word: str
) -> None:
    ref = _resolve(parse, sentence, word)
    assert ref is None or ref.country not in {"COL", "IRN", "IND"}


@pytest.mark.slow
def test_counterpart_takes_the_sector_of_its_owner(parse: Language) -> None:
    doc = parse(
        "Admiral Rosa Pereira of the Brazilian navy spoke to journalists. She made calls to her "
        "Argentine counterpart to reassure her that Brazil was calm."
    )
    actors = DocActors(doc)
    assert _side(actors.resolve_token(_token(doc, "counterpart"))) == ("ARG", "MIL", None)


@pytest.mark.slow
def test_pronouns(parse: Language) -> None:
    doc = parse(
        "Admiral Rosa Pereira of the Brazilian navy met Admiral Julio Guardia in Montevideo. "
        "Talking to journalists who flew with her, Pereira said the visit was useful. "
        "She said the talks were routine. "
        "Uruguayan officials voiced concern, and they fear a rising danger."
    )
    actors = DocActors(doc)
    for word, nth in (("her", 0), ("She", 0)):
        ref = actors.resolve_token(_token(doc, word, nth))
        assert _side(ref) == ("BRA", "MIL", "Rosa Pereira"), word
        assert ref is not None and ref.text == word
    assert _side(actors.resolve_token(_token(doc, "they"))) == ("URY", "GOV", None)


@pytest.mark.slow
def test_unknown_actors_stay_none(parse: Language) -> None:
    doc = parse("John Smithers said the statement was issued on Monday. It was an error.")
    actors = DocActors(doc)
    for word in ("statement", "Monday", "It", "error"):
        assert actors.resolve_token(_token(doc, word)) is None, word


def test_a_named_person_nobody_describes_is_a_party_by_name(parse: Language) -> None:
    """A private person has no country or sector in any table, but their name is
    still who acted or was acted on: the event must not be dropped for it."""
    doc = parse("John Smithers said the statement was issued on Monday.")
    ref = DocActors(doc).resolve_token(_token(doc, "Smithers"))
    assert ref is not None
    assert (ref.name, ref.country, ref.sector) == ("John Smithers", None, None)


@pytest.mark.slow
def test_results_are_cached_and_tied_to_their_document(parse: Language) -> None:
    doc = parse("Moscow warned Washington.")
    actors = DocActors(doc)
    first = actors.resolve_token(doc[0])
    assert first is actors.resolve_token(doc[0])
    with pytest.raises(ValueError):
        actors.resolve_token(parse("Moscow warned Washington.")[0])
