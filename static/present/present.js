// The presentation view (viz/present.py renders the page and the JSON it reads): a full-screen
// map that steps through incidents or briefing views, plays months forward and fits regions.
// Everything happens here, in the one document, so nothing reloads. Every text from the data is
// set as textContent, never parsed as HTML.
(function () {
    "use strict";

    var config = JSON.parse(document.getElementById("present-config").textContent);
    var S = config.strings;
    var numbers = new Intl.NumberFormat(config.language);
    var data = config.incidents;
    var count = data.lat.length;
    var months = config.months;
    var briefing = config.views.length > 1;

    function $(id) { return document.getElementById(id); }
    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (whole, key) {
            return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
        });
    }
    function setText(id, text) {
        var element = $(id);
        element.textContent = text || "";
        element.hidden = !text;
    }
    function list(id, items) {
        var element = $(id);
        element.replaceChildren();
        items.forEach(function (text) {
            var item = document.createElement("li");
            item.textContent = text;
            element.appendChild(item);
        });
        element.hidden = !items.length;
    }
    function boxBounds(box) { return L.latLngBounds([box[1], box[0]], [box[3], box[2]]); }

    // -- the map ------------------------------------------------------------------------------
    var mali = boxBounds(config.mali);
    var map = L.map("map", {
        attributionControl: false, keyboard: false, zoomSnap: 0.25, zoomDelta: 0.5,
        maxZoom: config.maxZoom, maxBounds: mali.pad(config.boundsMargin / 15),
        maxBoundsViscosity: 1.0, zoomControl: false
    });
    L.control.zoom({position: "topright"}).addTo(map);
    L.control.scale({position: "topright", imperial: false}).addTo(map);
    var renderer = L.canvas({padding: 0.3});
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").style.pointerEvents = "none";

    function baseStyle() {
        var high = document.body.classList.contains("contrast-high");
        return {fillColor: high ? "#ffffff" : "#efece6", fillOpacity: 1,
                color: high ? "#000000" : "#555555", weight: high ? 2 : 1.2};
    }
    function cercleStyle() {
        var high = document.body.classList.contains("contrast-high");
        return {fill: true, fillOpacity: 0, color: high ? "#000000" : "#8a8a8a",
                weight: high ? 1 : 0.6};
    }
    var regionLayers = {};
    var regions = L.geoJSON(config.regions, {
        style: baseStyle, renderer: renderer, interactive: false,
        onEachFeature: function (feature, layer) { regionLayers[feature.properties.name] = layer; }
    }).addTo(map);
    // The cercles (transparent, over the regions) take the clicks: zoomed out, a click fits
    // the map to the region; zoomed in far enough to name cercles, to the cercle.
    var cercles = L.geoJSON(config.cercles, {
        style: cercleStyle, renderer: renderer,
        onEachFeature: function (feature, layer) {
            layer.on("click", function () {
                var region = regionLayers[feature.properties.admin1];
                var close = map.getZoom() >= config.cercleLabelZoom;
                fitFree((close || !region ? layer : region).getBounds(), true);
            });
        }
    }).addTo(map);

    // The rivers, inert and under the incidents (the same canvas, drawn before them).
    function riverStyle() {
        var high = document.body.classList.contains("contrast-high");
        return {color: high ? "#00468b" : "#6b9ac4", weight: high ? 3 : 2, opacity: 0.9};
    }
    var rivers = L.geoJSON(config.rivers, {
        style: riverStyle, renderer: renderer, interactive: false
    }).addTo(map);

    function label(lat, lon, text, className) {
        var div = document.createElement("div");
        div.className = className;
        div.textContent = text;
        return L.marker([lat, lon], {
            icon: L.divIcon({className: "label-icon", html: div, iconSize: null}),
            interactive: false, keyboard: false, pane: "labels"
        });
    }
    function centre(layer) { return layer.getBounds().getCenter(); }
    var regionLabels = L.layerGroup(), cercleLabels = L.layerGroup();
    regions.eachLayer(function (layer) {
        var c = centre(layer);
        regionLabels.addLayer(label(c.lat, c.lng, layer.feature.properties.name, "region-label"));
    });
    cercles.eachLayer(function (layer) {
        var c = centre(layer);
        cercleLabels.addLayer(label(c.lat, c.lng, layer.feature.properties.name, "cercle-label"));
    });
    config.riverLabels.forEach(function (river) {
        label(river.lat, river.lon, river.name, "river-label").addTo(map);
    });
    // The capital and the region seats always; the other main towns from config.townZoom on.
    var seats = L.layerGroup().addTo(map), minorTowns = L.layerGroup();
    config.towns.forEach(function (town) {
        L.layerGroup([
            L.circleMarker([town.lat, town.lon], {radius: town.capital ? 4 : 3, color: "#000",
                weight: 1, fillColor: "#fff", fillOpacity: 1, interactive: false,
                renderer: renderer}),
            label(town.lat, town.lon, town.name, "town-label")
        ]).addTo(town.seat ? seats : minorTowns);
    });
    function showLabels() {
        var close = map.getZoom() >= config.cercleLabelZoom;
        map[close ? "removeLayer" : "addLayer"](regionLabels);
        map[close ? "addLayer" : "removeLayer"](cercleLabels);
        map[map.getZoom() >= config.townZoom ? "addLayer" : "removeLayer"](minorTowns);
    }
    map.on("zoomend", showLabels);

    // -- the incidents --------------------------------------------------------------------------
    var markers = new Array(count);
    var points = L.layerGroup().addTo(map);
    var highlight = L.circleMarker([0, 0], {radius: 12, color: "#000", weight: 3, fill: false,
                                            interactive: false, renderer: renderer});
    for (var i = 0; i < count; i++) {
        if (data.lat[i] === null) { continue; }
        markers[i] = L.circleMarker([data.lat[i], data.lon[i]], {
            renderer: renderer, radius: data.size[i] / 2, color: "#222", weight: 1.5,
            fillColor: config.colours[data.type[i]], fillOpacity: 0.85,
            dashArray: data.approx[i] ? "3 3" : null
        });
        markers[i].on("click", stepTo.bind(null, i));
    }

    // -- state ------------------------------------------------------------------------------------
    var state = {view: 0, step: -1, month: Math.max(0, months.length - 1), playing: null,
                 shown: new Uint8Array(count), visibleCount: 0, lastStepMs: 0};
    var members = [];  // the current view's incidents, in time order (indices into data)

    function currentView() { return config.views[state.view]; }
    function cumulative() { return $("cumulative").checked; }
    function inTime(i) {
        if (!months.length) { return true; }
        var start = data.start[i];
        if (start < 0) { return cumulative() && state.month === months.length - 1; }
        return cumulative() ? start <= state.month
                            : start <= state.month && state.month <= data.end[i];
    }

    // Only markers whose visibility changes are touched; the canvas redraws once per frame.
    function draw() {
        var wanted = new Uint8Array(count), shown = 0, killed = 0;
        members.forEach(function (i) {
            if (inTime(i)) { wanted[i] = 1; shown++; killed += data.killed[i]; }
        });
        for (var i = 0; i < count; i++) {
            if (wanted[i] === state.shown[i] || !markers[i]) { continue; }
            if (wanted[i]) { points.addLayer(markers[i]); } else { points.removeLayer(markers[i]); }
        }
        state.shown = wanted;
        state.visibleCount = shown;
        $("running-total").textContent = fill(S.running, {
            shown: numbers.format(shown), total: numbers.format(members.length),
            killed: numbers.format(killed)
        });
        $("month").value = String(state.month);
        $("month-label").textContent = months.length ? months[state.month] : S.noMonths;
        var bars = $("month-bars").children;
        for (var m = 0; m < bars.length; m++) {
            bars[m].classList.toggle("current", m === state.month);
            bars[m].classList.toggle("past", cumulative() && m < state.month);
        }
    }

    // The legend names the event types of the view only.
    function legend() {
        var present = new Set(members.map(function (i) { return data.type[i]; }));
        var types = $("legend-types");
        types.replaceChildren();
        config.types.forEach(function (type, index) {
            if (!present.has(index)) { return; }
            var item = document.createElement("li");
            var dot = document.createElement("span");
            dot.className = "dot";
            dot.style.background = config.colours[index];
            item.appendChild(dot);
            item.appendChild(document.createTextNode(type));
            types.appendChild(item);
        });
    }

    function monthBars() {
        var counts = months.map(function () { return 0; });
        members.forEach(function (i) { if (data.start[i] >= 0) { counts[data.start[i]]++; } });
        var most = Math.max.apply(null, counts.concat([1]));
        var box = $("month-bars");
        box.replaceChildren();
        counts.forEach(function (n, m) {
            var bar = document.createElement("div");
            bar.className = "bar";
            bar.style.height = (n ? 4 + 14 * n / most : 1) + "px";
            bar.title = months[m];
            bar.addEventListener("click", function () { setMonth(m); });
            box.appendChild(bar);
        });
    }

    // -- fitting into the part of the screen the panels leave free -------------------------------
    function freeArea() {
        var height = window.innerHeight;
        var card = $("card");
        return {
            top: $("title-bar").getBoundingClientRect().bottom + 8,
            left: $("legend").getBoundingClientRect().right + 8,
            right: (card.hidden ? 0 : window.innerWidth - card.getBoundingClientRect().left) + 56,
            bottom: height - $("bottom").getBoundingClientRect().top + 8
        };
    }
    function fitFree(bounds, animate) {
        var free = freeArea();
        map.fitBounds(bounds, {paddingTopLeft: [free.left, free.top], animate: !!animate,
                               paddingBottomRight: [free.right, free.bottom]});
    }
    function flyFree(latlng, zoom) {
        var free = freeArea();
        var target = Math.min(config.maxZoom, Math.max(zoom, map.getMinZoom()));
        var shift = L.point((free.right - free.left) / 2, (free.bottom - free.top) / 2);
        var centreAt = map.unproject(map.project(latlng, target).add(shift), target);
        map.flyTo(centreAt, target, {duration: 0.8});
    }
    function viewBounds() {
        var view = currentView();
        if (view.extent) { return boxBounds(view.extent); }
        return mali;
    }

    // -- the card -----------------------------------------------------------------------------------
    function showCard(i) {
        var card = config.cards[i];
        $("card").hidden = false;
        setText("card-position", fill(S.step, {index: numbers.format(state.step + 1),
                                              count: numbers.format(members.length)}));
        setText("card-title", card.title);
        setText("card-date", card.date);
        setText("card-place", markers[i] ? card.place : fill(S.placeNotDrawn, {place: card.place}));
        setText("card-type", card.type);
        list("card-figures", card.figures);
        setText("card-note", card.note);
        $("card-others").hidden = !card.others.length;
        $("card-others-title").textContent = S.otherSources;
        list("card-others-list", card.others);
        setText("card-quote", card.quote);
        setText("card-translation",
                card.translation ? fill(S.translation, {text: card.translation}) : "");
        setText("card-source", fill(S.source, {source: card.source}));
        $("card").scrollTop = 0;
    }

    function showTitle() {
        var view = currentView();
        var position = briefing ? fill(S.view, {index: numbers.format(state.view + 1),
                                                count: numbers.format(config.views.length)}) : "";
        setText("view-title", briefing
            ? fill(S.briefingTitle, {briefing: config.briefing, caption: view.caption})
            : view.title);
        setText("view-caption", briefing
            ? fill(S.briefingSubtitle, {position: position, description: view.title})
            : view.caption);
        $("back").href = view.back;
    }

    // -- steps ----------------------------------------------------------------------------------------
    function stepTo(i) {
        var index = members.indexOf(i);
        if (index >= 0) { setStep(index); }
    }
    function setStep(step) {
        var started = performance.now();
        state.step = step;
        if (step < 0) {
            $("card").hidden = true;
            map.removeLayer(highlight);
            state.month = Math.max(0, months.length - 1);
            draw();
            fitFree(viewBounds(), true);
        } else {
            var i = members[step];
            if (data.start[i] >= 0) { state.month = data.start[i]; }
            draw();
            showCard(i);
            if (markers[i]) {
                highlight.setLatLng(markers[i].getLatLng());
                highlight.setRadius(data.size[i] / 2 + 6);
                highlight.addTo(map);
                flyFree(markers[i].getLatLng(), Math.max(map.getZoom(), data.zoom[i]));
            } else {
                map.removeLayer(highlight);
                fitFree(viewBounds(), true);
            }
        }
        state.lastStepMs = performance.now() - started;
    }
    function setView(index) {
        var started = performance.now();
        state.view = index;
        var view = currentView();
        members = view.members || Array.from({length: count}, function (_, i) { return i; });
        state.step = -1;
        state.month = Math.max(0, months.length - 1);
        $("card").hidden = true;
        map.removeLayer(highlight);
        showTitle();
        legend();
        monthBars();
        draw();
        fitFree(viewBounds(), true);
        state.lastStepMs = performance.now() - started;
    }
    function next() {
        if (briefing) { if (state.view < config.views.length - 1) { setView(state.view + 1); } }
        else if (state.step < members.length - 1) { setStep(state.step + 1); }
    }
    function previous() {
        if (briefing) { if (state.view > 0) { setView(state.view - 1); } }
        else if (state.step >= 0) { setStep(state.step - 1); }
    }
    function first() { if (briefing) { setView(0); } else if (members.length) { setStep(0); } }
    function last() {
        if (briefing) { setView(config.views.length - 1); }
        else if (members.length) { setStep(members.length - 1); }
    }

    // -- playback -----------------------------------------------------------------------------------
    function setMonth(month) {
        state.month = Math.max(0, Math.min(months.length - 1, month));
        draw();
    }
    function pause() {
        clearInterval(state.playing);
        state.playing = null;
        $("play").textContent = S.play;
    }
    function play() {
        if (!months.length) { return; }
        if (state.month >= months.length - 1) { setMonth(0); }
        $("play").textContent = S.pause;
        state.playing = setInterval(function () {
            if (state.month >= months.length - 1) { pause(); return; }
            setMonth(state.month + 1);
        }, Number($("speed").value));
    }
    function togglePlay() { if (state.playing) { pause(); } else { play(); } }

    // -- leaving ----------------------------------------------------------------------------------------
    // The component's sandbox may not navigate the top page itself, but a link of the page may.
    function back() {
        var href = currentView().back;
        try {
            var page = window.parent.document;
            var link = page.createElement("a");
            link.href = href;
            page.body.appendChild(link);
            link.click();
        } catch (error) {
            window.open(href, "_blank");
        }
    }

    // -- keys (a clicker sends Page Down/Up) and buttons --------------------------------------------
    var actions = {ArrowRight: next, PageDown: next, ArrowLeft: previous, PageUp: previous,
                   " ": togglePlay, Home: first, End: last, Escape: back};
    function onKey(event) {
        var action = actions[event.key];
        if (!action || event.altKey || event.ctrlKey || event.metaKey) { return; }
        var tag = event.target && event.target.tagName;
        if (tag === "SELECT" || (tag === "INPUT" && event.target.type === "text")) { return; }
        event.preventDefault();
        action();
    }
    document.addEventListener("keydown", onKey);
    try {  // keys pressed while the page around the map has the focus
        window.parent.document.addEventListener("keydown", onKey);
        window.addEventListener("pagehide", function () {
            window.parent.document.removeEventListener("keydown", onKey);
        });
    } catch (error) { /* another origin: keys work once the map has the focus */ }

    $("next").addEventListener("click", next);
    $("previous").addEventListener("click", previous);
    $("play").addEventListener("click", togglePlay);
    $("speed").addEventListener("change", function () { if (state.playing) { pause(); play(); } });
    $("cumulative").addEventListener("change", draw);
    $("month").addEventListener("input", function () { setMonth(Number($("month").value)); });
    $("back").addEventListener("click", function (event) { event.preventDefault(); back(); });
    $("contrast").addEventListener("change", function () {
        document.body.classList.toggle("contrast-high", $("contrast").checked);
        regions.setStyle(baseStyle);
        cercles.setStyle(cercleStyle);
        rivers.setStyle(riverStyle);
    });
    L.DomEvent.disableClickPropagation($("bottom"));
    L.DomEvent.disableScrollPropagation($("card"));

    // -- start --------------------------------------------------------------------------------------------
    $("source-line").textContent = config.sourceLine;
    $("attribution").textContent = config.attribution;
    $("month").max = String(Math.max(0, months.length - 1));
    $("play").disabled = !months.length;
    $("play").textContent = S.play;

    map.fitBounds(mali, {animate: false});
    map.setMinZoom(map.getBoundsZoom(mali) - 0.5);
    setView(0);
    showLabels();
    map.on("resize", function () { map.setMinZoom(map.getBoundsZoom(mali) - 0.5); });

    // For the browser tests and the benchmark.
    window.presenter = {map: map, state: state, next: next, previous: previous, play: play,
                        pause: pause, setMonth: setMonth, members: function () { return members; },
                        drawnMarkers: function () { return points.getLayers().length; }};
}());
