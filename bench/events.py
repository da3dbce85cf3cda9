"""Many events: `geo build` against geopandas' ``explore()`` of the same ACLED-like CSV, in one run.

    pip install -e ".[bench]"; python bench/events.py [--sizes 10000,100000,1000000] [--quick]
        [--keep DIR] [--no-notes | --minimal] [--no-color-by] [--timeout 300] [--steps 20]

For each size, a synthetic ACLED export of Syria (bench/synthetic_acled.py: the standard columns,
deterministic, events repeating at named sites) goes through
- ``geo build FILE.csv -o OUT.html --tiles none --color-by sub_event_type``, a new
  process (without ``--color-by`` when this geo has no such option, and said so under the table);
- ``gpd.GeoDataFrame(pd.read_csv(FILE), geometry=points_from_xy(longitude, latitude), crs=4326)
  .explore(tiles=None, column="sub_event_type")`` + ``m.save()``, a new process: the same rows and
  columns (every column in the tooltip, explore's default).
Build time and peak RSS are those of that process; "checks s" is geo's time to check the rows
(types, repairs, validation; reading the CSV excluded), in another process. Build time and peak
RSS (imports and reading the CSV included; the
peak from ``os.wait4``'s rusage of exactly that child). HTML bytes are the file's size.

Each page then opens in headless Chromium (1280×800, a new browser each time), timed from
``page.goto`` until drawn:
- geo: ``document.documentElement.dataset.geoEventsReady === "1"`` (set by the events layer when first
  drawn); a page without that flag (geo before the events layer) counts as drawn at its first
  ``.leaflet-marker-icon`` after the load event, and is marked so under the table;
- explore: every event is a layer of the page's ``geo_json_<id>`` (``getLayers().length`` reaches the
  number of events) and a ``path.leaflet-interactive`` is in the DOM; then one more animation frame.
Over ``--timeout`` seconds reads "> N s".
Explore's page links Leaflet, jQuery (and jQuery UI for its legend), Bootstrap, Leaflet.awesome-markers
and Font Awesome from CDNs:
those are served from the same versions' npm packages, downloaded once into ~/.cache/geo-bench/cdn/
(Leaflet also from the xstatic-leaflet package, so explore draws even with no network at all); any
other request is aborted, and the URLs that could not be served are listed under the table.

A date step (geo only): a click on "One day later" (or "One day earlier" when the map opens on its last
day) until the next ``geo:drawn`` event and one animation frame; the mean and max of ``--steps``.
Prints a Markdown table (the README's) and, for 100k events, the ratios geo / explore.
"""
from __future__ import annotations

import argparse
import io
import json
import mimetypes
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from synthetic_acled import write_events  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 800}
CACHE = Path.home() / ".cache" / "geo-bench" / "cdn"
REGISTRY = "https://registry.npmjs.org"
GEO = Path(sys.executable).with_name("geo")

EXPLORE = """
import sys
import geopandas as gpd
import pandas as pd
csv, out, column = sys.argv[1], sys.argv[2], sys.argv[3] or None
df = pd.read_csv(csv, keep_default_na=False, low_memory=False)
gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs=4326)
m = gdf.explore(tiles=None, column=column)
m.save(out)
"""


# -- a child process: wall time and its own peak RSS ---------------------------------------------

@dataclass
class Run:
    ok: bool
    seconds: float
    peak: int  # bytes
    error: str = ""


