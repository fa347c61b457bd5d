// Leaflet guesses the folder of its default marker images from leaflet.css, which may not have
// loaded when the first marker is created (streamlit-folium adds stylesheets without waiting),
// and then requests images from the wrong folder. Name the folder as soon as Leaflet is loaded,
// relative to this file so it follows wherever the static folder is served.
L.Icon.Default.imagePath = new URL("../vendor/leaflet/images/", document.currentScript.src).href;
