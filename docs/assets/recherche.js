// Lucide's search page (/recherche/?q=…&type=…&dans=guide): reads the reader's question, queries the
// Pagefind index built with the site and lists the results, best first, as links inside #resultats.
// Nothing is requested from another host. Every page carries its kind as a Pagefind filter ("kind")
// and the label results show as metadata ("type"); see hooks/lucide/search.py.
(function () {
  "use strict";
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var header = document.getElementById("lucide-q-entete");
  if (header && query) header.value = query;
  var list = document.getElementById("resultats");
  if (!list) return;

  var root = new URL("../", document.currentScript.src); // this file lives in <site>/assets/
  var input = document.getElementById("lucide-q");
  var status = document.getElementById("lucide-etat");
  var kinds = document.getElementById("lucide-types");
  var suggestions = document.getElementById("lucide-suggestions");
  var guideLink = document.getElementById("lucide-guide");
  input.value = query;

  // The kinds a reader can narrow to; the contributor guide is searched only when asked for.
  var KINDS = [["", "Tout"], ["mythe", "Mythes"], ["regle", "Règles"], ["signal", "Signaux d'alerte"],
    ["glossaire", "Glossaire"], ["article", "Articles"], ["guide", "Guide des contributeurs"]];
  var scope = params.get("dans") === "guide" ? "guide" : params.get("type") || "";
  if (!KINDS.some(function (k) { return k[0] === scope; })) scope = "";

  // --- Reading the question -------------------------------------------------------------------
  var ELISION = /\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)'/g;
  var DEFINITION = /\b(?:que (?:veut|veulent) dire|(?:ca )?veut dire quoi|veut dire|veulent dire|qu ?'?est[- ]ce (?:que|qu'|qu )?|c ?'?est quoi|definitions?(?: d[eu]s?)?|definir|que signifie|signifie|signification|sens du mot|kesako)\b/g;
  var LISTING = /\b(?:quel(?:le)?s? sont|listes?|lister|tou(?:te)?s les|ensemble des)\b/g;
  var FRAMES = /\b(?:comment|pourquoi|quand|combien|est[- ]ce (?:que|qu'|qu )|y a[- ]t[- ]il|existe[- ]t[- ]il|a quoi|expliquez?(?:[- ]moi)?|parlez?[- ]moi(?: de)?|dites?[- ]moi|je (?:cherche|veux|voudrais)|trouver|chercher)\b/g;
  var STOP = new Set(("a au aux avec ce ces cet cette ceci cela ca dans de des du en est et etre il ils elle " +
    "elles je la le les leur leurs lui ma me mes moi mon nos notre nous on ou par pour qu que quel quelle " +
    "quelles quels qui quoi sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y faut peut " +
    "on fait faire tres plus bien mot mots quand comment pourquoi ne si").split(" "));
  var ORDINALS = { premiere: 1, "1re": 1, "1ere": 1, deuxieme: 2, seconde: 2, troisieme: 3, quatrieme: 4,
    cinquieme: 5, sixieme: 6, septieme: 7, huitieme: 8, neuvieme: 9, dixieme: 10 };
  var RULE_NUMBER = /\bregles?\s*(?:(?:n|no|num|numero)\s*[°º.]?\s*|#\s*)?(\d{1,2})\b/;
  var RULE_ORDINAL = new RegExp("\\b(\\d{1,2})\\s*(?:e|eme|er|ere|re)\\s+regle\\b|\\b(" +
    Object.keys(ORDINALS).join("|") + ")\\s+regle\\b");
  // A question made only of these words asks for a whole collection (the value is its folder).
  var COLLECTION_WORDS = { mythe: "mythes", myth: "mythes", regle: "regles", signal: "signaux", signe: "signaux",
    alerte: "signaux", glossaire: "glossaire", lexique: "glossaire", jargon: "glossaire", terme: "glossaire",
    vocabulaire: "glossaire", article: "articles", source: "articles" };
  var QUALIFIERS = new Set(["economie", "passion", "alerte", "lucide", "site", "complet", "complete", "az"]);
  // Words only a contributor uses: the guide's pages join the results.
  var GUIDE_WORDS = new Set(("ajouter ajoute ajout contribuer contribution contributeur contributrice contribuez " +
    "importer import commande annoter annotation annotations modifier corriger rediger creer previsualiser " +
    "installer kb json yaml markdown mkdocs scaffold").split(" "));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[’`]/g, "'");
  }

  function singular(word) {
    return word.replace(/aux$/, "al").replace(/(.{3})[sx]$/, "$1");
  }

  function analyse(q) {
    var text = " " + fold(q) + " ";
    var a = { definition: false, number: 0, collection: "", guide: false, words: [] };
    var rule = text.match(RULE_NUMBER);
    var ordinal = !rule && text.match(RULE_ORDINAL);
    if (rule) a.number = +rule[1];
    else if (ordinal) a.number = +(ordinal[1] || ORDINALS[ordinal[2]] || 0);
    if (a.number) text = text.replace(rule ? RULE_NUMBER : RULE_ORDINAL, " ");
    a.definition = text.search(DEFINITION) >= 0;
    text = text.replace(DEFINITION, " ").replace(LISTING, " ").replace(FRAMES, " ");
    a.words = text.replace(ELISION, " ").split(/[^a-z0-9]+/).filter(function (w) {
      return w.length > 1 && !STOP.has(w);
    });
    a.guide = a.words.some(function (w) { return GUIDE_WORDS.has(w); });
    var named = a.words.map(singular).filter(function (w) { return COLLECTION_WORDS[w]; });
    var others = a.words.map(singular).filter(function (w) { return !COLLECTION_WORDS[w] && !QUALIFIERS.has(w); });
    var folders = new Set(named.map(function (w) { return COLLECTION_WORDS[w]; }));
    if (!a.number && named.length && !others.length && folders.size === 1) a.collection = COLLECTION_WORDS[named[0]];
    return a;
  }

  // --- Searching --------------------------------------------------------------------------------
  function scopeFilter() {
    return scope ? { kind: scope } : { kind: { none: ["guide"] } };
  }

  function allows(kind) {
    return !scope || scope === kind;
  }

  function sameWords(title, words) {
    var t = fold(title).replace(ELISION, " ").split(/[^a-z0-9]+/).filter(function (w) {
      return w.length > 1 && !STOP.has(w);
    }).map(singular);
    var q = words.map(singular);
    return t.length === q.length && t.every(function (w) { return q.indexOf(w) >= 0; });
  }

  // A page titled exactly with the reader's words (a glossary term, say) answers first.
  async function titledFirst(results, words) {
    var data = await Promise.all(results.map(function (r) { return r.data(); }));
    var exact = results.filter(function (r, i) { return sameWords(data[i].meta.title || "", words); });
    return exact.concat(results.filter(function (r) { return exact.indexOf(r) < 0; }));
  }

  // Is the word in a title, a heading or a declared phrasing of this page, not only in passing?
  // Pagefind hands every search the same fragment object for a page and overwrites its weights on
  // each data() call, so these are read one at a time, right after each call.
  async function about(result) {
    if (!result) return false;
    var data = await result.data();
    return (data.weighted_locations || []).some(function (w) { return w.weight > 1.5; });
  }

  async function countAbout(results) {
    var n = 0;
    for (var i = 0; i < results.length; i++) n += (await about(results[i])) ? 1 : 0;
    return n;
  }

  // Among pages with every word, those whose titles, headings or phrasings hold more of them come first.
  async function covering(results, loose) {
    var counts = [];
    for (var i = 0; i < results.length; i++) {
      counts.push(await countAbout(loose.map(function (ids) { return ids[results[i].id]; })));
    }
    var order = results.map(function (r, i) { return i; }).sort(function (x, y) { return counts[y] - counts[x] || x - y; });
    return order.map(function (i) { return results[i]; });
  }

  function byId(results, ranked) {
    var ids = {};
    results.forEach(function (r, i) {
      ids[r.id] = r;
      if (ranked) r.rank = i; // Pagefind's order for this word: titles and phrasings first
    });
    return ids;
  }

  // Pagefind ranks well but also matches words loosely ("side" finds "si", "crêpes" finds "créer").
  // A page is listed when it contains the reader's words themselves (a quoted search: stemmed, not
  // loose): all of them, ranked by Pagefind; or, when those are few, at least half of them, with one
  // rare word (on a fifth of the pages at most) in its title, a heading or a phrasing, or at least
  // two of the words (and half of them) there.
  async function answer(pagefind, words, filter) {
    if (!words.length) return [];
    var total = (await pagefind.search(null, { filters: filter })).results.length || 1;
    var exact = [];
    var loose = []; // the same word searched unquoted: its results carry the weights of where it was found
    for (var t = 0; t < words.length; t++) {
      exact.push((await pagefind.search('"' + words[t] + '"', { filters: filter })).results);
      loose.push(byId((await pagefind.search(words[t], { filters: filter })).results, true));
    }
    var has = exact.map(byId);
    var ranked = (await pagefind.search(words.join(" "), { filters: filter })).results;
    var full = ranked.filter(function (r) { return has.every(function (ids) { return ids[r.id]; }); });
    full = await titledFirst(await covering(full.slice(0, 10), loose), words);
    if (full.length >= 5 || words.length < 2) return full;
    var listed = {};
    full.forEach(function (r) { listed[r.id] = true; });
    var need = Math.ceil(words.length / 2);
    var pages = {};
    exact.forEach(function (found, w) {
      var rare = found.length <= Math.max(2, total * 0.2);
      found.forEach(function (r) {
        if (listed[r.id]) return;
        var p = pages[r.id] || (pages[r.id] = { r: loose[w][r.id] || r, hits: 0, rank: 0, rare: [], common: [] });
        p.hits += 1;
        p.rank += loose[w][r.id] ? loose[w][r.id].rank : found.length;
        (rare ? p.rare : p.common).push(loose[w][r.id]);
      });
    });
    var candidates = Object.keys(pages).map(function (k) { return pages[k]; }).filter(function (p) {
      return p.hits >= need;
    }).sort(function (x, y) { return y.hits - x.hits || x.rank - y.rank; }).slice(0, 10);
    var kept = [];
    for (var c = 0; c < candidates.length; c++) {
      var rare = await countAbout(candidates[c].rare);
      var all = rare + (await countAbout(candidates[c].common));
      // about one rare word, or titled with a meaningful share of the words, even common ones
      if (rare || all >= Math.max(2, need)) kept.push(candidates[c].r);
    }
    return full.concat(kept);
  }

  // Pages the question names by their metadata: rule n, a whole collection.
  async function named(pagefind, a) {
    var found = [];
    if (a.number && allows("regle")) {
      found = found.concat((await pagefind.search(null, { filters: { kind: "regle", numero: String(a.number) } })).results);
    }
    if (a.collection && !scope) {
      found = found.concat((await pagefind.search(null, { filters: { collection: a.collection } })).results);
    }
    return found;
  }

  async function search(pagefind, a) {
    var ranked = await named(pagefind, a);
    if (a.guide && !scope) ranked = ranked.concat((await answer(pagefind, a.words, { kind: "guide" })).slice(0, 3));
    if (!a.collection) {
      var found = await answer(pagefind, a.words, scopeFilter());
      if (a.definition) { // a definition request: the glossary entry first
        var kinds = await Promise.all(found.map(function (r) { return r.data(); }));
        var term = found.find(function (r, i) { return kinds[i].meta.type === "Glossaire"; });
        if (term) found = [term].concat(found.filter(function (r) { return r !== term; }));
      }
      ranked = ranked.concat(found);
    }
    var unique = {};
    return ranked.filter(function (r) { return !unique[r.id] && (unique[r.id] = true); }).slice(0, 10);
  }

  // --- Showing ----------------------------------------------------------------------------------
  function clean(title) {
    return (title || "").replace(/\s*[#¶]\s*$/, "").trim(); // Material's permalink sign, if any slipped in
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
    link.textContent = clean(data.meta && data.meta.title) || data.url;
    li.appendChild(link);
    var meta = data.meta || {};
    if (meta.type) {
      var kind = document.createElement("span");
      kind.className = "lucide-genre";
      kind.textContent = meta.type + (meta.genre ? " · " + meta.genre : "");
      li.appendChild(kind);
    }
    li.appendChild(excerpt((section || data).excerpt || data.excerpt));
    if (section && section.title) {
      var deep = document.createElement("a");
      deep.href = section.url;
      deep.className = "lucide-section";
      deep.textContent = "Section : " + clean(section.title);
      li.appendChild(deep);
    }
    return li;
  }

  function here(extra) {
    var p = new URLSearchParams({ q: query });
    Object.keys(extra).forEach(function (k) { if (extra[k]) p.set(k, extra[k]); });
    return "?" + p.toString();
  }

  function showKinds() {
    if (!kinds) return;
    var links = KINDS.map(function (k) {
      var a = document.createElement("a");
      a.href = k[0] === "guide" ? here({ dans: "guide" }) : here({ type: k[0] });
      a.textContent = k[1];
      if (k[0] === scope) a.setAttribute("aria-current", "true");
      return a;
    });
    kinds.replaceChildren.apply(kinds, links);
    kinds.hidden = false;
  }

  // Arrow keys move from the search box through the results, and back.
  function arrows(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("li > a:first-child"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (at < 0 && event.key === "ArrowUp") return;
    event.preventDefault();
    (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
  }

  async function run() {
    if (!query.trim()) return;
    status.textContent = "Recherche en cours…";
    showKinds();
    try {
      var pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ baseUrl: root.pathname });
      var results = await search(pagefind, analyse(query));
      var data = await Promise.all(results.map(function (r) { return r.data(); }));
      list.replaceChildren.apply(list, data.map(item));
      var where = scope ? " (" + KINDS.find(function (k) { return k[0] === scope; })[1] + ")" : "";
      status.textContent = data.length
        ? data.length + (data.length > 1 ? " résultats" : " résultat") + " pour « " + query + " »" + where
        : "Aucun résultat pour « " + query + " »" + where + ".";
      if (suggestions) suggestions.hidden = data.length > 0;
      if (guideLink) {
        guideLink.href = scope === "guide" ? here({}) : here({ dans: "guide" });
        guideLink.textContent = scope === "guide" ? "Chercher « " + query + " » dans toute la base"
          : "Vous contribuez à Lucide ? Chercher « " + query + " » dans le guide des contributeurs";
        guideLink.parentNode.hidden = false;
      }
      if (data.length && document.activeElement === document.body) {
        list.focus({ preventScroll: true }); // one Tab, or one ArrowDown, reaches the first result
      }
    } catch (err) {
      status.textContent = "La recherche n'a pas pu se charger : " + err.message;
    }
  }
  input.addEventListener("keydown", arrows);
  list.addEventListener("keydown", arrows);
  run();
})();
