(function () {
  var note = document.getElementById("serve-note");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") { return; }
  note.hidden = true;
  // matched whatever the diacritics (Lushun finds Lüshun), as Pagefind does by default
  // results by relevance: sorting by date would leave out the pages without a date
  // (undated documents, register entries)
  var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
    exactDiacritics: false });
  // search.html?q=WORD (the home page's form) runs that search
  var query = new URLSearchParams(location.search).get("q");
  if (query && query.trim()) { ui.triggerSearch(query.trim()); }
}());
