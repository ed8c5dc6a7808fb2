"""Area centres of admin1 units (``geo.areas``): outlines and towns written for the tests."""

from __future__ import annotations

import numpy as np
import pytest

from polemos.geo import Gazetteer
from polemos.geo.areas import area_centres, inside, land_cells

#: A made-up square country 10° by 10° on the equator's north side.
SQUARE = np.array([(0.0, 40.0), (10.0, 40.0), (10.0, 50.0), (0.0, 50.0), (0.0, 40.0)])


def test_geo_areas_inside_follows_the_outline() -> None:
    lon = np.array([5.0, 11.0, 5.0, -0.5])
    lat = np.array([45.0, 45.0, 50.5, 41.0])
    assert inside(lon, lat, SQUARE).tolist() == [True, False, False, False]


def test_geo_areas_land_cells_cover_the_country_only() -> None:
    lat, lon = land_cells([SQUARE])
    assert len(lat) > 1000
    assert lat.min() > 40 and lat.max() < 50 and lon.min() > 0 and lon.max() < 10


def test_geo_areas_northern_unit_centre_lies_north_of_its_towns() -> None:
    # unit 1 holds the west's towns, all near 41°N; unit 2 one town in the south-east: the
    # empty north-west is nearest to unit 1's towns, so unit 1's centre moves north
    towns = [(41.0, 1.0, 1), (41.2, 2.0, 1), (41.1, 3.0, 1), (42.0, 9.0, 2)]
    centres = area_centres(towns, [SQUARE])
    town_mean = float(np.mean([t[0] for t in towns[:3]]))
    assert centres[1][0] > town_mean + 2.0
    assert centres[2][1] > centres[1][1]
    assert set(centres) == {1, 2}


def test_geo_areas_no_outline_no_centres() -> None:
    assert area_centres([(41.0, 1.0, 1), (42.0, 2.0, 2)], []) == {}
    assert area_centres([(41.0, 1.0, 1)], [SQUARE]) == {}


def test_geo_areas_gazetteer_places_ontario_near_its_middle(gazetteer: Gazetteer) -> None:
    # Ontario's towns lie in its south; the middle of its land lies near 50°N, 85°W
    ontario = gazetteer.admin1("CA", "Ontario")
    assert ontario is not None
    assert ontario.latitude == pytest.approx(50.0, abs=1.5)
    assert ontario.longitude == pytest.approx(-85.0, abs=2.0)
