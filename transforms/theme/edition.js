(function () {
  "use strict";
  var root = document.documentElement;
  var box = document.getElementById("reading-switch");
  var said = document.querySelectorAll(".te-js");
  for (var j = 0; j < said.length; j++) { said[j].hidden = false; }
  if (box) {
    box.hidden = false;
    var radios = box.querySelectorAll("input[name='reading']");
    var show = function (reading) {
      root.classList.toggle("reading-diplomatic", reading === "diplomatic");
      root.classList.toggle("reading-normalized", reading !== "diplomatic");
    };
    for (var i = 0; i < radios.length; i++) {
      radios[i].addEventListener("change", function (event) {
        if (event.target.checked) { show(event.target.value); }
      });
    }
  }
  document.addEventListener("keydown", function (event) {
    var el = document.activeElement;
    if (event.key === "Escape" && el && el.classList && (el.classList.contains("te-alt") || el.classList.contains("te-gap"))) {
      el.blur();
    }
  });
}());
