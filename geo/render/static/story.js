/* A story: a briefing in dated steps (the scenario's [[story]], geo/render/story.py). A panel with
   previous/next, step n of N, the step's title, caption and sources; going to a step sets the day
   through the date control's own function (map.geoSetDay), shows the step's layers and fits its
   view. The URL's hash keeps the step (#...&step=2), so a step's link reopens it. Keys: [ and ]
   anywhere (not while typing), and the arrow keys while the panel has the focus — the date bar
   keeps its own (arrows on the slider, Page Up/Down), and the map its arrows. Every text from data
   is set as text; a source is a link only when its URL is http(s). */
import {geoHashGet, geoHashSet} from './tools.js';
/** @param {GeoStoryConfig} cfg */
export function geoStory(map, cfg, layers) {
  var steps = cfg.steps || [], index = -1, going = false;
  if (!steps.length) { return; }
  var svg = function (d) {
    return '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" ' +
      'focusable="false"><path d="' + d + '" fill="none" stroke="currentColor" stroke-width="2"/></svg>';
  };
  var el = function (tag, className, parent, text) {
    var e = L.DomUtil.create(tag, className, parent);
    if (text !== undefined) { e.textContent = text; }
    return e;
  };
  var box = el('section', 'geo-story leaflet-control');
  box.setAttribute('aria-label', 'Story');
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);
  var head = el('div', 'geo-story-head', box);
  var button = function (icon, name, className) {
    var b = el('button', className, head);
    b.type = 'button'; b.innerHTML = icon; b.title = name; b.setAttribute('aria-label', name);
    return b;
  };
  var prev = button(svg('M10.5 2.5 5 8l5.5 5.5'), 'Previous step ([)', 'geo-story-prev');
  var label = el('div', 'geo-story-label', head);
  var count = el('span', 'geo-story-count', label);
  var title = el('h2', 'geo-story-title', label);
  label.setAttribute('aria-live', 'polite');
  var next = button(svg('M5.5 2.5 11 8l-5.5 5.5'), 'Next step (])', 'geo-story-next');
  var toggle = button(svg('M3 10l5-5 5 5'), 'Show or hide the story text', 'geo-story-toggle');
  var body = el('div', 'geo-story-body', box);
  body.id = 'geo-story-body-' + L.stamp(box);
  toggle.setAttribute('aria-controls', body.id);
  var when = el('p', 'geo-story-when', body), caption = el('p', 'geo-story-caption', body);
  var sources = el('ul', 'geo-story-sources', body);
  /* the same step, laid out for print and geo export (shown only in the report layout) */
  var report = el('section', 'geo-report-story', document.body);
  var head2 = document.querySelector('.geo-report-head');
  if (head2 && head2.parentNode === document.body) { document.body.insertBefore(report, head2.nextSibling); }

  var control = L.control({position: 'bottomleft'});
  control.onAdd = function () { return box; };
  control.addTo(map);

  /* The text scrolls within the room between the controls of the top-left column and the bottom ones
     below the panel (a third of the screen at most), so the panel covers no other control. */
  function fitBody() {
    if (box.classList.contains('geo-story-closed')) { return; }
    var corner = map._controlCorners && map._controlCorners.topleft;
    var top = corner ? corner.getBoundingClientRect().bottom : map.getContainer().getBoundingClientRect().top;
    body.style.maxHeight = '0px';  /* measured without the text: where the head sits */
    var room = head.getBoundingClientRect().top - top - 10;
    body.style.maxHeight = Math.max(48, Math.min(room, window.innerHeight / 3)) + 'px';
  }
  function setOpen(open) {
    box.classList.toggle('geo-story-closed', !open);
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    fitBody();
  }
  map.on('resize', fitBody);
  toggle.onclick = function () { setOpen(box.classList.contains('geo-story-closed')); };
  setOpen(map.getSize().x >= 768);

  function dayText(iso) {
    return new Date(iso + 'T00:00:00Z').toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'});
  }
  function fillSources(list, step) {
    list.textContent = '';
    step.sources.forEach(function (s) {
      var item = el('li', '', list), name = [s.publisher, s.title].filter(Boolean).join(': ');
      var link = /^https?:\/\//i.test(s.url || '') ? el('a', '', item, name || s.url) : el('span', '', item, name);
      link.dir = 'auto';  /* isolated: a right-to-left title does not carry the date along with it */
      if (link.tagName === 'A') { link.href = s.url; link.target = '_blank'; link.rel = 'noopener noreferrer'; }
      if (s.date) { item.appendChild(document.createTextNode(' (' + s.date + ')')); }
    });
  }
  function show(step) {
    count.textContent = 'Step ' + step.number + ' of ' + steps.length;
    title.textContent = step.title || dayText(step.date);
    when.textContent = dayText(step.date) + (step.since ? ' — what changed since ' + dayText(step.since) : '');
    caption.textContent = step.caption;
    fillSources(sources, step);
    prev.disabled = index <= 0;
    next.disabled = index >= steps.length - 1;
    report.textContent = '';
    el('span', 'geo-report-story-count', report, count.textContent);
    el('h2', '', report, step.title);
    if (step.since) { el('p', 'geo-report-story-since', report, 'What changed since ' + dayText(step.since)); }
    el('p', 'geo-report-story-caption', report, step.caption);
    if (step.sources.length) {
      var p = el('div', 'geo-report-story-sources', report);
      el('b', '', p, 'Sources: ');
      fillSources(el('ul', '', p), step);
    }
    document.body.classList.add('geo-story-report');
    fitBody();  /* the head may be taller with this title */
  }
  /* On screen, the step's area is fitted beside the open panels (this one, the layers panel) where the
     map is wide enough to leave it half its width; in the report layout, to the map's frame. */
  function padding(printed) {
    var out = {paddingTopLeft: L.point(6, 6), paddingBottomRight: L.point(6, 6)};
    var size = map.getSize(), frame = map.getContainer().getBoundingClientRect();
    if (printed || size.x < 768) { return out; }
    var left = box.classList.contains('geo-story-closed') ? 0 : box.getBoundingClientRect().right - frame.left;
    var layersBox = map.geoPanel, right = 0;
    if (layersBox && !layersBox.classList.contains('geo-panel-closed')) { right = frame.right - layersBox.getBoundingClientRect().left; }
    if (left + right < size.x / 2) { out.paddingTopLeft = L.point(left + 6, 6); out.paddingBottomRight = L.point(right + 6, 6); }
    return out;
  }
  function fit(step) {
    var printed = document.body.classList.contains('geo-report');
    if (printed && window.geoReport) { window.geoReport(true, step.bounds); }  /* laid out again for this caption */
    if (step.bounds) {
      var b = step.bounds;
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], L.extend({animate: false}, padding(printed)));
    } else if (step.center) {
      map.setView(step.center, step.zoom, {animate: false});
    }
  }
  /* Go to step i (from 0): its day, its layers, its view, its text, its link. */
  function go(i) {
    i = Math.max(0, Math.min(steps.length - 1, i));
    var step = steps[i];
    index = i;
    going = true;
    try {
      if (map.geoSetDay) { map.geoSetDay(step.date); }
      layers.forEach(function (layer, j) {
        var on = step.layers.indexOf(j) >= 0;
        if (on && !map.hasLayer(layer)) { map.addLayer(layer); }
        if (!on && map.hasLayer(layer)) { map.removeLayer(layer); }
      });
      /* what changed since: the compare view, when the page has one (it reads compare= from the link too) */
      if (typeof map.geoCompare === 'function') { map.geoCompare(step.since || null, step.date); }
      show(step);
      fit(step);
    } finally {
      going = false;
    }
    geoHashSet({step: String(step.number), compare: step.since || null});  /* compare=: the compare view's own key */
    map.getContainer().dataset.geoStep = String(step.number);
    return step;
  }
  /* A day chosen by hand leaves the step: the link no longer names it. */
  map.on('geoday', function (e) {
    if (!going && index >= 0 && e.day !== steps[index].date) {
      geoHashSet({step: null, compare: null});
      delete map.getContainer().dataset.geoStep;
    }
  });
  prev.onclick = function () { go(index - 1); };
  next.onclick = function () { go(index + 1); };
  L.DomEvent.on(box, 'keydown', function (e) {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      L.DomEvent.stop(e);
      go(index + (e.key === 'ArrowRight' ? 1 : -1));
    }
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target, typing = t && (/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable);
    if (typing || e.ctrlKey || e.metaKey || e.altKey || (e.key !== '[' && e.key !== ']')) { return; }
    e.preventDefault();
    go(index + (e.key === ']' ? 1 : -1));
  });
  window.geoStoryGo = function (n) { return go(n - 1); };  /* by number, from 1: geo export --story */

  count.textContent = 'Story: ' + steps.length + ' steps';
  title.textContent = steps[0].title ? 'Next: ' + steps[0].title : 'Press › to begin';
  when.textContent = 'Step through the briefing with › and ‹ (or the ] and [ keys).';
  prev.disabled = true;
  var asked = parseInt(geoHashGet().step, 10);
  if (asked >= 1 && asked <= steps.length) { go(asked - 1); }
}
