(function () {
  var form = document.getElementById("doc-filter");
  var items = document.querySelectorAll("#doc-list > li");
  var count = document.getElementById("doc-count");
  if (!form || !items.length) { return; }
  form.hidden = false;
  function apply() {
    var kind = form.elements.kind.value, year = form.elements.year.value, shown = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = (!kind || items[i].getAttribute("data-kind") === kind)
        && (!year || items[i].getAttribute("data-year") === year);
      items[i].hidden = !ok;
      if (ok) { shown++; }
    }
    // the words are the page's (data-one, data-many: the catalog's, in the edition's language)
    var words = count.getAttribute(shown === 1 ? "data-one" : "data-many") || "{n}";
    count.textContent = words.split("{n}").join(String(shown));
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
}());
