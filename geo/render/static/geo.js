/* geo: draws the layers Python prepared. All text arrives as escaped HTML or is set as text. */
function geoFeatureLayer(data) {
  var group = L.featureGroup();
  var features = L.geoJSON(data.geojson, {
    pointToLayer: function (feature, latlng) {
      var s = data.symbols[feature.properties.symbol];
      var half = s.size / 2;
      return L.marker(latlng, {
        icon: L.divIcon({
          html: s.html, className: 'geo-marker ' + s.className,
          iconSize: [s.size, s.size], iconAnchor: [half, half],
          popupAnchor: [0, -half], tooltipAnchor: [half, 0]
        }),
        riseOnHover: true
      });
    },
    style: function (feature) { return data.styles[feature.properties.style]; },
    onEachFeature: function (feature, layer) {
      if (feature.properties.label) {
        layer.bindTooltip(feature.properties.label, {
          permanent: true, direction: 'right', offset: [4, 0], className: 'geo-label'
        });
      } else {
        layer.bindTooltip(feature.properties.tooltip, {sticky: feature.geometry.type !== 'Point'});
      }
      layer.bindPopup(feature.properties.popup, {maxWidth: 380, minWidth: 240});
      if (feature.properties.precision) {
        var xy = feature.geometry.coordinates;
        L.circle([xy[1], xy[0]], L.extend({}, data.precisionStyle, {
          radius: feature.properties.precision, interactive: false, className: 'geo-precision'
        })).addTo(group);
      }
    }
  });
  features.addTo(group);
  return group;
}

function geoLegend(map, html) {
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'geo-legend leaflet-bar');
    div.innerHTML = html;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
}

function geoTitle(map, title, subtitle) {
  var box = L.DomUtil.create('div', 'geo-title', map.getContainer());
  var heading = L.DomUtil.create('h1', '', box);
  heading.textContent = title;
  if (subtitle) {
    var note = L.DomUtil.create('p', '', box);
    note.textContent = subtitle;
  }
}
