/* The page images beside the text (site.xsl's site:facsimile): a zoomable viewer
   (OpenSeadragon, vendored in theme/vendor/) in place of the plain image, which follows
   the reader. Scrolling the text past a page break turns to its page; hovering or focusing
   a line, block or word whose zone the TEI gives outlines the zone on the image, and
   hovering a zone on the image marks its words. Local images are IIIF level-0 services
   of the site; their info.json is read from where it is, whatever address it names. */
(function () {
  "use strict";
  var box = document.getElementById("facs");
  var view = document.getElementById("facs-view");
  if (!box || !view || typeof OpenSeadragon !== "function") { return; }
  var items = box.querySelectorAll(".facs-pages li[data-n]");
  var pages = [];
  for (var i = 0; i < items.length; i++) {
    pages.push({
      n: items[i].getAttribute("data-n"),
      label: items[i].getAttribute("data-label"),
      info: items[i].getAttribute("data-info"),
      src: items[i].getAttribute("data-src")
    });
  }
  if (!pages.length) { return; }
  var status = box.querySelector(".facs-status");
  var bar = box.querySelector(".facs-bar");
  var fallback = view.querySelector(".facs-img");
  var current = -1;
  var wanted = 0;
  var boxEl = null;
  var hits = [];

  // OpenSeadragon adds a <style> of its own (no focus outline on touch screens), which the
  // page's policy refuses, saying so in the console: while the viewer is made, that one
  // element is not added (the page keeps its focus outline everywhere)
  var head = document.head;
  head.appendChild = function (node) {
    if (node && node.hasAttribute && node.hasAttribute("data-openseadragon-mobile-css")) { return node; }
    return Node.prototype.appendChild.call(head, node);
  };
  var viewer;
  try {
    viewer = OpenSeadragon({
      element: view,
      showNavigationControl: false,
      showNavigator: false,
      drawer: "canvas",
      prefixUrl: "",
      animationTime: 0.4,
      visibilityRatio: 0.5,
      gestureSettingsMouse: { clickToZoom: false },
      preserveViewport: false
    });
  } finally {
    delete head.appendChild;
  }
  if (viewer.canvas) {
    viewer.canvas.setAttribute("role", "img");
    viewer.canvas.setAttribute("aria-label", view.getAttribute("data-label") || "");
  }
  if (fallback) { fallback.parentNode.removeChild(fallback); }
  bar.hidden = false;
  document.documentElement.classList.add("js-facs");

  function index(n) {
    for (var k = 0; k < pages.length; k++) { if (pages[k].n === String(n)) { return k; } }
    return -1;
  }

  function say(k) {
    var template = status.getAttribute("data-template") || "{label}";
    status.textContent = template.replace("{label}", pages[k].label).replace("{count}", String(pages.length));
    box.querySelector(".facs-prev").disabled = k <= 0;
    box.querySelector(".facs-next").disabled = k >= pages.length - 1;
  }

  function source(page) {
    if (page.info) {
      var at = new URL(page.info, document.baseURI);
      if (at.origin !== window.location.origin) { return Promise.resolve(at.href); }
      return fetch(at.href).then(function (r) { return r.json(); }).then(function (info) {
        // the service is where its info.json is, wherever the site is served from
        info.id = at.href.replace(/\/info\.json$/, "");
        return info;
      });
    }
    return Promise.resolve({ type: "image", url: new URL(page.src, document.baseURI).href });
  }

  function turn(k, then) {
    if (k < 0 || k >= pages.length) { return; }
    wanted = k;
    if (k === current) { if (then) { then(); } return; }
    source(pages[k]).then(function (tileSource) {
      if (wanted !== k) { return; }
      viewer.addOnceHandler("open", function () {
        current = k;
        box.setAttribute("data-facs-current", pages[k].n);
        zonesOf(pages[k].n);
        if (then) { then(); }
      });
      viewer.open(tileSource);
      say(k);
    });
  }

  function rect(el) {
    var v = (el.getAttribute("data-xywh") || "").split(",").map(Number);
    var item = viewer.world.getItemAt(0);
    if (v.length !== 4 || !item) { return null; }
    return item.imageToViewportRectangle(v[0], v[1], v[2], v[3]);
  }

  function clear() {
    if (boxEl) { viewer.removeOverlay(boxEl); boxEl = null; }
    var on = document.querySelectorAll("[data-facs-zone].facs-on");
    for (var k = 0; k < on.length; k++) { on[k].classList.remove("facs-on"); }
  }

  function outline(el) {
    var k = index(el.getAttribute("data-facs-on"));
    if (k < 0) { return; }
    turn(k, function () {
      var r = rect(el);
      if (!r) { return; }
      clear();
      boxEl = document.createElement("div");
      boxEl.className = "facs-zone-box";
      boxEl.setAttribute("data-for", el.getAttribute("data-facs-zone"));
      viewer.addOverlay({ element: boxEl, location: r });
    });
  }

  // the zones of the page shown, on the image: hovering one marks its words
  function zonesOf(n) {
    for (var k = 0; k < hits.length; k++) { viewer.removeOverlay(hits[k]); }
    hits = [];
    var seen = {};
    var els = document.querySelectorAll("[data-facs-zone][data-facs-on='" + n + "']");
    for (var j = 0; j < els.length; j++) {
      var key = els[j].getAttribute("data-facs-zone");
      if (seen[key]) { continue; }
      seen[key] = true;
      var r = rect(els[j]);
      if (!r) { continue; }
      var hit = document.createElement("div");
      hit.className = "facs-zone-hit";
      hit.setAttribute("data-for", key);
      hit.addEventListener("mouseenter", mark);
      hit.addEventListener("mouseleave", clear);
      viewer.addOverlay({ element: hit, location: r });
      hits.push(hit);
    }
  }

  function mark(event) {
    var key = event.currentTarget.getAttribute("data-for");
    clear();
    var words = document.querySelectorAll("[data-facs-zone]");
    for (var k = 0; k < words.length; k++) {
      if (words[k].getAttribute("data-facs-zone") === key) { words[k].classList.add("facs-on"); }
    }
  }

  // the page the reader is at: that of the last page break above a third of the window
  var breaks = document.querySelectorAll("[data-facs-break]");
  var ticking = false;
  function follow() {
    ticking = false;
    var line = window.innerHeight / 3;
    var at = pages[0].n;
    for (var k = 0; k < breaks.length; k++) {
      if (breaks[k].getClientRects().length && breaks[k].getBoundingClientRect().top <= line) {
        at = breaks[k].getAttribute("data-facs-break");
      }
    }
    var found = index(at);
    if (found >= 0 && found !== wanted) { turn(found); }
  }
  window.addEventListener("scroll", function () {
    if (!ticking) { ticking = true; window.requestAnimationFrame(follow); }
  }, { passive: true });

  document.addEventListener("focusin", function (event) {
    var el = event.target.closest && event.target.closest("[data-facs-zone]");
    if (el && !box.contains(el)) { outline(el); }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.closest && event.target.closest("[data-facs-zone]")) { clear(); }
  });
  document.addEventListener("mouseover", function (event) {
    var el = event.target.closest && event.target.closest("[data-facs-zone]");
    if (el && !box.contains(el)) { outline(el); }
  });
  document.addEventListener("mouseout", function (event) {
    var el = event.target.closest && event.target.closest("[data-facs-zone]");
    if (el && !el.contains(event.relatedTarget)) { clear(); }
  });
  // a page break's link turns the viewer to its page rather than leaving the text
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.facs-pb, .facs-pages a");
    if (!link) { return; }
    var n = link.getAttribute("data-facs-break") || link.parentNode.getAttribute("data-n");
    var k = index(n);
    if (k >= 0) { event.preventDefault(); turn(k); }
  });

  box.querySelector(".facs-prev").addEventListener("click", function () { turn(wanted - 1); });
  box.querySelector(".facs-next").addEventListener("click", function () { turn(wanted + 1); });
  box.querySelector(".facs-in").addEventListener("click", function () { viewer.viewport.zoomBy(1.5); });
  box.querySelector(".facs-out").addEventListener("click", function () { viewer.viewport.zoomBy(1 / 1.5); });
  box.querySelector(".facs-home").addEventListener("click", function () { viewer.viewport.goHome(); });

  turn(0);
  follow();
}());
