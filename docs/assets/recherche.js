// Lucide's search page (/recherche/?q=…): queries the Pagefind index built with the site and lists
// the results, best first, as links inside #resultats. Nothing is requested from another host.
(function () {
  "use strict";
  var list = document.getElementById("resultats");
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var header = document.getElementById("lucide-q-entete");
  if (header && query) header.value = query;
  if (!list) return;

  var root = new URL("../", document.currentScript.src); // this file lives in <site>/assets/
  var input = document.getElementById("lucide-q");
  var status = document.getElementById("lucide-etat");
  var ELISION = /\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/gi;
  input.value = query;

  function words(q) {
    return q.replace(ELISION, " ").split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; });
  }

  // Pagefind requires every word by default; readers type loosely, so when the full query finds
  // little, each word is searched alone and pages matching more of the words come first.
  async function search(pagefind, q) {
    var terms = words(q);
    if (!terms.length) return [];
    var exact = (await pagefind.search(terms.join(" "))).results;
    var ranked = exact.map(function (r, i) { return { r: r, hits: terms.length + 1, rank: i }; });
    if (exact.length < 5 && terms.length > 1) {
      var seen = {};
      exact.forEach(function (r) { seen[r.id] = true; });
      var extra = {};
      for (var t = 0; t < terms.length; t++) {
        var found = (await pagefind.search(terms[t])).results;
        found.forEach(function (r, i) {
          if (seen[r.id]) return;
          var e = extra[r.id] || (extra[r.id] = { r: r, hits: 0, rank: 0 });
          e.hits += 1;
          e.rank += i;
        });
      }
      ranked = ranked.concat(Object.keys(extra).map(function (k) { return extra[k]; }).sort(function (a, b) {
        return b.hits - a.hits || a.rank - b.rank;
      }));
    }
    return ranked.slice(0, 10).map(function (x) { return x.r; }); // each result costs one fragment download
  }

  function excerpt(html) {
    // keep Pagefind's <mark> highlights, nothing else from the HTML
    var out = document.createElement("p");
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    var section = (data.sub_results || []).find(function (s) { return s.url !== data.url && s.url.indexOf("#") > 0; });
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    li.appendChild(excerpt((section || data).excerpt || data.excerpt));
    if (section && section.title) {
      var deep = document.createElement("a");
      deep.href = section.url;
      deep.className = "lucide-section";
      deep.textContent = "Section : " + section.title;
      li.appendChild(deep);
    }
    return li;
  }

  async function run() {
    if (!query.trim()) return;
    status.textContent = "Recherche en cours…";
    try {
      var pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ baseUrl: root.pathname });
      var results = await search(pagefind, query);
      var data = await Promise.all(results.map(function (r) { return r.data(); }));
      list.replaceChildren.apply(list, data.map(item));
      status.textContent = data.length
        ? data.length + (data.length > 1 ? " résultats" : " résultat") + " pour « " + query + " »"
        : "Aucun résultat pour « " + query + " ». Essayez un autre mot, ou parcourez le glossaire.";
    } catch (err) {
      status.textContent = "La recherche n'a pas pu se charger : " + err.message;
    }
  }
  run();
})();
