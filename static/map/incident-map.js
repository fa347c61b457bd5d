// The incident map's behaviour. Python (viz/maps.py) calls these functions with JSON data; every
// text from the data arrives either escaped as HTML (popups, tooltips, legend) or is set as
// textContent, never interpreted here. Every word shown comes with the data, translated.
window.incidentMap = (function () {
    "use strict";

    // streamlit-folium takes the previous data layers off the map before it draws new ones, but
    // keeps them in window.feature_group, which would hold every layer ever drawn (with its
    // markers and popups): each data layer forgets those no longer on the map when it is made.
    function forgetRemovedLayers() {
        if (Array.isArray(window.feature_group)) {
            window.feature_group = window.feature_group.filter(function (group) {
                return group._map;
            });
        }
    }

    function attribution(map, html) {
        map.attributionControl.addAttribution(html);
    }

    // Region names as non-interactive labels in their own pane, under the markers, each moved
    // down by label.dy pixels (off a town's name). Built with L.divIcon: a default L.marker
    // would first draw Leaflet's pin image.
    function regionLabels(map, labels) {
        map.createPane("region-labels");
        map.getPane("region-labels").style.zIndex = 550;
        map.getPane("region-labels").style.pointerEvents = "none";
        labels.forEach(function (label) {
            var div = document.createElement("div");
            div.className = "region-label";
            div.textContent = label.name;
            L.marker([label.lat, label.lon], {
                icon: L.divIcon({className: "region-label-icon", html: div.outerHTML,
                                 iconSize: [140, 18], iconAnchor: [70, 9 - label.dy]}),
                interactive: false, keyboard: false, pane: "region-labels"
            }).addTo(map);
        });
    }

    // Rivers and main towns, so an audience can orient itself: inert (no clicks, no keyboard),
    // over the area shading and under the data. The lines and dots sit in a pane just above
    // the shading; the names with the region names. Towns that are not a region's seat are
    // named only from data.minorZoom on, where they no longer crowd the seats.
    function landmarks(map, data) {
        map.createPane("landmarks").style.zIndex = 420;
        map.createPane("landmark-labels").style.zIndex = 540;
        ["landmarks", "landmark-labels"].forEach(function (pane) {
            map.getPane(pane).style.pointerEvents = "none";
        });
        function name(lat, lon, text, className) {
            var div = document.createElement("div");
            div.className = className;
            div.textContent = text;
            return L.marker([lat, lon], {
                icon: L.divIcon({className: "landmark-label-icon", html: div, iconSize: null}),
                interactive: false, keyboard: false, pane: "landmark-labels"
            });
        }
        L.geoJSON(data.rivers, {
            pane: "landmarks", interactive: false,
            style: {color: "#6b9ac4", weight: 1.8, opacity: 0.9}
        }).addTo(map);
        data.riverLabels.forEach(function (label) {
            name(label.lat, label.lon, label.name, "river-label").addTo(map);
        });
        var minor = L.layerGroup();
        data.towns.forEach(function (town) {
            var group = town.seat ? map : minor;
            L.circleMarker([town.lat, town.lon], {
                pane: "landmarks", interactive: false, radius: town.capital ? 4 : 3,
                color: "#222", weight: 1, fillColor: "#fff", fillOpacity: 1
            }).addTo(group);
            name(town.lat, town.lon, town.name, "town-label").addTo(group);
        });
        function showMinor() {
            map[map.getZoom() >= data.minorZoom ? "addLayer" : "removeLayer"](minor);
        }
        map.on("zoomend", showMinor);
        showMinor();
    }

    // Fits the map to a box (west, south, east, north) once its layer is on the map, and only
    // when the box differs from the last one fitted: redrawing the layers for another filter
    // of the same place keeps the reader's own zoom and pan.
    function fitBox(group, box) {
        function fit() {
            var map = group._map;
            var key = box.join(",");
            if (!map || map._incidentFitted === key) { return; }
            map._incidentFitted = key;
            map.fitBounds([[box[1], box[0]], [box[3], box[2]]]);
        }
        group.on("add", fit);
        fit();
        return group;
    }

    // A legend control shown while its layer is on the map. It folds when a popup opens:
    // Leaflet draws controls above popups.
    function legend(group, options) {
        forgetRemovedLayers();
        var control = L.control({position: "topleft"});  // Mauritania's corner: no data
        control.onAdd = function () {
            var div = L.DomUtil.create("div", "map-legend");
            div.innerHTML = options.html;
            L.DomEvent.disableClickPropagation(div);
            return div;
        };
        function fold() {
            var details = control.getContainer() && control.getContainer().firstChild;
            if (details) { details.open = false; }
        }
        var map = null;
        function show() {
            if (!group._map) { return; }
            map = group._map;
            control.addTo(map);
            map.on("popupopen", fold);
        }
        group.on("add", show);
        group.on("remove", function () {
            control.remove();
            if (map) { map.off("popupopen", fold); }
        });
        show();
        return control;
    }

    // Neutral clusters (the default green/yellow/orange would read as event types).
    function clusterIcon(cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? 26 : count < 100 ? 32 : 40;
        return L.divIcon({html: "<div>" + count + "</div>", iconSize: [size, size],
                          className: "marker-cluster incident-cluster"});
    }

    function line(parent, text, className) {
        var p = document.createElement("div");
        p.textContent = text;
        if (className) { p.className = className; }
        parent.appendChild(p);
        return p;
    }

    // One icon per look (event type, size, dashed), shared by every marker that has it.
    function markerIcon(row, config, icons) {
        var key = row[2] + "/" + row[3] + "/" + row[4];
        if (!icons[key]) {
            var size = row[3];
            var dot = document.createElement("div");
            dot.style.background = config.colours[row[2]];
            dot.style.width = size + "px";
            dot.style.height = size + "px";
            icons[key] = L.divIcon({
                className: "incident-marker" + (row[4] ? " approx" : ""),
                iconSize: [size, size],
                html: dot.outerHTML
            });
        }
        return icons[key];
    }

    // A translated message with its {placeholders} filled by values (set as text, never HTML).
    function fill(message, values) {
        return message.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
        });
    }

    // Row layout: see viz.markers.marker_rows.
    function incidentMarker(row, config, icons) {
        var marker = L.marker([row[0], row[1]], {icon: markerIcon(row, config, icons)});
        marker.bindTooltip(row[5]);  // tooltip and popup HTML, escaped in Python
        marker.bindPopup(row[6], {maxWidth: 380});
        return marker;
    }

    // Every incident marker from one data array, clustered only where markers touch, added in
    // one bulk call once the cluster group is on the map. Before that, Leaflet.markercluster
    // queues each added marker after checking the whole queue for it (quadratic in the count);
    // on the map, it places them in its grid in chunks (chunkedLoading).
    function incidentCluster(parent, config) {
        forgetRemovedLayers();
        var cluster = L.markerClusterGroup(config.options);
        cluster.options.iconCreateFunction = clusterIcon;
        var markers = new Array(config.rows.length);
        var icons = {};
        for (var i = 0; i < config.rows.length; i++) {
            markers[i] = incidentMarker(config.rows[i], config, icons);
        }
        cluster.addTo(parent);
        if (cluster._map) {
            cluster.addLayers(markers);
        } else {  // the parent layer is not on a map yet
            cluster.once("add", function () { cluster.addLayers(markers); });
        }
        return cluster;
    }

    // Cell rows: [lat, lon, incidents, killed, injured, missing, detained, per type...], see
    // viz.markers.grid_cells. The popup is plain text: labels from Python, numbers formatted here.
    var FIGURES = ["killed", "injured", "missing", "detained"];
    var CELL_MIN_PX = 2, CELL_MAX_PX = 12;  // cells are ~11 px apart at country zoom
    var CELL_PANE = "grid-cells";

    function cellPopup(cell, config, number) {
        var div = document.createElement("div");
        div.className = "incident-popup";
        line(div, config.labels.title, "cell-title");
        line(div, fill(config.labels.incidents, {n: number.format(cell[2])}));
        FIGURES.forEach(function (figure, i) {
            var value = cell[3 + i];
            if (value > 0) { line(div, fill(config.labels[figure], {n: number.format(value)})); }
        });
        line(div, config.labels.byType, "cell-title");
        config.types.forEach(function (type, i) {
            var count = cell[7 + i];
            if (count > 0) {
                var row = line(div, fill(config.labels.type, {type: type, n: number.format(count)}));
                var dot = document.createElement("span");
                dot.className = "dot";
                dot.style.background = config.colours[i];
                row.insertBefore(dot, row.firstChild);
            }
        });
        line(div, config.labels.hint, "meta");
        return div;
    }

    // One circle per grid cell, its radius growing with the square root of the cell's incidents
    // (area follows the count; the largest cell at CELL_MAX_PX), coloured by the cell's most
    // frequent event type, all on one canvas (removed with them).
    function gridCells(parent, config) {
        forgetRemovedLayers();
        var number = new Intl.NumberFormat(config.language);
        var most = 1;
        config.cells.forEach(function (cell) { most = Math.max(most, cell[2]); });
        var layer = L.featureGroup();
        layer.beforeAdd = function (map) {  // Leaflet calls it before the circles reach the map
            if (!map.getPane(CELL_PANE)) {
                map.createPane(CELL_PANE).style.zIndex = 450;  // over the areas, under the names
            }
        };
        var renderer = L.canvas({pane: CELL_PANE, padding: 0.5});
        // Leaflet adds a path's renderer to the map but never takes it off: the canvas goes
        // with its circles, or every redraw would leave one more on the map.
        layer.on("remove", function () { renderer.remove(); });
        config.cells.forEach(function (cell) {
            var top = 0;
            for (var i = 1; i < config.types.length; i++) {
                if (cell[7 + i] > cell[7 + top]) { top = i; }
            }
            var radius = CELL_MIN_PX + (CELL_MAX_PX - CELL_MIN_PX) * Math.sqrt(cell[2] / most);
            L.circleMarker([cell[0], cell[1]], {
                renderer: renderer, radius: radius, color: "#222", weight: 1,
                fillColor: config.colours[top] || "#999", fillOpacity: 0.65
            }).bindPopup(function () { return cellPopup(cell, config, number); }, {maxWidth: 320})
                .addTo(layer);
        });
        layer.addTo(parent);
        return layer;
    }

    return {
        attribution: attribution,
        regionLabels: regionLabels,
        landmarks: landmarks,
        fitBox: fitBox,
        legend: legend,
        incidentCluster: incidentCluster,
        gridCells: gridCells
    };
})();
