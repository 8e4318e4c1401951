// The registry every persistent map layer joins (geo/maps/points.py, geo/maps/shapes.py).
//
// The map itself stays mounted across Streamlit reruns; what changes per rerun reaches the browser as a tiny
// script (st_folium's feature_group_to_add) that calls emap.update(name, payload). st_folium keeps every
// feature group it ever added (window.feature_group, streamlit-folium#247), so the updates carry no layers
// and keep no reference to their payload: nothing grows with the number of reruns.
(function () {
  if (window.emap) return;
  var layers = {}, pending = {}, clicks = 0;

  function attach(name, layer) {
    layers[name] = layer;
    if (pending[name] !== undefined) {
      var payload = pending[name];
      delete pending[name];
      layer.update(payload);
    }
  }

  window.emap = {
    layers: layers,
    register: attach,
    // An update may arrive before its layer exists (first render): keep only the latest, apply on register.
    update: function (name, payload) {
      if (layers[name]) layers[name].update(payload);
      else pending[name] = payload;
    },
    // What each persistent layer shows now, for tests and the benchmark.
    state: function () {
      var out = {};
      Object.keys(layers).forEach(function (name) { out[name] = layers[name].state(); });
      return out;
    },
    // The properties a click reports to Streamlit: the clickable layer's name and the feature's id. The
    // sequence number makes a second click on the same feature a new value (st_folium drops repeats).
    clicked: function (layer, id) {
      clicks += 1;
      return {layer: layer, id: id, seq: clicks};
    },
    // base64 -> bytes, inflated when the server deflated them (zlib). Returns a Promise of a Uint8Array.
    bytes: function (text, deflated) {
      var raw = atob(text), out = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
      if (!deflated) return Promise.resolve(out);
      var stream = new Blob([out]).stream().pipeThrough(new DecompressionStream("deflate"));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); });
    },
    // A gzip-compressed JSON file served from static/ (labels, ids), fetched once and cached.
    json: function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      });
    },
    escape: function (text) {
      return String(text).replace(/[&<>"']/g, function (c) {
        return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c];
      });
    }
  };

})();
