(function () {
  var note = document.getElementById("serve-note");
  if (location.protocol === "file:" || typeof PagefindUI === "undefined") { return; }
  note.hidden = true;
  new PagefindUI({ element: "#search", showSubResults: true, showImages: false,
    sort: { date: "asc" } });
}());
