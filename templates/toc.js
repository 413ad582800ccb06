// Draws the table of contents (ESGBOOK_TOC, generated above) into the page's sidebar.
// One shared file for every page: pages stay small however long the report is.
(function () {
  "use strict";
  var nav = document.getElementById("toc");
  var toc = window.ESGBOOK_TOC;
  if (!nav || !toc) return;
  var root = nav.getAttribute("data-root") || "";
  var page = nav.getAttribute("data-page") || "";
  var title = document.createElement("p");
  title.className = "toc-title";
  title.textContent = nav.getAttribute("data-title") || "Contents";
  var list = document.createElement("ol");
  var current = null;
  for (var i = 0; i < toc.length; i++) {
    var entry = toc[i];
    var li = document.createElement("li");
    if (entry.part) {
      li.className = "toc-part";
      li.textContent = entry.title;
    } else {
      li.className = "depth-" + Math.min(entry.depth, 3);
      var label = entry.title;
      if (entry.url) {
        var a = document.createElement("a");
        a.href = root + entry.url;
        a.textContent = label;
        if (entry.url === page) {
          a.setAttribute("aria-current", "page");
          current = a;
        }
        li.appendChild(a);
      } else {
        li.className += " draft";
        li.textContent = label;
      }
    }
    list.appendChild(li);
  }
  nav.textContent = "";
  nav.appendChild(title);
  nav.appendChild(list);
  if (current && nav.scrollHeight > nav.clientHeight) {
    nav.scrollTop = Math.max(0, current.offsetTop - nav.clientHeight / 3);
  }
})();
