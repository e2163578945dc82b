(function () {
  var note = document.getElementById("serve-note");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") { return; }
  note.hidden = true;
  // matched whatever the diacritics (Lushun finds Lüshun), as Pagefind does by default
  // results by relevance: sorting by date would leave out the pages without a date
  // (undated documents, register entries)
  var options = { element: "#search", showSubResults: true, showImages: false,
    exactDiacritics: false };
  // an index cut into shards: the first is the UI's own, the others are merged into it
  var bundles = (document.getElementById("search").getAttribute("data-bundles") || "")
    .split(" ").filter(Boolean).map(function (b) { return new URL(b, location.href).pathname; });
  if (bundles.length) {
    options.bundlePath = bundles[0];
    options.mergeIndex = bundles.slice(1).map(function (b) { return { bundlePath: b }; });
  }
  var ui = new PagefindUI(options);
  // search.html?q=WORD (the home page's form) runs that search
  var query = new URLSearchParams(location.search).get("q");
  if (query && query.trim()) { ui.triggerSearch(query.trim()); }
}());
