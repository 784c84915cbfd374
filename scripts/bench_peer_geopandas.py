"""Peer for Passerelle's point-location benchmark: the same job with geopandas sjoin (shapely 2, STRtree),
on the files written by `Benchmarks` BenchData (1,600 polygons, 1,000,000 points). Prints one JSON line."""
import json
import sys
import time

import geopandas as gpd
import pandas as pd

directory = sys.argv[1] if len(sys.argv) > 1 else "/tmp/passerelle-bench"
polygons = gpd.read_file(f"{directory}/polygons.geojson")
frame = pd.read_csv(f"{directory}/points.csv")
points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(frame.lon, frame.lat), crs=polygons.crs)
runs = []
for _ in range(3):
    started = time.perf_counter()
    joined = gpd.sjoin(points, polygons, predicate="within", how="left")
    runs.append(time.perf_counter() - started)
median = sorted(runs)[1]
inside = int(joined["index_right"].notna().sum())
print(json.dumps({"tool": "geopandas.sjoin", "geopandas": gpd.__version__, "points": len(points), "polygons": len(polygons),
                  "median_seconds": round(median, 3), "points_per_second": round(len(points) / median), "inside": inside}))