def first_error(text: str) -> str:
    """The line that says what went wrong: geo's ``geo: error: ...``, else a traceback's last line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if re.match(r"^(geo: )?error\b", line, re.I) or line.startswith("geo: error"):
            return line
    return lines[-1] if lines else "no message"


def available_memory() -> int:
    """MemAvailable of /proc/meminfo, in bytes (0 when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def measure(cmd: list[str], timeout: float, memory_limit: int = 0) -> Run:
    """Run ``cmd``; seconds, peak RSS of exactly that process (``os.wait4``), the error if it failed.
    ``memory_limit`` (bytes of address space, 0: none) makes a build that would exhaust the machine
    fail with a MemoryError instead."""
    def limit() -> None:
        if memory_limit:
            import resource
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
                                 preexec_fn=limit)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(child.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    peak = usage.ru_maxrss * 1024
    if killed.is_set():
        return Run(False, seconds, peak, f"timed out after {timeout:.0f} s")
    if child.returncode:
        return Run(False, seconds, peak, first_error(stderr))
    return Run(True, seconds, peak, stderr)


# -- explore's CDN files, from npm ---------------------------------------------------------------

def npm_location(url: str) -> tuple[str, str, str] | None:
    """(npm package, version, path inside the package) holding what ``url`` serves, or None."""
    if found := re.match(r"https://cdn\.jsdelivr\.net/npm/((?:@[^/@]+/)?[^/@]+)@([^/]+)/([^?#]+)", url):
        return found.group(1), found.group(2), found.group(3)
    if found := re.match(r"https://code\.jquery\.com/jquery-(\d+\.\d+\.\d+)((?:\.min)?\.js)$", url):
        return "jquery", found.group(1), "dist/jquery" + found.group(2)
    if found := re.match(r"https://code\.jquery\.com/ui/(\d+\.\d+\.\d+)/([^?#]+)", url):
        # explore's categorical legend; the built files are in jquery-ui-dist (jquery-ui has the sources)
        return "jquery-ui-dist", found.group(1), found.group(2)
    if found := re.match(r"https://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/([^/]+)/([^?#]+)", url):
        # cdnjs flattens the package: js/ and css/ (with css/images/) side by side
        name = found.group(2)
        return "drmonty-leaflet-awesome-markers", found.group(1), ("js/" if name.endswith(".js") else "css/") + name
    return None


def package_dir(package: str, version: str) -> Path:
    return CACHE / f"{package.replace('/', '+')}@{version}"


def xstatic_leaflet(version: str) -> Path | None:
    """Leaflet's dist files from the xstatic-leaflet package, when it is that version."""
    try:
        import xstatic.pkg.leaflet as xs
    except ImportError:
        return None
    return Path(xs.BASE_DIR) if xs.VERSION.startswith(version) else None


def ensure_package(package: str, version: str, notes: list[str]) -> Path | None:
    """The unpacked npm package (downloaded once from the registry into the cache), or None."""
    folder = package_dir(package, version)
    if (folder / "package.json").exists():
        return folder
    base = package.split("/")[-1]
    url = f"{REGISTRY}/{package}/-/{base}-{version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            data = answer.read()
        partial = folder.with_name(folder.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/") and (m.isfile() or m.isdir())]
            for m in members:
                m.name = m.name[len("package/"):]
            tar.extractall(partial, members=[m for m in members if m.name], filter="data")
        partial.replace(folder)
        return folder
    except Exception as error:  # no network, no such version: the URL goes unserved
        notes.append(f"{package}@{version}: {url} not fetched ({error})")
        return None


def local_file(url: str, notes: list[str]) -> Path | None:
    where = npm_location(url)
    if where is None:
        return None
    package, version, inner = where
    folder = ensure_package(package, version, notes)
    if folder is not None and (folder / inner).is_file():
        return folder / inner
    if package == "leaflet" and inner.startswith("dist/") and (xs := xstatic_leaflet(version)):
        candidate = xs / inner[len("dist/"):]
        return candidate if candidate.is_file() else None
    return None


def page_urls(path: Path) -> list[str]:
    """The http(s) scripts and stylesheets a page links (its head: the first megabyte)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        head = f.read(1_000_000)
    return sorted(set(re.findall(r'<(?:script[^>]*src|link[^>]*href)="(https?://[^"]+)"', head)))


# -- Chromium ------------------------------------------------------------------------------------

@dataclass
class Browse:
    drawn: float | None = None  # seconds; None: not drawn
    note: str = ""
    steps: list[float] = field(default_factory=list)
    step_note: str = ""


@dataclass
class Served:
    local: set[str] = field(default_factory=set)
    aborted: set[str] = field(default_factory=set)
    cache: dict[str, Path | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def handler(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
            return
        if url not in self.cache:
            self.cache[url] = local_file(url, self.notes)
        path = self.cache[url]
        if path is None:
            self.aborted.add(url)
            route.abort()
            return
        self.local.add(url)
        kind = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}.get(path.suffix) \
            or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(path=str(path), content_type=kind, headers={"Access-Control-Allow-Origin": "*"})


EXPLORE_COUNT = """() => {
  const keys = window.__geoJsonKeys || (window.__geoJsonKeys =
      Object.keys(window).filter(k => /^geo_json_[0-9a-f]+$/.test(k) && window[k] && window[k].getLayers));
  if (!keys.length) { window.__geoJsonKeys = null; return 0; }
  return keys.reduce((n, k) => n + window[k].getLayers().length, 0);
}"""
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
STEP = """async ([n, label, event]) => {
  const button = document.querySelector(`.geo-timebar button[aria-label="${label}"]`);
  const times = [];
  let missed = 0;
  for (let i = 0; i < n; i++) {
    const drawn = event ? new Promise(resolve => {
      const done = e => { document.removeEventListener('geo:drawn', done); clearTimeout(timer); resolve(e.detail); };
      const timer = setTimeout(() => { document.removeEventListener('geo:drawn', done); missed++; resolve(null); }, 30000);
      document.addEventListener('geo:drawn', done);
    }) : Promise.resolve(null);
    const t0 = performance.now();
    button.click();
    await drawn;
    await new Promise(r => requestAnimationFrame(() => r()));
    times.push(performance.now() - t0);
  }
  return {times, missed};
}"""


def contains(path: Path, needle: bytes) -> bool:
    with open(path, "rb") as f:
        tail = b""
        while chunk := f.read(1 << 24):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def browse(playwright, path: Path, tool: str, events: int, timeout: float, steps: int, served: Served) -> Browse:
    result = Browse()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.route("**/*", served.handler)
        page.add_init_script("document.addEventListener('geo:drawn', e => { window.__geoDrawn = window.__geoDrawn || e.detail; });")
        crashed: list[str] = []
        page.on("crash", lambda _: crashed.append("page crashed"))
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error).splitlines()[0][:160]))
        wait_ms = timeout * 1000
        new_kind = tool == "geo" and contains(path, b"geoEventsReady")
        started = time.perf_counter()
        try:
            page.goto(path.resolve().as_uri(), wait_until="commit", timeout=wait_ms)
            if tool == "explore":
                page.wait_for_function(f"({EXPLORE_COUNT})() >= {events} && "
                                       "!!document.querySelector('path.leaflet-interactive')",
                                       polling=200, timeout=wait_ms)
            elif new_kind:
                page.wait_for_function("document.documentElement.dataset.geoEventsReady === '1'",
                                       polling="raf", timeout=wait_ms)
            else:
                page.wait_for_load_state("load", timeout=wait_ms)
                left = max(1.0, wait_ms - (time.perf_counter() - started) * 1000)
                page.wait_for_function("document.querySelectorAll('.leaflet-marker-icon').length > 0",
                                       polling="raf", timeout=left)
                result.note = "page without the events layer: drawn = first .leaflet-marker-icon after load"
            page.evaluate(FRAME)
            result.drawn = time.perf_counter() - started
        except Exception as error:
            elapsed = time.perf_counter() - started
            result.note = (crashed[0] if crashed else
                           f"> {timeout:.0f} s" if "Timeout" in type(error).__name__ or "imeout" in str(error)
                           else f"failed: {str(error).splitlines()[0]}")
            if not crashed and elapsed < timeout and "imeout" not in str(error):
                result.note += f" after {elapsed:.0f} s"
            if errors:
                result.note += f" (page error: {errors[0]})"
            return result
        if tool == "geo" and steps:
            at_end = page.evaluate("() => { const s = document.querySelector('.geo-slider');"
                                   " return !s || Number(s.value) + %d > Number(s.max); }" % steps)
            label = "One day earlier" if at_end else "One day later"
            if page.query_selector(f'.geo-timebar button[aria-label="{label}"]') is None:
                result.step_note = "no date bar"
                return result
            try:
                page.set_default_timeout(wait_ms)
                out = page.evaluate(STEP, [steps, label, new_kind])
                result.steps = out["times"]
                parts = [f'date steps by "{label}"' + (" (the map opens on its last day)" if at_end else "")]
                if not new_kind:
                    parts.append("until the next frame (no geo:drawn event)")
                if out["missed"]:
                    parts.append(f"{out['missed']} steps without geo:drawn within 30 s")
                result.step_note = ", ".join(parts)
            except Exception as error:
                result.step_note = f"failed: {str(error).splitlines()[0]}"
        if tool == "geo" and new_kind:
            detail = page.evaluate("() => window.__geoDrawn || null")
            if detail:
                result.note = f"first drawn: {json.dumps(detail)}"
    finally:
        browser.close()
    return result


# Reading a table and checking it, timed apart: the checks are read_checked's time less reading's.
CHECKS = r"""
import sys, time
from pathlib import Path
from geo.read import read_raw
from geo.validate import read_checked
t0 = time.perf_counter(); read_raw(Path(sys.argv[1])); t1 = time.perf_counter()
layer, report = read_checked(sys.argv[1]); t2 = time.perf_counter()
print(max(0.0, (t2 - t1) - (t1 - t0)))
"""


def checks_seconds(csv: Path, timeout: float) -> float | None:
    """Seconds geo takes to check (type, repair, validate) the rows of ``csv``, reading excluded."""
    try:
        done = subprocess.run([sys.executable, "-c", CHECKS, str(csv)], capture_output=True, text=True,
                              timeout=timeout, check=True)
        return float(done.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError):
        return None


# -- the table -----------------------------------------------------------------------------------

@dataclass
class Row:
    events: int
    tool: str
    run: Run
    html: int = 0
    browse: Browse | None = None
    notes: list[str] = field(default_factory=list)
    checks: float | None = None  # geo: seconds to check the rows, reading excluded

    def cells(self) -> list[str]:
        if not self.run.ok:
            return [f"{self.events:,}", self.tool, f"failed: {self.run.error}"] + ["—"] * 6
        b = self.browse
        drawn = ("—" if b is None else f"{b.drawn:.1f}" if b.drawn is not None
                 else re.match(r"(> \d+ s|page crashed|failed|)", b.note).group(1) or "not drawn")
        step = "—"
        if b is not None and b.steps:
            step = f"{statistics.mean(b.steps):.0f} / {max(b.steps):.0f}"
        checks = "—" if self.checks is None else f"{self.checks:.1f}"
        return [f"{self.events:,}", self.tool, f"{self.run.seconds:.1f}", checks, f"{self.run.peak / 2**20:,.0f}",
                f"{self.html / 1e6:,.1f}", f"{self.html / self.events:,.1f}", drawn, step]


HEADER = ["events", "tool", "build s", "checks s", "peak MiB", "HTML MB", "B/event", "drawn in Chromium s",
          "date step ms (mean / max)"]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---:" if i not in (1,) else ":---"
                                                           for i in range(len(HEADER))) + "|"]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def ratios(rows: list[Row], size: int) -> list[str]:
    by = {row.tool: row for row in rows if row.events == size and row.run.ok}
    if "geo" not in by or "explore" not in by:
        return [f"ratios at {size:,} events: not available (a build failed or was not run)"]
    geo, explore = by["geo"], by["explore"]
    out = [f"at {size:,} events: geo build speed-up against explore(): {explore.run.seconds / geo.run.seconds:.2f}× "
           f"({geo.run.seconds:.1f} s against {explore.run.seconds:.1f} s); peak memory geo / explore: "
           f"{geo.run.peak / explore.run.peak:.2f}; HTML size geo / explore: {geo.html / explore.html:.2f} "
           f"({geo.html / 1e6:,.1f} MB against {explore.html / 1e6:,.1f} MB)"]
    if geo.browse and explore.browse and geo.browse.drawn and explore.browse.drawn:
        out.append(f"at {size:,} events: drawn in Chromium, geo / explore: {geo.browse.drawn / explore.browse.drawn:.2f} "
                   f"({geo.browse.drawn:.1f} s against {explore.browse.drawn:.1f} s)")
    return out


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="numbers of events, comma-separated")
    parser.add_argument("--quick", action="store_true", help="10,000 events only")
    parser.add_argument("--keep", type=Path, help="keep the CSVs and maps in DIR (and reuse its CSVs)")
    parser.add_argument("--no-notes", action="store_true", help="events without notes (the notes column empty)")
    parser.add_argument("--minimal", action="store_true",
                        help="only the columns an event needs (id, date, type, position, place, precisions, "
                             "sources): the 'lon, lat, day, category, id' case")
    parser.add_argument("--no-color-by", action="store_true",
                        help="no --color-by sub_event_type for geo, no column= for explore")
    parser.add_argument("--crs", default="", help="geo build's --crs (default: none; ACLED is WGS84)")
    parser.add_argument("--tools", default="geo,explore", help="geo, explore or both")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for a page to draw")
    parser.add_argument("--build-timeout", type=float, default=3600, help="seconds to wait for a build")
    parser.add_argument("--memory-limit", type=float,
                        help="GiB of address space a build may take (default: 90%% of the memory available at "
                             "the start; 0: no limit); beyond it the build fails with a MemoryError")
    parser.add_argument("--steps", type=int, default=20, help="date steps to time (geo)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-browser", action="store_true", help="builds only")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    color = "" if args.no_color_by else "sub_event_type"
    memory = int(args.memory_limit * 2**30) if args.memory_limit is not None else int(available_memory() * 0.9)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="geo-events-"))
    folder.mkdir(parents=True, exist_ok=True)
    served = Served()
    rows: list[Row] = []
    notes: list[str] = []
    playwright = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright
        playwright = sync_playwright().start()
    try:
        for size in sizes:
            variant = "-minimal" if args.minimal else "-nonotes" if args.no_notes else ""
            csv = folder / f"acled-{size}{variant}-s{args.seed}.csv"
            if not (args.keep and csv.exists()):
                log(f"writing {csv.name}")
                write_events(csv, size, args.seed, not args.no_notes, args.minimal)
            log(f"{csv.name}: {csv.stat().st_size / 1e6:,.1f} MB")
            for tool in tools:
                out = folder / f"{csv.stem}.{tool}.html"
                out.unlink(missing_ok=True)
                log(f"{size:,} events: {tool} build")
                if tool == "geo":
                    cmd = [str(GEO), "build", str(csv), "-o", str(out), "--tiles", "none"]
                    cmd += ["--crs", args.crs] if args.crs else []
                    run = measure(cmd + (["--color-by", color] if color else []), args.build_timeout, memory)
                    if not run.ok and color and "unrecognized arguments: --color-by" in run.error:
                        run = measure(cmd, args.build_timeout, memory)
                        notes.append("this geo has no --color-by option: geo built without it")
                else:
                    run = measure([sys.executable, "-c", EXPLORE, str(csv), str(out), color], args.build_timeout,
                                  memory)
                row = Row(size, tool, run)
                if not run.ok and memory and "MemoryError" in run.error:
                    notes.append(f"{tool}, {size:,} events: over the memory limit of {memory / 2**30:.1f} GiB "
                                 "(--memory-limit)")
                rows.append(row)
                if not run.ok or not out.exists():
                    if run.ok:
                        row.run = Run(False, run.seconds, run.peak, "no map written")
                    log(f"  failed: {row.run.error}")
                    continue
                row.html = out.stat().st_size
                if tool == "geo":
                    row.checks = checks_seconds(csv, args.build_timeout)
                log(f"  {run.seconds:.1f} s, peak {run.peak / 2**20:,.0f} MiB, {row.html / 1e6:,.1f} MB")
                if playwright is None:
                    continue
                if tool == "explore":
                    for url in page_urls(out):  # fetched before the clock starts
                        served.cache.setdefault(url, local_file(url, served.notes))
                log(f"{size:,} events: {tool} in Chromium")
                row.browse = browse(playwright, out, tool, size, args.timeout, args.steps if tool == "geo" else 0,
                                    served)
                b = row.browse
                log(f"  drawn: {b.drawn if b.drawn is None else round(b.drawn, 2)} {b.note}; "
                    f"steps: {len(b.steps)} {b.step_note}")
                for text in (b.note, b.step_note):
                    if text and not re.fullmatch(r"> \d+ s", text):
                        notes.append(f"{tool}, {size:,} events: {text}")
            if not args.keep:
                for path in folder.glob(f"{csv.stem}*"):
                    path.unlink()
    finally:
        if playwright is not None:
            playwright.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print(table(rows))
    print()
    compare = 100_000 if 100_000 in sizes else max(sizes)
    for line in ratios(rows, compare):
        print(f"- {line}")
    text = ("only the columns an event needs" if args.minimal else "with notes (ACLED-like sentences)"
            if not args.no_notes else "without notes (the notes column empty)")
    print(f"- events {text}; geo: `geo build --tiles none{' --crs ' + args.crs if args.crs else ''}"
          f"{' --color-by ' + color if color else ''}`; explore: `explore(tiles=None{', column=' + repr(color) if color else ''})`")
    for line in dict.fromkeys(notes):
        print(f"- {line}")
    if served.local or served.aborted:
        print(f"- served locally for explore (npm packages in {CACHE}): " + ", ".join(sorted(served.local)))
        print("- not served (aborted): " + (", ".join(sorted(served.aborted)) or "none"))
    for line in dict.fromkeys(served.notes):
        print(f"- {line}")


if __name__ == "__main__":
    main()
