"""Distances on the Earth: the one great-circle formula every part uses.

The resolver (a town near the article's other places), the store's near-point
filter (``ew_distance_km`` in SQL) and the geoparsing benchmark (within 161 km)
must agree on what "near" means, so they share this function.
"""

from __future__ import annotations

import math

# mean Earth radius (IUGG), in km
EARTH_RADIUS_KM = 6371.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points, by the haversine formula."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
