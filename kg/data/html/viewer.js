/* kg viewer: draws the graph from the JSON block with vis-network.
 * All graph text reaches the page through textContent / DOM text nodes, never as markup.
 * window.kgView is a small API used by the browser tests and handy from the console. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = new Map();
  data.nodes.forEach(function (n) { byId.set(n.id, n); });
  var edgeById = new Map();
  var incident = new Map();   // node id -> edges touching it
  data.nodes.forEach(function (n) { incident.set(n.id, []); });
  data.edges.forEach(function (e) {
    edgeById.set(e.id, e);
    incident.get(e.from).push(e);
    if (e.to !== e.from) { incident.get(e.to).push(e); }
  });
  var typeInfo = new Map();
  data.types.forEach(function (t) { typeInfo.set(t.type, t); });
  var relInfo = new Map();
  data.relations.forEach(function (r) { relInfo.set(r.relation, r); });

  var typeOn = new Map(), relOn = new Map();
  data.types.forEach(function (t) { typeOn.set(t.type, true); });
  data.relations.forEach(function (r) { relOn.set(r.relation, true); });

  var big = data.nodes.length > 800;
  // what is shown: type and relation filters, the sliders, the isolated toggle;
  // an entity the user searched for or opened is shown whatever the sliders say
  var show = { isolated: !data.hideIsolated, minDegree: 0, minConfidence: 0 };
  var forced = new Set();
  function nodeShown(n) {
    if (typeOn.get(n.type) === false) { return false; }
    if (forced.has(n.id)) { return true; }
    if (n.degree === 0 && !show.isolated) { return false; }
    return n.degree >= show.minDegree && n.confidence >= show.minConfidence;
  }
  function edgeShown(e) {
    return relOn.get(e.relation) !== false && e.confidence >= show.minConfidence &&
      nodeShown(byId.get(e.from)) && nodeShown(byId.get(e.to));
  }
  var nodesDS = new vis.DataSet();
  var edgesDS = new vis.DataSet();
  var loadedNodes = new Set(), loadedEdges = new Set();  // DataSet.get copies: slow in loops
  var nodesView = new vis.DataView(nodesDS, {
    filter: function (n) { return nodeShown(byId.get(n.id)); }
  });
  var edgesView = new vis.DataView(edgesDS, {
    filter: function (e) { return edgeShown(edgeById.get(e.id)); }
  });

  function shortLabel(s) { return s.length > 18 ? s.slice(0, 17) + "…" : s; }
  // community colours (Tableau 10); small communities stay grey
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6"];
  var colourBy = "type";
  function nodeColour(n) {
    var c;
    if (colourBy === "community" && n.community !== undefined) {
      c = n.community < PALETTE.length && n.degree > 0 ? PALETTE[n.community] : "#c8ccd0";
    } else {
      c = (typeInfo.get(n.type) || { color: "#bdc3c7" }).color;
    }
    return { background: c, border: c, highlight: { background: c, border: "#222" },
      hover: { background: c, border: "#222" } };
  }
  // on big graphs only the top entities keep a label (at a readable size at any zoom);
  // the others show theirs while hovered
  var labelSize = 14;
  function labelFont() { return { size: Math.round(labelSize) }; }
  function visNode(n, pos) {
    var v = { id: n.id, label: n.labelled ? shortLabel(n.label) : "", kgType: n.type, shape: "dot",
      value: data.sizeBy === "mentions" ? Math.max(1, n.mentions) : Math.max(1, n.degree),
      color: nodeColour(n) };
    if (data.layout) { v.font = labelFont(); }
    if (pos) { v.x = pos.x; v.y = pos.y; }
    else if (data.layout) { v.x = n.x; v.y = n.y; }
    return v;
  }
  // On a laid-out graph only the relations of the selected entity carry labels:
  // drawing thousands of edge labels costs seconds a frame.
  function visEdge(e) {
    var v = { id: e.id, from: e.from, to: e.to, label: data.layout ? "" : e.label,
      kgRelation: e.relation,
      smooth: e.smooth || { enabled: false } };
    if (e.selfReference) { v.selfReference = e.selfReference; }
    return v;
  }

  // Load nodes into the DataSets (and every edge whose ends are both loaded).
  function load(ids, positions) {
    var fresh = ids.filter(function (id) { return byId.has(id) && !loadedNodes.has(id); });
    if (!fresh.length) { return 0; }
    fresh.forEach(function (id) { loadedNodes.add(id); });
    nodesDS.add(fresh.map(function (id) {
      return visNode(byId.get(id), positions && positions.get(id));
    }));
    var newEdges = [], seen = new Set();
    fresh.forEach(function (id) {
      incident.get(id).forEach(function (e) {
        if (seen.has(e.id) || loadedEdges.has(e.id)) { return; }
        if (loadedNodes.has(e.from) && loadedNodes.has(e.to)) {
          seen.add(e.id); newEdges.push(visEdge(e));
        }
      });
    });
    newEdges.forEach(function (e) { loadedEdges.add(e.id); });
    edgesDS.add(newEdges);
    updateStatus();
    return fresh.length;
  }

  var container = document.getElementById("kg-network");
  var FONT_FACE = getComputedStyle(document.body).fontFamily;
  var iterations = data.initial.length > 1000 ? 120 : data.initial.length > 300 ? 200 : 300;
  var options = {
    autoResize: true,
    layout: { improvedLayout: data.initial.length <= 150, randomSeed: 7 },
    nodes: {
      shape: "dot",
      scaling: { min: 8, max: 36,
        label: { enabled: !data.layout, min: 12, max: 20, drawThreshold: data.layout ? 0 : 5 } },
      font: { face: FONT_FACE, size: 14, color: "#222", strokeWidth: 3, strokeColor: "#fff" },
      borderWidth: 1
    },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#9aa5b1", highlight: "#34495e", hover: "#34495e", inherit: false },
      font: { face: FONT_FACE, size: 11, align: "middle", color: "#555", strokeWidth: 3, strokeColor: "#fff" },
      // edge labels only once zoomed in: drawing thousands of them costs ~1 s a frame
      scaling: { label: { enabled: true, drawThreshold: 9 } },
      width: 1, selectionWidth: 2, hoverWidth: 1.5
    },
    physics: {
      // a laid-out graph (positions computed by kg with ForceAtlas2) starts still
      enabled: !data.layout, solver: "barnesHut",
      // strong central gravity keeps unlinked entities near the rest, so the fit stays legible
      barnesHut: { gravitationalConstant: -2500, centralGravity: data.nodes.length > 50 ? 0.8 : 0.3,
        springLength: data.nodes.length > 50 ? 110 : 150, springConstant: 0.04, damping: 0.25, avoidOverlap: 0.2 },
      stabilization: { enabled: !data.layout, iterations: iterations, updateInterval: 25, fit: true },
      minVelocity: 1
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      multiselect: false, navigationButtons: false, keyboard: false }
  };

  data.initial.forEach(function (id) { if (data.focus === id) { forced.add(id); } });
  load(data.initial);
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);

  var api = {
    network: network, nodes: nodesDS, edges: edgesDS,
    ready: false, stabilized: false, stabilizeMs: null, readyMs: null, errors: [],
    cjkFont: null, glyphsDiffer: glyphsDiffer, physics: setPhysics,
    setShowIsolated: function (on) { setShow("isolated", !!on); },
    setMinDegree: function (k) { setShow("minDegree", Number(k)); },
    setMinConfidence: function (c) { setShow("minConfidence", Number(c)); },
    setColour: function (by) { setColour(by); },
    labelled: function () {
      return nodesView.getIds().filter(function (id) { return byId.get(id).labelled; });
    },
    relationsShown: function () {
      return Array.prototype.map.call(card.querySelectorAll(".kg-rel"), function (li) {
        return li.dataset.edge; });
    },
    edgeConfidence: function (id) { return edgeById.get(id).confidence; },
    openNode: function (id) { if (!byId.has(id)) { return false; } pinned = true; nodeCard(id); return true; },
    totalNodes: data.nodes.length, totalEdges: data.edges.length,
    nodeCount: function () { return network.body.data.nodes.length; },
    edgeCount: function () { return network.body.data.edges.length; },
    loadedNodeCount: function () { return nodesDS.length; },
    types: function () { return data.types.map(function (t) { return t.type; }); },
    search: search, expand: expand, showAll: showAll, select: select,
    showEdge: function (id) { if (!edgeById.has(id)) { return false; } pinned = true; edgeCard(id); return true; },
    selected: function () { return network.getSelectedNodes(); },
    setTypeFilter: function (type, on) { setFilter("type", type, on); },
    setRelationFilter: function (rel, on) { setFilter("relation", rel, on); },
    cardText: function () { var c = document.getElementById("kg-card"); return c.hidden ? "" : c.textContent; }
  };
  window.kgView = api;
  var t0 = performance.now();

  // Physics lays the graph out, then stops: dragging stays cheap on big graphs.
  function settle() {
    if (!network.physics.options.enabled) { return; }
    network.setOptions({ physics: { enabled: false } });
    api.stabilized = true;
    if (api.stabilizeMs === null) { api.stabilizeMs = performance.now() - t0; }
    updateStatus();
    if (data.focus && !api.focused) { api.focused = true; select(data.focus, true); }
  }
  network.on("stabilizationProgress", function (p) {
    setStatus("布局中 " + Math.round(100 * p.iterations / p.total) + "%");
  });
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);
  network.once("afterDrawing", function () {
    api.ready = true; api.readyMs = performance.now();  // since navigation started
  });
  if (!data.initial.length) { api.stabilized = true; api.stabilizeMs = 0; api.ready = true; }
  if (data.layout) {
    api.stabilized = true; api.stabilizeMs = 0;
    fitMain();
  }
  network.on("zoom", scaleLabels);

  // the biggest connected component fills the first screen
  function fitMain() {
    var ids = nodesView.getIds().filter(function (id) { return byId.get(id).main; });
    network.fit({ nodes: ids.length ? ids : nodesView.getIds(), animation: false });
    scaleLabels();
  }
  // keep always-on labels ~14 px on screen when zoomed out
  function scaleLabels() {
    if (!data.layout) { return; }
    var size = 14 / Math.min(1, Math.max(0.02, network.getScale()));
    if (Math.abs(size - labelSize) / labelSize < 0.1) { return; }
    labelSize = size;
    var font = labelFont();
    nodesDS.update(nodesDS.getIds({ filter: function (v) { return v.label !== ""; } })
      .map(function (id) { return { id: id, font: font }; }));
  }

  function relayout(iters) {
    if (data.layout) { return; }  // positions are known: nothing to settle
    api.stabilized = false;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(iters);
  }
  // the "run layout" button: physics on until pressed again
  var physicsButton = document.getElementById("kg-physics");
  function setPhysics(on) {
    network.setOptions({ physics: { enabled: !!on, stabilization: { enabled: false } } });
    physicsButton.textContent = on ? "停止布局" : "运行布局";
    physicsButton.setAttribute("aria-pressed", on ? "true" : "false");
  }
  physicsButton.addEventListener("click", function () {
    setPhysics(!network.physics.options.enabled);
  });

  // ---- status line, legend, relation filters -------------------------------
  function setStatus(text) { document.getElementById("kg-status").textContent = text; }
  function updateStatus() {
    if (!window.kgView) { return; }
    updateCardAfterFilter();
    setStatus("显示 " + api.nodeCount() + " / " + data.nodes.length + " 个实体，" +
      api.edgeCount() + " / " + data.edges.length + " 条关系");
    document.getElementById("kg-show-all").hidden = nodesDS.length >= data.nodes.length;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function filterItem(kind, key, text, count, color) {
    var li = el("li"); li.dataset[kind] = key;
    var label = el("label");
    var box = el("input"); box.type = "checkbox"; box.checked = true;
    box.dataset.kind = kind; box.value = key;
    box.addEventListener("change", function () { setFilter(kind, key, box.checked); });
    label.appendChild(box);
    if (color) { var sw = el("span", null, "kg-swatch"); sw.style.background = color; label.appendChild(sw); }
    label.appendChild(el("span", text, "kg-name"));
    label.appendChild(el("span", count, "kg-count"));
    li.appendChild(label);
    return li;
  }
  var legend = document.getElementById("kg-legend");
  data.types.forEach(function (t) {
    legend.appendChild(filterItem("type", t.type, t.label, t.count, t.color));
  });
  var rels = document.getElementById("kg-relations");
  data.relations.forEach(function (r) {
    rels.appendChild(filterItem("relation", r.relation, r.label, r.count, null));
  });

  function setFilter(kind, key, on) {
    var map = kind === "type" ? typeOn : relOn;
    if (!map.has(key)) { return false; }
    map.set(key, !!on);
    var box = document.querySelector('input[data-kind="' + kind + '"][value="' + CSS.escape(key) + '"]');
    if (box) { box.checked = !!on; }
    refresh();
    return true;
  }
  function refresh() { nodesView.refresh(); edgesView.refresh(); updateStatus(); }

  // ---- isolated toggle, sliders, colouring ------------------------------------
  var isolatedBox = document.getElementById("kg-isolated");
  var degreeSlider = document.getElementById("kg-min-degree");
  var confSlider = document.getElementById("kg-min-confidence");
  var isolatedCount = data.nodes.filter(function (n) { return n.degree === 0; }).length;
  document.getElementById("kg-isolated-count").textContent = String(isolatedCount);
  isolatedBox.checked = show.isolated;
  degreeSlider.max = String(Math.max(1, Math.min(20, data.nodes.reduce(function (m, n) {
    return Math.max(m, n.degree); }, 0))));
  function setShow(key, value) {
    show[key] = value;
    forced.clear();
    if (key === "isolated" && value && data.layout) {  // their places are known: load them
      loadPlaced(data.nodes.filter(function (n) { return n.degree === 0; })
        .map(function (n) { return n.id; }));
    }
    isolatedBox.checked = show.isolated;
    degreeSlider.value = String(show.minDegree);
    confSlider.value = String(show.minConfidence);
    document.getElementById("kg-min-degree-value").textContent = String(show.minDegree);
    document.getElementById("kg-min-confidence-value").textContent = show.minConfidence.toFixed(2);
    refresh();
  }
  isolatedBox.addEventListener("change", function () { setShow("isolated", isolatedBox.checked); });
  degreeSlider.addEventListener("input", function () { setShow("minDegree", Number(degreeSlider.value)); });
  confSlider.addEventListener("input", function () { setShow("minConfidence", Number(confSlider.value)); });
  var colourSelect = document.getElementById("kg-colour");
  colourSelect.disabled = !data.layout;
  function setColour(by) {
    colourBy = by === "community" && data.layout ? "community" : "type";
    colourSelect.value = colourBy;
    nodesDS.update(nodesDS.getIds().map(function (id) {
      return { id: id, color: nodeColour(byId.get(id)) }; }));
  }
  colourSelect.addEventListener("change", function () { setColour(colourSelect.value); });

  // ---- entity / relation card ------------------------------------------------
  var card = document.getElementById("kg-card");
  var pinned = false;
  function row(dl, name, value, cls) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", name));
    dl.appendChild(el("dd", value, cls));
  }
  function nodeCard(id) {
    var n = byId.get(id); if (!n) { return; }
    var t = typeInfo.get(n.type);
    card.replaceChildren();
    card.appendChild(el("h3", n.label));
    var dl = el("dl");
    row(dl, "类型", (t ? t.label : n.type) + " (" + n.type + ")");
    row(dl, "别名", n.aliases.join("、") || "—");
    row(dl, "提及", n.mentions);
    row(dl, "文档", n.docs);
    row(dl, "关系数", n.degree);
    Object.keys(n.extra).forEach(function (k) { row(dl, k, n.extra[k]); });
    row(dl, "ID", n.id);
    card.appendChild(dl);
    relationList(n);
    card.dataset.kind = "node"; card.dataset.id = id;
    card.hidden = false;
  }
  // the entity's relations, strongest first: predicate, the other end (a link), evidence, source
  var CARD_RELATIONS = 50;
  function relationList(n) {
    var list = incident.get(n.id).slice().sort(function (a, b) {
      return b.confidence - a.confidence || (a.id < b.id ? -1 : 1); });
    if (!list.length) { return; }
    card.appendChild(el("h4", "关系 (" + list.length + ")"));
    var ul = el("ul", null, "kg-rels");
    list.slice(0, CARD_RELATIONS).forEach(function (e) {
      var out = e.from === n.id, other = byId.get(out ? e.to : e.from);
      var li = el("li", null, "kg-rel"); li.dataset.edge = e.id;
      var head = el("div");
      head.appendChild(el("span", out ? e.label + " → " : "← " + e.label + " ", "kg-pred"));
      var link = el("a", other.label, "kg-link"); link.href = "#"; link.dataset.node = other.id;
      link.addEventListener("click", function (ev) { ev.preventDefault(); select(other.id, true); });
      head.appendChild(link);
      if (e.title) { head.appendChild(el("span", " (" + e.title + ")", "kg-pred")); }
      li.appendChild(head);
      if (e.sentence) { li.appendChild(el("div", e.sentence, "kg-evidence")); }
      li.appendChild(el("div", "来源：" + e.doc + (e.start !== "" ? " @" + e.start : ""), "kg-source"));
      ul.appendChild(li);
    });
    card.appendChild(ul);
    if (list.length > CARD_RELATIONS) {
      card.appendChild(el("p", "另有 " + (list.length - CARD_RELATIONS) + " 条关系未列出", "kg-hint"));
    }
  }
  // a card whose entity or relation is filtered out closes
  function updateCardAfterFilter() {
    if (card.hidden) { return; }
    var id = card.dataset.id;
    var gone = card.dataset.kind === "node" ? !nodesView.get(id) : !edgesView.get(id);
    if (gone) { pinned = false; hideCard(); }
  }
  function edgeCard(id) {
    var e = edgeById.get(id); if (!e) { return; }
    var r = relInfo.get(e.relation);
    card.replaceChildren();
    card.appendChild(el("h3", byId.get(e.from).label + " → " + e.label + " → " + byId.get(e.to).label));
    var dl = el("dl");
    row(dl, "关系", (r ? r.label : e.relation) + " (" + e.relation + ")");
    row(dl, "职务", e.title);
    row(dl, "证据", e.sentence, "kg-evidence");
    row(dl, "来源", e.doc);
    if (e.start !== "" && e.end !== "") { row(dl, "位置", e.start + "–" + e.end); }
    row(dl, "规则", e.rule);
    row(dl, "置信度", e.confidence);
    card.appendChild(dl);
    card.dataset.kind = "edge"; card.dataset.id = id;
    card.hidden = false;
  }
  function hideCard() { card.hidden = true; card.replaceChildren(); }

  var hoverLabel = null;
  network.on("hoverNode", function (p) {
    if (data.layout && !byId.get(p.node).labelled) {
      hoverLabel = p.node;
      nodesDS.update({ id: p.node, label: shortLabel(byId.get(p.node).label), font: labelFont() });
    }
    if (!pinned) { nodeCard(p.node); }
  });
  network.on("blurNode", function (p) {
    if (hoverLabel === p.node && nodesDS.get(p.node)) { nodesDS.update({ id: p.node, label: "" }); }
    hoverLabel = null;
  });
  network.on("hoverEdge", function (p) { if (!pinned) { edgeCard(p.edge); } });
  network.on("blurNode", function () { if (!pinned) { hideCard(); } });
  network.on("blurEdge", function () { if (!pinned) { hideCard(); } });
  var edgeLabelsOf = null;
  function labelEdgesOf(id) {
    if (!data.layout || edgeLabelsOf === id) { return; }
    var ups = [];
    [edgeLabelsOf, id].forEach(function (node, on) {
      if (node === null || !byId.has(node)) { return; }
      incident.get(node).forEach(function (e) {
        if (loadedEdges.has(e.id)) { ups.push({ id: e.id, label: on ? e.label : "" }); }
      });
    });
    edgeLabelsOf = id;
    edgesDS.update(ups);
  }
  network.on("select", function (p) { labelEdgesOf(p.nodes.length ? p.nodes[0] : null); });
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = true; nodeCard(p.nodes[0]); }
    else if (p.edges.length) { pinned = true; edgeCard(p.edges[0]); }
    else { pinned = false; hideCard(); }
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });

  // ---- select, search, expand ------------------------------------------------
  function select(id, animate) {
    if (!byId.has(id)) { return false; }
    var n = byId.get(id);
    if (!nodeShown(n)) { forced.add(id); refresh(); }
    if (!nodesDS.get(id)) { expand(id); }
    if (typeOn.get(n.type) === false) { setFilter("type", n.type, true); }
    network.selectNodes([id]);
    labelEdgesOf(id);
    network.focus(id, { scale: 1.2, animation: animate ? { duration: 400 } : false });
    pinned = true; nodeCard(id);
    return true;
  }

  function norm(s) { return String(s).trim().toLowerCase(); }
  function find(q) {
    q = norm(q); if (!q) { return null; }
    var tiers = [[], [], [], []];
    data.nodes.forEach(function (n) {
      var label = norm(n.label), aliases = n.aliases.map(norm);
      if (label === q || norm(n.id) === q) { tiers[0].push(n); }
      else if (aliases.indexOf(q) >= 0) { tiers[1].push(n); }
      else if (label.indexOf(q) >= 0) { tiers[2].push(n); }
      else if (aliases.some(function (a) { return a.indexOf(q) >= 0; })) { tiers[3].push(n); }
    });
    for (var i = 0; i < tiers.length; i++) {
      if (tiers[i].length) {
        tiers[i].sort(function (a, b) { return b.degree - a.degree; });
        return tiers[i][0].id;
      }
    }
    return null;
  }
  function search(q) {
    var id = find(q);
    if (id === null) { setStatus("未找到：" + q); return null; }
    select(id, true);
    return id;
  }

  function expand(id) {
    if (!byId.has(id)) { return 0; }
    var centre = nodesDS.get(id) ? network.getPosition(id) : null;
    var ids = [id];
    incident.get(id).forEach(function (e) { ids.push(e.from === id ? e.to : e.from); });
    var fresh = ids.filter(function (x) { return !nodesDS.get(x); });
    var pos = new Map();
    if (centre && !data.layout) {
      fresh.forEach(function (x, i) {
        var a = 2 * Math.PI * i / Math.max(1, fresh.length), r = 90 + 4 * fresh.length;
        pos.set(x, { x: centre.x + r * Math.cos(a), y: centre.y + r * Math.sin(a) });
      });
    }
    var added = load(ids, pos);
    if (added && !centre) { relayout(80); }
    scaleLabels();
    return added;
  }

  function showAll() {
    var rest = data.nodes.filter(function (n) { return !loadedNodes.has(n.id); })
      .map(function (n) { return n.id; });
    if (!rest.length) { return 0; }
    if (data.layout) { return loadPlaced(rest); }
    var added = load(rest);
    network.setOptions({ layout: { improvedLayout: false } });
    relayout(data.nodes.length > 1000 ? 120 : 200);
    return added;
  }

  // Entities whose places are known.  Many are loaded after the status line has
  // said so (one load: each redraw of a big graph costs a good part of a second);
  // kgView.stabilized is false meanwhile.
  var AT_ONCE = 2000;
  function loadPlaced(ids) {
    ids = ids.filter(function (id) { return !loadedNodes.has(id); });
    if (ids.length <= AT_ONCE) { var n = load(ids); scaleLabels(); return n; }
    api.stabilized = false;
    setStatus("加载中：" + ids.length + " 个实体…");
    requestAnimationFrame(function () {
      setTimeout(function () {
        load(ids); scaleLabels();
        api.stabilized = true; updateStatus();
      }, 0);
    });
    return ids.length;
  }

  // names for the search box (labels and aliases)
  var names = document.getElementById("kg-names"), seenNames = new Set();
  data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).forEach(function (n) {
    [n.label].concat(n.aliases).forEach(function (s) {
      if (seenNames.has(s) || seenNames.size >= 5000) { return; }
      seenNames.add(s); var o = el("option"); o.value = s; names.appendChild(o);
    });
  });
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault(); search(document.getElementById("kg-search").value);
  });
  document.getElementById("kg-show-all").addEventListener("click", showAll);
  document.getElementById("kg-fit").addEventListener("click", function () {
    network.fit(); scaleLabels(); });

  // ---- notes: a graph cut to its overview, Chinese that renders as boxes ------
  function note(id, text) {
    var p = document.getElementById(id); p.textContent = text; p.hidden = false;
  }
  if (data.total > data.nodes.length) {
    note("kg-overview-note", "概览：只含关系最多的 " + data.nodes.length + " / " + data.total +
      " 个实体。查看任一实体的邻域：kg view 图文件 --around 名称");
  }
  // Two different Chinese characters drawn alike (both blank or both the same box)
  // mean that no font on this machine has them.
  function glyphsDiffer(a, b, face) {
    var c = document.createElement("canvas"); c.width = 40; c.height = 40;
    var ctx = c.getContext("2d", { willReadFrequently: true });
    ctx.font = "28px " + (face || FONT_FACE); ctx.textBaseline = "top";
    function pixels(ch) {
      ctx.clearRect(0, 0, 40, 40); ctx.fillText(ch, 4, 4);
      return ctx.getImageData(0, 0, 40, 40).data.join(",");
    }
    return pixels(a) !== pixels(b);
  }
  api.cjkFont = glyphsDiffer("中", "国");
  if (!api.cjkFont) {
    note("kg-font-note", "本机没有可显示中文的字体，文字会显示为方框。请安装中文字体" +
      "（如 Noto Sans CJK SC / 思源黑体、文泉驿微米黑）后刷新页面。");
  }
  if (data.layout && data.focus) { api.focused = true; select(data.focus, false); }
  updateStatus();
})();
