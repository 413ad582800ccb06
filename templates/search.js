// Client-side search over search-index.json. Terms are cut as the build cuts them
// (src/site/search.rs): lowercase words, and CJK text as character bigrams.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  // The page's words, in its edition's language (locales/*.yaml).
  var words = function (name, fallback) {
    return (script && script.getAttribute("data-" + name)) || fallback;
  };
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  };
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!input || !status || !results) return;
  var index = null;
  var keys = null;

  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[\ud840-\ud87f][\udc00-\udfff]/;
  var WORD = /[\p{L}\p{N}]/u;

  // As src/site/search.rs: a word joined to the next by "." or "-" (B6.4, 305-1) also
  // gives the whole as one term, so a code is searched as written.
  function terms(text) {
    var out = [];
    var word = "";
    var compound = "";
    var joined = false;
    var cjk = [];
    function flushCjk() {
      if (cjk.length === 1) out.push(cjk[0]);
      for (var i = 0; i + 1 < cjk.length; i++) out.push(cjk[i] + cjk[i + 1]);
      cjk = [];
    }
    function flushWord() {
      if (word) out.push(word);
      if (joined) out.push(compound);
      word = "";
      compound = "";
      joined = false;
    }
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (CJK.test(ch)) {
        flushWord();
        cjk.push(ch);
      } else if (WORD.test(ch)) {
        flushCjk();
        word += ch.toLowerCase();
        compound += ch.toLowerCase();
      } else if ((ch === "." || ch === "-") && word && i + 1 < chars.length && /[A-Za-z0-9]/.test(chars[i + 1])) {
        out.push(word);
        word = "";
        compound += ch;
        joined = true;
      } else {
        flushCjk();
        flushWord();
      }
    }
    flushCjk();
    flushWord();
    return out;
  }

  // doc -> weight for one query term; a lone CJK character or the last (still being
  // typed) word also matches longer terms.
  function lookup(term, partial) {
    var found = {};
    function add(postings) {
      for (var i = 0; i + 1 < postings.length; i += 2) {
        found[postings[i]] = (found[postings[i]] || 0) + postings[i + 1];
      }
    }
    var exact = Object.prototype.hasOwnProperty.call(index.terms, term) ? index.terms[term] : null;
    if (exact) add(exact);
    var single = CJK.test(term) && Array.from(term).length === 1;
    if (single || (partial && !CJK.test(term) && term.length >= 2)) {
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k];
        if (key === term) continue;
        if (single ? key.indexOf(term) >= 0 : key.lastIndexOf(term, 0) === 0) add(index.terms[key]);
      }
    }
    return found;
  }

  function snippet(text, query, qterms) {
    var lower = text.toLowerCase();
    var needle = query.trim().toLowerCase();
    var at = needle ? lower.indexOf(needle) : -1;
    if (at < 0) {
      for (var i = 0; i < qterms.length && at < 0; i++) {
        // A lone letter or digit (the "4" of B6.4) would mark any number in the text.
        if (/^[a-z0-9]$/.test(qterms[i])) continue;
        needle = qterms[i];
        at = lower.indexOf(needle);
      }
    }
    var p = document.createElement("p");
    p.className = "search-snippet";
    if (at < 0) {
      p.textContent = text.slice(0, 180) + (text.length > 180 ? "…" : "");
      return p;
    }
    var start = Math.max(0, at - 80);
    var end = Math.min(text.length, at + needle.length + 100);
    p.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + needle.length);
    p.appendChild(mark);
    p.appendChild(document.createTextNode(text.slice(at + needle.length, end) + (end < text.length ? "…" : "")));
    return p;
  }

  function run(query) {
    results.textContent = "";
    var qterms = terms(query);
    if (!qterms.length) {
      status.textContent = "";
      return;
    }
    var scores = null;
    for (var i = 0; i < qterms.length; i++) {
      var found = lookup(qterms[i], i === qterms.length - 1);
      if (scores === null) {
        scores = found;
      } else {
        var next = {};
        for (var d in scores) if (found[d]) next[d] = scores[d] + found[d];
        scores = next;
      }
    }
    var docs = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var said = docs.length === 0 ? words("none", "No sections match “{query}”.") :
      docs.length === 1 ? words("one", "1 section matches “{query}”.") : words("many", "{count} sections match “{query}”.");
    status.textContent = fill(said, {query: query, count: docs.length});
    docs.slice(0, 50).forEach(function (d) {
      var doc = index.docs[d];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + doc.u;
      a.textContent = doc.t;
      a.className = "search-title";
      li.appendChild(a);
      if (doc.p) {
        var trail = document.createElement("p");
        trail.className = "search-trail";
        trail.textContent = doc.p;
        li.appendChild(trail);
      }
      li.appendChild(snippet(doc.x, query, qterms));
      results.appendChild(li);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  var box = document.getElementById("site-search-q");
  if (box) box.value = query;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (!index) return;
      var url = new URL(window.location.href);
      url.searchParams.set("q", input.value);
      window.history.replaceState(null, "", url.toString());
      run(input.value);
    }, 120);
  });
  input.form && input.form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (index) run(input.value);
  });
  status.textContent = query ? words("searching", "Searching…") : "";
  fetch(root + "search-index.json")
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      // The index lists each section's terms; invert it into postings once, here.
      var postings = {};
      data.docs.forEach(function (doc, d) {
        var k = doc.k || [];
        for (var i = 0; i + 1 < k.length; i += 2) {
          var list = Object.prototype.hasOwnProperty.call(postings, k[i]) ? postings[k[i]] : (postings[k[i]] = []);
          list.push(d, k[i + 1]);
        }
        delete doc.k;
      });
      data.terms = postings;
      index = data;
      keys = Object.keys(index.terms);
      run(input.value);
    })
    .catch(function () {
      status.textContent = words("failed", "The search index could not be loaded.");
    });
})();
