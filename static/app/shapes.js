// Lines and polygons drawn once per data version (geo/maps/shapes.py) and restyled per rerun: the update
// carries only {id: style} and {id: tooltip}, never the geometry again.
(function () {
  L.emapShapes = function (name, data, options) {
    var base = options.style || {}, hover = options.hover, clickable = options.layer;
    var styles = {}, tips = {}, updates = 0;

    function styleOf(feature) {
      return Object.assign({}, base, styles[feature.properties.id] || {});
    }

    var layer = L.geoJSON(data, {
      interactive: !!(clickable || options.tooltips),
      attribution: options.attribution || null,
      style: styleOf,
      onEachFeature: function (feature, path) {
        var id = feature.properties.id;
        if (feature.properties._t) tips[id] = feature.properties._t;
        if (options.tooltips) path.bindTooltip(function () { return tips[id] || ""; }, {sticky: true});
        if (clickable) {
          // Runs before st_folium's own click handler (bound later), which reads these properties.
          path.on("click", function () { feature.properties = window.emap.clicked(clickable, id); });
        }
        if (hover) {
          path.on("mouseover", function () { path.setStyle(hover); });
          path.on("mouseout", function () { path.setStyle(styleOf(feature)); });
        }
      }
    });

    layer.update = function (payload) {
      if (payload.replace) styles = {};
      Object.assign(styles, payload.styles || {});
      Object.assign(tips, payload.tooltips || {});
      layer.eachLayer(function (path) {
        path.setStyle(styleOf(path.feature));
        if (payload.styles && payload.styles[path.feature.properties.id] && payload.front) path.bringToFront();
      });
      updates += 1;
    };

    layer.current = function () {
      var out = {};
      layer.eachLayer(function (path) { out[path.feature.properties.id] = styleOf(path.feature); });
      return out;
    };

    layer.state = function () {
      var n = 0, drawn = 0, shown = 0;
      layer.eachLayer(function (path) {
        n += 1;
        var s = styleOf(path.feature);
        if (s.opacity !== 0 || (s.fill !== false && s.fillOpacity !== 0)) shown += 1;
        if (path._parts && path._parts.length > 0) drawn += 1;
      });
      return {n: n, shown: shown, drawn: drawn, cells: 0, mode: "shapes", updates: updates};
    };

    window.emap.register(name, layer);
    return layer;
  };
})();
