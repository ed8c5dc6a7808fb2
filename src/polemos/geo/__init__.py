"""Offline geocoding: gazetteer, toponym recognition and resolution."""

from polemos.geo.countries import country_info
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.geocoder import Geocoder
from polemos.geo.names import name_key

__all__ = ["Gazetteer", "Geocoder", "country_info", "name_key"]
