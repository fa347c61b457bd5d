// The incident map's behaviour. Python (viz/maps.py) calls these functions with JSON data; every
// text from the data arrives either escaped as HTML (popups, tooltips, legend) or is set as
// textContent, never interpreted here. Every word shown comes with the data, translated.
window.incidentMap = (function () {
    "use strict";

    function attribution(map, html) {
        map.attributionControl.addAttribution(html);
    }

    // Region names as non-interactive labels in their own pane, under the markers. Built with
    // L.divIcon: a default L.marker would first draw Leaflet's pin image.
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
                                 iconSize: [140, 18], iconAnchor: [70, 9]}),
                interactive: false, keyboard: false, pane: "region-labels"
            }).addTo(map);
        });
    }

    // A legend control shown while its layer is on the map. It folds when a popup opens:
    // Leaflet draws controls above popups.
    function legend(group, options) {
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

    function line(parent, text) {
        var p = document.createElement("div");
        p.textContent = text;
        parent.appendChild(p);
    }

    // A message of config.text with its {placeholders} filled (the words come translated).
    function fill(message, values) {
        return message.replace(/\{(\w+)\}/g, function (whole, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
        });
    }

    // Row layout: see viz.markers.marker_rows.
    function shortPopup(row, config) {
        var text = config.text;
        var div = document.createElement("div");
        div.className = "incident-popup";
        line(div, fill(text.incident, {id: row[6]}));
        line(div, config.types[row[2]]);
        line(div, fill(text.starts, {start: row[7], precision: config.precisions[row[8]]}));
        line(div, row[5] === "" ? text.killedNotStated : fill(text.killed, {killed: row[5]}));
        line(div, text.fullRecord);
        return div;
    }

    function incidentMarker(row, config) {
        var size = row[3];
        var dot = document.createElement("div");
        dot.style.background = config.colours[row[2]];
        dot.style.width = size + "px";
        dot.style.height = size + "px";
        var icon = L.divIcon({
            className: "incident-marker" + (row[4] ? " approx" : ""),
            iconSize: [size, size],
            html: dot.outerHTML
        });
        var marker = L.marker([row[0], row[1]], {icon: icon});
        if (row.length === 7) {  // full row: tooltip and popup HTML, escaped in Python
            marker.bindTooltip(row[5]);
            marker.bindPopup(row[6], {maxWidth: 380});
        } else {
            marker.bindPopup(function () { return shortPopup(row, config); });
        }
        return marker;
    }

    // Every incident marker from one data array, clustered only where markers touch, added in
    // one bulk call.
    function incidentCluster(parent, config) {
        var cluster = L.markerClusterGroup(config.options);
        cluster.options.iconCreateFunction = clusterIcon;
        var markers = new Array(config.rows.length);
        for (var i = 0; i < config.rows.length; i++) {
            markers[i] = incidentMarker(config.rows[i], config);
        }
        cluster.addLayers(markers);
        cluster.addTo(parent);
        return cluster;
    }

    return {
        attribution: attribution,
        regionLabels: regionLabels,
        legend: legend,
        incidentCluster: incidentCluster
    };
})();
