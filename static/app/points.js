// Many points on one canvas (geo/maps/points.py). The positions come once per data version from a static
// file (two uint16 arrays quantised over the layer's bounding box); each rerun sends only which points to show
// and in which colour (one byte per point, deflated) and optionally a count per point. Below `cellsBelow`
// (a zoom level) the points are summed into square cells of `cell` screen pixels, anchored to the world grid
// so they stay put while panning; a click on a cell zooms in to it, a click on a point reports its id.
(function () {
  var TILE = 256;

  L.EmapPoints = L.Layer.extend({
    options: {
      name: "", layer: "", url: "", labels: null, n: 0, bbox: [0, 0, 1, 1], palette: [], names: [],
      radius: 3, cellsBelow: null, cell: 24, unit: "", cellColors: [], pickRadius: 7
    },

    initialize: function (options) {
      L.setOptions(this, options);
      this._cls = null;
      this._counts = null;
      this._updates = 0;
      this._stats = {drawn: 0, cells: 0, cellTotal: 0, mode: "points"};
      this._chain = this._load();
    },

    _load: function () {
      var self = this, o = this.options;
      return fetch(o.url).then(function (r) {
        if (!r.ok) throw new Error(o.url + ": " + r.status);
        return r.arrayBuffer();
      }).then(function (buffer) {
        var q = new Uint16Array(buffer), n = o.n, b = o.bbox;
        var u = new Float64Array(n), v = new Float64Array(n);
        var sx = (b[2] - b[0]) / 65535, sy = (b[3] - b[1]) / 65535;
        for (var i = 0; i < n; i++) {
          var lon = b[0] + q[i] * sx, lat = b[1] + q[n + i] * sy;
          u[i] = (lon + 180) / 360;
          v[i] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) / (2 * Math.PI);
        }
        self._u = u;
        self._v = v;
      });
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "emap-points leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      map.getPane("overlayPane").appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._redraw, this);
      map.on("mousemove", this._hover, this);
      map.on("mouseout", this._unhover, this);
      map.on("click", this._click, this);
      window.emap.register(this.options.name, this);
      this._redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this._redraw, this);
      map.off("mousemove", this._hover, this);
      map.off("mouseout", this._unhover, this);
      map.off("click", this._click, this);
      this._unhover();
    },

    // payload: {cls: base64 deflated uint8 per point, counts: base64 deflated uint16 per point or null}
    update: function (payload) {
      var self = this;
      var cls = window.emap.bytes(payload.cls, true);
      var counts = payload.counts ? window.emap.bytes(payload.counts, true) : Promise.resolve(null);
      this._chain = this._chain.then(function () { return Promise.all([cls, counts]); }).then(function (got) {
        self._cls = got[0];
        self._counts = got[1] ? new Uint16Array(got[1].buffer, got[1].byteOffset, got[1].length / 2) : null;
        self._updates += 1;
        self._redraw();
      }).catch(function (err) { console.error("emap points", self.options.name, err); });
    },

    state: function () {
      var shown = 0, total = 0, cls = this._cls, counts = this._counts;
      if (cls) {
        for (var i = 0; i < cls.length; i++) {
          if (cls[i]) { shown += 1; total += counts ? counts[i] : 1; }
        }
      }
      return {n: this.options.n, shown: shown, total: total, drawn: this._stats.drawn, cells: this._stats.cells,
              cellTotal: this._stats.cellTotal, mode: this._stats.mode, updates: this._updates,
              ready: !!(this._u && cls)};
    },

    _cellMode: function () {
      var below = this.options.cellsBelow;
      return below !== null && below !== undefined && this._map.getZoom() < below;
    },

    _redraw: function () {
      var map = this._map;
      if (!map) return;
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, canvas = this._canvas;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(canvas, topLeft);
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._visible = null;
      this._grid = null;
      if (!this._u || !this._cls) return;
      var scale = TILE * Math.pow(2, map.getZoom()), origin = map.getPixelOrigin();
      var view = {scale: scale, ox: origin.x + topLeft.x, oy: origin.y + topLeft.y, w: size.x, h: size.y};
      if (this._cellMode()) this._drawCells(ctx, view);
      else {
        this._drawPoints(ctx, view);
        this._withLabels();
      }
    },

    _drawPoints: function (ctx, view) {
      var o = this.options, r = o.radius, u = this._u, v = this._v, cls = this._cls, n = o.n;
      var xs = new Float32Array(n), ys = new Float32Array(n), idx = new Int32Array(n), m = 0;
      for (var i = 0; i < n; i++) {
        if (!cls[i]) continue;
        var x = u[i] * view.scale - view.ox, y = v[i] * view.scale - view.oy;
        if (x < -r || y < -r || x > view.w + r || y > view.h + r) continue;
        xs[m] = x; ys[m] = y; idx[m] = i; m += 1;
      }
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      for (var k = 1; k <= o.palette.length; k++) {
        ctx.beginPath();
        var any = false;
        for (var j = 0; j < m; j++) {
          if (cls[idx[j]] !== k) continue;
          ctx.moveTo(xs[j] + r, ys[j]);
          ctx.arc(xs[j], ys[j], r, 0, 2 * Math.PI);
          any = true;
        }
        if (any) {
          ctx.fillStyle = o.palette[k - 1];
          ctx.fill();
          ctx.stroke();
        }
      }
      this._visible = {xs: xs, ys: ys, idx: idx, m: m};
      this._stats = {drawn: m, cells: 0, cellTotal: 0, mode: "points"};
    },

    _drawCells: function (ctx, view) {
      var o = this.options, c = o.cell, u = this._u, v = this._v, cls = this._cls, counts = this._counts;
      var cells = new Map(), n = o.n;
      for (var i = 0; i < n; i++) {
        if (!cls[i]) continue;
        var gx = Math.floor(u[i] * view.scale / c), gy = Math.floor(v[i] * view.scale / c);
        var x = gx * c - view.ox, y = gy * c - view.oy;
        if (x < -c || y < -c || x > view.w || y > view.h) continue;
        var key = gx * 1048576 + gy, cell = cells.get(key);
        if (!cell) { cell = {x: x, y: y, points: 0, weight: 0}; cells.set(key, cell); }
        cell.points += 1;
        cell.weight += counts ? counts[i] : 1;
      }
      // One disc per cell, its area proportional to the cell's count, so the shading under it stays readable.
      var max = 1, total = 0;
      cells.forEach(function (cell) { if (cell.weight > max) max = cell.weight; total += cell.weight; });
      var ramp = o.cellColors, top = Math.log(max + 1);
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      cells.forEach(function (cell) {
        var step = Math.min(ramp.length - 1, Math.floor(Math.log(cell.weight + 1) / top * ramp.length));
        var r = Math.max(2.5, (c / 2 - 1) * Math.sqrt(cell.weight / max));
        ctx.beginPath();
        ctx.arc(cell.x + c / 2, cell.y + c / 2, r, 0, 2 * Math.PI);
        ctx.fillStyle = ramp[Math.max(step, 0)];
        ctx.globalAlpha = 0.85;
        ctx.fill();
        ctx.globalAlpha = 1;
        ctx.stroke();
      });
      this._grid = {cells: cells, c: c, view: view};
      this._stats = {drawn: 0, cells: cells.size, cellTotal: total, mode: "cells"};
    },

    // The point under the mouse (nearest within pickRadius pixels), as its index, or -1.
    _pick: function (point) {
      var vis = this._visible;
      if (!vis) return -1;
      var best = -1, bestD = this.options.pickRadius * this.options.pickRadius;
      for (var j = 0; j < vis.m; j++) {
        var dx = vis.xs[j] - point.x, dy = vis.ys[j] - point.y, d = dx * dx + dy * dy;
        if (d <= bestD) { bestD = d; best = vis.idx[j]; }
      }
      return best;
    },

    _cellAt: function (point) {
      var g = this._grid;
      if (!g) return null;
      var gx = Math.floor((point.x + g.view.ox) / g.c), gy = Math.floor((point.y + g.view.oy) / g.c);
      return g.cells.get(gx * 1048576 + gy) || null;
    },

    _hover: function (e) {
      var o = this.options, text = null;
      if (this._cellMode()) {
        var cell = this._cellAt(e.containerPoint);
        if (cell) {
          text = cell.points.toLocaleString() + " 个点" +
            (this._counts ? "，" + cell.weight.toLocaleString() + " " + o.unit : "") + "<br><i>放大地图查看各点</i>";
        }
      } else {
        var i = this._pick(e.containerPoint);
        if (i >= 0) text = this._pointText(i);
      }
      if (!text) { this._unhover(); return; }
      if (!this._tip) this._tip = L.tooltip({direction: "top", offset: [0, -8], opacity: 0.95});
      this._tip.setLatLng(e.latlng).setContent(text);
      if (!this._map.hasLayer(this._tip)) this._tip.addTo(this._map);
    },

    _pointText: function (i) {
      var o = this.options, self = this, kind = o.names[this._cls[i] - 1] || "";
      var extra = this._counts ? " · " + this._counts[i].toLocaleString() + " " + o.unit : "";
      var label = "…";
      if (this._labels) label = window.emap.escape(this._labels.labels[i]);
      else this._withLabels().then(function () { if (self._tip && self._map.hasLayer(self._tip)) self._tip.setContent(self._pointText(i)); });
      return "<b>" + label + "</b><br>" + window.emap.escape(kind) + extra;
    },

    _unhover: function () {
      if (this._tip && this._map && this._map.hasLayer(this._tip)) this._map.removeLayer(this._tip);
    },

    _withLabels: function () {
      var self = this;
      if (!this._labelsLoading) {
        this._labelsLoading = this.options.labels
          ? window.emap.json(this.options.labels).then(function (data) { self._labels = data; return data; })
          : Promise.resolve(null);
      }
      return this._labelsLoading;
    },

    // A click on a point reports its id. It fires after any shape under it (a district) has reported its own
    // click, and st_folium sends only the last report within 250 ms, so the point wins; the ids are loaded as
    // soon as points are drawn one by one, so the report is not delayed by the download.
    _click: function (e) {
      var self = this, o = this.options;
      if (this._cellMode()) return;
      var i = this._pick(e.containerPoint);
      if (i < 0) return;
      function report(data) {
        if (!data) return;
        var feature = {
          type: "Feature",
          properties: window.emap.clicked(o.layer, data.ids[i]),
          geometry: {type: "Point", coordinates: [e.latlng.lng, e.latlng.lat]}
        };
        self.fire("click", {latlng: e.latlng, layer: {toGeoJSON: function () { return feature; }}, sourceTarget: self});
      }
      if (this._labels) report(this._labels);
      else this._withLabels().then(report);
    }
  });
})();
