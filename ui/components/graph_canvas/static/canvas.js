// The app's graph canvas: cytoscape.js (vendored beside this file) speaking Streamlit's component
// protocol with plain postMessage. Python sends the elements with their positions (computed there,
// deterministically), the language's words and the label sizes; this draws them at once (no layout
// animation) and sends back what the user did: select, expand, remove.
// Everything drawn comes from documents: it goes to the page only as canvas labels or textContent.
(function () {
  "use strict";

  var state = {
    args: null,          // the last arguments rendered
    signature: null,     // their elements, as JSON: an identical rerun changes nothing
    fromPython: {},      // id -> the position Python last sent (a node the user dragged stays put)
    allNames: false,     // the "all names" toggle
    height: 0,
    timer: null,
    hovered: null,
  };

  function post(type, extra) {
    var msg = { isStreamlitMessage: true, type: type };
    for (var k in extra || {}) msg[k] = extra[k];
    window.parent.postMessage(msg, "*");
  }

  // Sends are debounced: a double-click taps twice before it expands, and only the expand is sent.
  function emit(action, data) {
    clearTimeout(state.timer);
    state.timer = setTimeout(function () {
      post("streamlit:setComponentValue", {
        value: { action: action, data: data, timestamp: Date.now() }, dataType: "json" });
    }, 120);
  }

  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: [],
    layout: { name: "preset" },
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    selectionType: "single",
    wheelSensitivity: 0.3,
  });
  window.cy = cy;  // for the browser tests and the benchmark

  function opt(name, fallback) {
    var a = state.args || {};
    return a[name] === undefined || a[name] === null ? fallback : a[name];
  }

  // Cytoscape sizes text in model units: dividing by the zoom keeps labels at the same size on screen.
  function styles() {
    var z = cy.zoom();
    var px = opt("font_px", 14), epx = opt("edge_font_px", 11);
    var maxDegree = Math.max(1, opt("max_degree", 1));
    // size by degree, 22 to 64 model units, and never under 10 px on screen (a big picture's dots)
    var size = function (ele) { return Math.max(22 + 42 * Math.min(ele.data("degree") / maxDegree, 1), 10 / z); };
    var css = [
      { selector: "node", style: {
        "label": "", "width": size, "height": size, "background-color": "#444",
        "font-family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif',
        "font-size": px / z, "min-zoomed-font-size": 0, "color": "#1f1f1f",
        "text-valign": "bottom", "text-halign": "center", "text-margin-y": 3 / z,
        "text-outline-color": "#ffffff", "text-outline-width": Math.max(1.5, px / 8) / z, "text-outline-opacity": 0.9,
        "border-width": 0 } },
      { selector: "edge", style: {
        "label": "", "width": 1.6 / Math.max(z, 0.5), "curve-style": "bezier", "line-color": "#b0b0b0",
        "target-arrow-color": "#b0b0b0", "target-arrow-shape": "triangle", "arrow-scale": 1.1,
        "font-size": epx / z, "min-zoomed-font-size": 0, "color": "#444", "text-rotation": "autorotate",
        "text-outline-color": "#ffffff", "text-outline-width": Math.max(1.5, epx / 8) / z,
        "font-family": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif' } },
    ];
    var colours = opt("colours", {}), edgeColours = opt("edge_colours", {});
    Object.keys(colours).forEach(function (label) {
      css.push({ selector: 'node[label = "' + label + '"]', style: { "background-color": colours[label] } });
    });
    Object.keys(edgeColours).forEach(function (type) {
      css.push({ selector: 'edge[label = "' + type + '"]',
                 style: { "line-color": edgeColours[type], "target-arrow-color": edgeColours[type] } });
    });
    css.push(
      { selector: "node.top, node.near, node.all", style: { "label": "data(short)" } },
      { selector: "node:selected", style: { "border-width": 3 / z, "border-color": "#111", "label": "data(short)" } },
      { selector: "node.hover", style: { "label": "data(caption)", "z-index": 20 } },
      { selector: "edge.cap, edge.all", style: { "label": "data(display)" } },
      { selector: "edge:selected", style: { "width": 3.5 / Math.max(z, 0.5), "label": "data(display)",
                                             "line-color": "#111", "target-arrow-color": "#111" } },
      { selector: ".faded", style: { "opacity": 0.35 } }
    );
    return css;
  }

  var restyling = false;
  function restyle() {
    if (restyling) return;
    restyling = true;
    requestAnimationFrame(function () { restyling = false; cy.style().fromJson(styles()).update(); markLabels(); });
  }
  cy.on("zoom", restyle);

  // Which labels show: the selection, always; then the selection's
  // neighbours and the highest-degree nodes (all of a small graph), best connected first, each only
  // where its name does not cover a name already placed (nor a named node's dot). Names are a fixed
  // size on screen, so what fits depends on the zoom: this runs again after every zoom, and zooming in
  // names more. *Show all names* names every one.
  var measurer = document.createElement("canvas").getContext("2d");
  var widths = {};
  function textWidth(text, px) {
    var k = px + "|" + text;
    if (widths[k] === undefined) {
      measurer.font = px + 'px "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
      widths[k] = measurer.measureText(text).width;
    }
    return widths[k];
  }

  // Where a node's name would be drawn, on screen: centred under the node (text-valign bottom).
  function labelBox(n) {
    var px = opt("font_px", 14), pad = 2 + Math.max(1.5, px / 8);
    var p = n.renderedPosition(), half = n.renderedOuterHeight() / 2;
    var w = textWidth(String(n.data("short") || ""), px) + 2 * pad;
    var top = p.y + half + 3 - pad / 2;
    return { x1: p.x - w / 2, x2: p.x + w / 2, y1: top, y2: top + px * 1.3 + pad };
  }

  function dotBox(n) {
    var p = n.renderedPosition(), half = n.renderedOuterWidth() / 2;
    return { x1: p.x - half, x2: p.x + half, y1: p.y - half, y2: p.y + half };
  }

  function collides(b, placed) {
    for (var i = 0; i < placed.length; i++) {
      var o = placed[i];
      if (b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2) return true;
    }
    return false;
  }

  // The names to draw, in order of priority, from `always` (drawn whatever they cover) and
  // `wanted` (drawn where they fit). Exposed for the tests as window.chooseLabels.
  function chooseLabels(always, wanted) {
    var placed = [], chosen = [], seen = {};
    always.forEach(function (n) {
      if (seen[n.id()]) return;
      seen[n.id()] = true;
      chosen.push(n);
      placed.push(labelBox(n), dotBox(n));
    });
    wanted.forEach(function (n) {
      if (seen[n.id()]) return;
      seen[n.id()] = true;
      var b = labelBox(n);
      if (collides(b, placed)) return;
      chosen.push(n);
      placed.push(b, dotBox(n));
    });
    return chosen;
  }
  window.chooseLabels = chooseLabels;

  function byDegree(a, b) {
    return (b.data("degree") - a.data("degree")) || (a.data("caption") < b.data("caption") ? -1 : 1);
  }

  function markLabels() {
    var nodes = cy.nodes(), edges = cy.edges();
    var top = opt("top_labels", 15), allBelow = opt("all_labels_below", 25);
    var ranked = nodes.toArray().sort(byDegree);
    // the selection (a selected edge's two ends), whatever they cover; the node under the pointer
    // shows its whole name on top of the others (.hover) and moves no other name
    var always = cy.$("node:selected").union(cy.$("edge:selected").connectedNodes()).toArray().sort(byDegree);
    var near = cy.$("node:selected").neighborhood().nodes();
    var wanted = near.toArray().sort(byDegree).concat(nodes.length <= allBelow ? ranked : ranked.slice(0, top));
    var chosen = chooseLabels(always, wanted);
    cy.batch(function () {
      nodes.removeClass("top near");
      chosen.forEach(function (n) { n.addClass("top"); });
      nodes.toggleClass("all", state.allNames);
      edges.toggleClass("all", state.allNames || edges.length <= opt("edge_captions_below", 20));
      markNear();
    });
  }

  function markNear() {
    cy.edges().removeClass("cap");
    cy.$(":selected").forEach(function (e) {
      if (e.isNode()) e.connectedEdges().addClass("cap"); else e.addClass("cap");
    });
    if (state.hovered && state.hovered.inside() && state.hovered.isNode()) state.hovered.connectedEdges().addClass("cap");
  }

  function setHeight(h) {
    document.getElementById("wrap").style.height = h + "px";
    if (h !== state.height) {
      state.height = h;
      cy.resize();
      post("streamlit:setFrameHeight", { height: h + 2 });
      return true;
    }
    return false;
  }

  // In presentation (and on Explore) the canvas takes what is left of the screen below it. Its top is
  // measured from the top of the page, not of the window: scrolled down, the canvas must not grow.
  function wantedHeight() {
    var h = opt("height", 560);
    if (opt("fit_screen", false)) {
      try {
        var top = window.frameElement.getBoundingClientRect().top;
        for (var el = window.frameElement.parentElement; el; el = el.parentElement) top += el.scrollTop || 0;
        var room = Math.floor(window.parent.innerHeight - top - 16);
        if (room >= 320) h = room;
      } catch (e) { /* not reachable: keep the height asked for */ }
    }
    return h;
  }

  function fit() {
    if (!cy.nodes().length) return;
    cy.fit(cy.elements(), 40);
    if (cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(); }
  }

  function insideView() {
    var bb = cy.elements().boundingBox(), ex = cy.extent();
    return bb.x1 >= ex.x1 && bb.x2 <= ex.x2 && bb.y1 >= ex.y1 && bb.y2 <= ex.y2;
  }

  function render(args) {
    var words = args.words || {};
    document.getElementById("fit").textContent = words.fit || "";
    var all = document.getElementById("all");
    all.textContent = words.all_names || "";
    var els = args.elements || { nodes: [], edges: [] };
    var signature = JSON.stringify([els, args.layout, args.font_px, args.edge_font_px]);
    state.args = args;
    var resized = setHeight(wantedHeight());
    if (signature === state.signature) {
      if (resized) fit();
      return;
    }
    state.signature = signature;
    var wanted = {};
    els.nodes.forEach(function (n) { wanted[n.data.id] = true; });
    els.edges.forEach(function (e) { wanted[e.data.id] = true; });
    var kept = 0, added = [];
    cy.batch(function () {
      cy.elements().forEach(function (e) { if (!wanted[e.id()]) e.remove(); });
      els.nodes.forEach(function (n) {
        var id = n.data.id, old = cy.getElementById(id), p = n.position;
        if (old.nonempty()) {
          kept += 1;
          old.data(n.data);
          var last = state.fromPython[id];
          if (p && (!last || Math.abs(last.x - p.x) + Math.abs(last.y - p.y) > 0.01)) old.position({ x: p.x, y: p.y });
        } else {
          added.push(cy.add({ group: "nodes", data: n.data, position: p ? { x: p.x, y: p.y } : { x: 0, y: 0 } }));
        }
        state.fromPython[id] = p ? { x: p.x, y: p.y } : null;
      });
      els.edges.forEach(function (e) {
        var old = cy.getElementById(e.data.id);
        if (old.nonempty()) old.data(e.data); else cy.add({ group: "edges", data: e.data });
      });
    });
    Object.keys(state.fromPython).forEach(function (id) { if (!wanted[id]) delete state.fromPython[id]; });
    if (args.layout && args.layout !== "preset") {
      cy.layout({ name: args.layout, animate: false, fit: false, padding: 40 }).run();
    }
    cy.style().fromJson(styles()).update();
    if (!kept || resized || !insideView()) fit();
    markLabels();
    restyle();
  }

  cy.on("tap", "node, edge", function (ev) {
    var t = ev.target;
    emit("select", { type: "tap", target_id: t.id(), target_group: t.group() });
  });
  cy.on("select unselect", function () { markLabels(); });
  cy.on("dragfree", "node", function () { markLabels(); });
  cy.on("dbltap", "node", function (ev) {
    if (!opt("actions", false)) return;
    emit("expand", { node_ids: [ev.target.id()] });
  });
  // cytoscape keeps the pointer's default action, focus included: without this, Delete goes to the page
  cy.on("tapstart", function () { window.focus(); });
  document.addEventListener("keydown", function (ev) {
    if (!opt("actions", false) || (ev.key !== "Delete" && ev.key !== "Backspace")) return;
    var gone = cy.$("node:selected");
    if (!gone.length) return;
    var ids = gone.map(function (n) { return n.id(); });
    gone.remove();
    emit("remove", { node_ids: ids });
  });

  // Hover: the full name (a label may be shortened) in a tooltip written as text, never as HTML.
  var tip = document.getElementById("tip");
  cy.on("mouseover", "node, edge", function (ev) {
    var t = ev.target;
    state.hovered = t;
    t.addClass("hover");
    markNear();
    tip.textContent = t.isNode() ? t.data("caption") : t.data("display");
    tip.style.display = "block";
  });
  cy.on("mousemove", function (ev) {
    if (tip.style.display !== "block") return;
    var p = ev.renderedPosition || { x: 0, y: 0 };
    tip.style.left = Math.min(p.x + 14, Math.max(0, cy.width() - tip.offsetWidth - 4)) + "px";
    tip.style.top = (p.y + 16) + "px";
  });
  cy.on("mouseout", "node, edge", function (ev) {
    ev.target.removeClass("hover");
    state.hovered = null;
    markNear();
    tip.style.display = "none";
  });

  document.getElementById("fit").addEventListener("click", fit);
  document.getElementById("all").addEventListener("click", function () {
    state.allNames = !state.allNames;
    this.setAttribute("aria-pressed", String(state.allNames));
    markLabels();
  });

  window.addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === "streamlit:render") render(ev.data.args || {});
  });
  window.addEventListener("resize", function () { cy.resize(); });
  // What sits above the canvas may still be growing when it is first drawn (a caption, tabs): in
  // presentation the room below is measured again for a while.
  var checks = 0;
  var recheck = setInterval(function () {
    if (++checks > 20) { clearInterval(recheck); return; }
    if (state.args && opt("fit_screen", false) && Math.abs(wantedHeight() - state.height) > 8 &&
        setHeight(wantedHeight())) fit();
  }, 500);
  post("streamlit:componentReady", { apiVersion: 1 });
})();
