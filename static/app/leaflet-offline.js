// Loaded by the map right after leaflet.js (see geo/assets.py). Leaflet guesses its marker-image folder
// from leaflet.css, which st_folium adds only after the map script has run; point it at our copy instead.
(function () {
  var here = document.currentScript && document.currentScript.src;
  if (window.L && here) {
    L.Icon.Default.imagePath = new URL("../node_modules/leaflet/dist/images/", here).href;
  }
})();
