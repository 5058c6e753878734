// Lucide's offer checker (/verifier/): the reader pastes a sales pitch, the page lists the warning signs and
// myths whose cues it contains. Everything runs here: the pasted text is never sent anywhere.
//
// The matcher below mirrors hooks/lucide/cues.py step for step (fold, pieces, tokens, cues, negation); its
// rules and word lists come from verifier.json, written by the build, so there is one source of truth.
// tests/data/cues-cas.yml runs against both sides.
(function () {
  "use strict";

  var PIECE = /[0-9]+|(?:[\p{L}\p{Nl}\p{No}]|(?![0-9])\p{Nd})+|[€$£]/gu;
  var SENTENCE_BREAK = /[.!?;…]|\n\s*\n/;
  var CLAUSE_BREAK = /[,.;:!?()…\n—–]/;
  var GROUP = { " ": 1, "\u00a0": 1, "\u202f": 1, ".": 1, ",": 1, "'": 1 };
  var SPACES = { "": 1, " ": 1, "\u00a0": 1, "\u202f": 1 };

  function isDigits(piece) { return piece[0] >= "0" && piece[0] <= "9"; }
  function set(list) { var s = Object.create(null); list.forEach(function (w) { s[w] = 1; }); return s; }

  // glossary.stem, then one more mute e and a verb's -er/-ez (cues.cue_stem)
  var SUFFIXES = [["euses", "eur"], ["euse", "eur"], ["rices", "eur"], ["rice", "eur"], ["eaux", "eau"], ["aux", "al"], ["ies", "y"]];
  function stem(word) {
    word = word.replace(/œ/g, "oe").replace(/æ/g, "ae");
    if (word.length <= 3) return word;
    var replaced = false;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i][0];
      if (word.slice(-suffix.length) === suffix && word.length - suffix.length >= 3) {
        word = word.slice(0, -suffix.length) + SUFFIXES[i][1];
        replaced = true;
        break;
      }
    }
    if (!replaced && word.length > 4 && (word[word.length - 1] === "s" || word.slice(-2) === "ux")) word = word.slice(0, -1);
    if (word[word.length - 1] === "e" && word.length > 4) word = word.slice(0, -1);
    return word;
  }
  function cueStem(word) {
    var s = stem(word);
    if (s[s.length - 1] === "e" && s.length > 4) s = s.slice(0, -1);
    var end = s.slice(-2);
    return s.length > 5 && (end === "er" || end === "ez") ? s.slice(0, -2) : s;
  }

  function key(element) { return element[0] === "w" ? element[1] : "#"; }

  function Matcher(data) {
    var lex = data.lexicon;
    this.lex = lex;
    this.fold = data.fold;
    this.entities = data.entities;
    this.numbers = Object.assign(Object.create(null), lex.numbers); // no "constructor" from Object.prototype
    this.multipliers = Object.assign(Object.create(null), lex.multipliers);
    this.currencies = set(lex.currencies);
    this.skip = set(lex.skip);
    this.elided = set(lex.elided);
    this.negators = set(lex.negators);
    this.clause = set(lex.clause);
    // indexed by first element and, when the second is a word, by both (cues.CueMatcher)
    this.first = Object.create(null);
    this.pairs = Object.create(null);
    this.byPrefix = Object.create(null);
    var lengths = {};
    this.cues = data.cues.map(function (c) { return { entity: c[0], text: c[1], specificity: c[2], elements: c[3] }; });
    this.cues.forEach(function (cue) {
      var head = cue.elements[0], second = cue.elements[1];
      if (head[0] === "p") { (this.byPrefix[head[1]] = this.byPrefix[head[1]] || []).push(cue); lengths[head[1].length] = 1; }
      else if (second && second[0] === "w") { var k = key(head) + "\u0000" + second[1]; (this.pairs[k] = this.pairs[k] || []).push(cue); }
      else (this.first[key(head)] = this.first[key(head)] || []).push(cue);
    }, this);
    this.prefixLengths = Object.keys(lengths).map(Number).sort(function (a, b) { return a - b; });
  }

  Matcher.prototype.foldText = function (text) {
    var table = this.fold;
    return text.replace(/[\u00c0-\u024f\u2018\u2019\u02bc]/g, function (c) {
      return table[c] !== undefined ? table[c] : c.toLowerCase();
    }).toLowerCase();
  };

  Matcher.prototype.tokenize = function (text) {
    var folded = this.foldText(text);
    var pieces = [], m;
    PIECE.lastIndex = 0;
    while ((m = PIECE.exec(folded)) !== null) pieces.push([m.index, m.index + m[0].length, m[0]]);
    var tokens = [], state = { i: 0 };
    while (state.i < pieces.length) tokens.push(this.read(text, folded, pieces, state));
    return { folded: folded, tokens: tokens };
  };

  function gap(folded, pieces, i) { return folded.slice(pieces[i - 1][1], pieces[i][0]); }

  Matcher.prototype.read = function (text, folded, pieces, state) {
    var i = state.i, piece = pieces[i][2];
    var prefixCurrency = (piece === "€" || piece === "$" || piece === "£") && i + 1 < pieces.length && isDigits(pieces[i + 1][2]);
    if (prefixCurrency && SPACES[gap(folded, pieces, i + 1)]) {
      state.i = i + 1;
      var token = this.number(folded, pieces, state);
      token.start = pieces[i][0];
      token.money = true;
      return token;
    }
    if (isDigits(piece) || piece in this.numbers) return this.number(folded, pieces, state);
    state.i = i + 1;
    var after = folded.slice(pieces[i][1], pieces[i][1] + 1);
    return {
      start: pieces[i][0], end: pieces[i][1], raw: piece, word: cueStem(piece), value: null, money: false,
      // articles as written: "dès" folds to "des" but is no article
      skip: !!(this.skip[text.slice(pieces[i][0], pieces[i][1]).toLowerCase()] || (this.elided[piece] && after === "'"))
    };
  };

  Matcher.prototype.number = function (folded, pieces, state) {
    var i = state.i, read = isDigits(pieces[i][2]) ? this.digits(folded, pieces, i) : this.words(folded, pieces, i);
    var value = read[0], j = read[1];
    if (j < pieces.length && pieces[j][2] in this.multipliers && SPACES[gap(folded, pieces, j)]) {
      value *= this.multipliers[pieces[j][2]];
      j += 1;
    }
    var joined = SPACES;
    if (j + 1 < pieces.length && (pieces[j][2] === "d" || pieces[j][2] === "de") && this.currencies[pieces[j + 1][2]]) {
      var g = gap(folded, pieces, j + 1);
      if (SPACES[gap(folded, pieces, j)] && (g === "'" || g === " ")) { j += 1; joined = { "'": 1, " ": 1 }; }
    }
    var money = j < pieces.length && !!this.currencies[pieces[j][2]] && !!joined[gap(folded, pieces, j)];
    if (money) j += 1;
    state.i = j;
    return { start: pieces[i][0], end: pieces[j - 1][1], raw: "", word: "", value: value, money: money, skip: false };
  };

  Matcher.prototype.digits = function (folded, pieces, i) {
    var text = pieces[i][2], j = i + 1;
    var grouped = text.length <= 3;
    while (grouped && j < pieces.length && pieces[j][2].length === 3 && isDigits(pieces[j][2])) {
      if (!GROUP[gap(folded, pieces, j)]) break;
      text += pieces[j][2];
      j += 1;
    }
    var value = parseFloat(text);
    var sep = j < pieces.length ? gap(folded, pieces, j) : "";
    if (j < pieces.length && isDigits(pieces[j][2]) && (sep === "," || sep === ".")) {
      value = parseFloat(text + "." + pieces[j][2]);
      j += 1;
    }
    return [value, j];
  };

  Matcher.prototype.words = function (folded, pieces, i) {
    var numbers = this.numbers, total = 0, current = 0, j = i;
    while (j < pieces.length) {
      var piece = pieces[j][2];
      if (j > i) { var g = gap(folded, pieces, j); if (g !== " " && g !== "-") break; }
      if (piece === "et" && j + 1 < pieces.length && ["un", "une", "onze"].indexOf(pieces[j + 1][2]) >= 0 && current >= 20) {
        j += 1;
        continue;
      }
      if (piece === "mille" && j > i) { total += Math.max(current, 1) * 1000; current = 0; }
      else if (!(piece in numbers)) break;
      else if (numbers[piece] === 100) current = Math.max(current, 1) * 100;
      else if (numbers[piece] === 20 && current % 100 === 4) current += 76;
      else current += numbers[piece];
      j += 1;
    }
    return [total + current, j];
  };

  function fits(element, token) {
    switch (element[0]) {
      case "w": return token.value === null && token.word === element[1];
      case "p": return token.value === null && token.raw.slice(0, element[1].length) === element[1];
      case "N": return token.value !== null;
      case "A": return token.money;
      case "n": return token.value === element[1];
      default: return token.money && token.value === element[1];
    }
  }

  function broken(seq, tokens, folded, p) {
    return SENTENCE_BREAK.test(folded.slice(tokens[seq[p - 1]].end, tokens[seq[p]].start));
  }

  function match(elements, k, p, seq, tokens, folded) {
    if (k === elements.length) return p;
    if (elements[k][0] === "g") {
      if (p >= seq.length || broken(seq, tokens, folded, p)) return null;
      for (var skip = 0; skip <= elements[k][1]; skip++) {
        if (p + skip >= seq.length || (skip && broken(seq, tokens, folded, p + skip))) return null;
        var end = match(elements, k + 1, p + skip, seq, tokens, folded);
        if (end !== null) return end;
      }
      return null;
    }
    if (p >= seq.length || !fits(elements[k], tokens[seq[p]])) return null;
    if (k && broken(seq, tokens, folded, p)) return null;
    return match(elements, k + 1, p + 1, seq, tokens, folded);
  }

  Matcher.prototype.idiom = function (j, tokens) {
    var raw = tokens[j].raw, idioms = this.lex.idioms;
    for (var a = 0; a < idioms.length; a++) {
      var idiom = idioms[a];
      for (var offset = 0; offset < idiom.length; offset++) {
        if (idiom[offset] !== raw || j - offset < 0 || j - offset + idiom.length > tokens.length) continue;
        var all = true;
        for (var n = 0; n < idiom.length; n++) if (tokens[j - offset + n].raw !== idiom[n]) { all = false; break; }
        if (all) return true;
      }
    }
    return false;
  };

  Matcher.prototype.negated = function (i, tokens, folded) {
    for (var j = i - 1; j > Math.max(i - 1 - this.lex.window, -1); j--) {
      if (CLAUSE_BREAK.test(folded.slice(tokens[j].end, tokens[j + 1].start))) return false;
      var raw = tokens[j].raw;
      if (this.clause[raw]) return false;
      if (this.negators[raw] && !this.idiom(j, tokens)) return true;
    }
    return false;
  };

  var NONE = [];
  Matcher.prototype.candidates = function (token, following) {
    var k = token.value !== null ? "#" : token.word;
    var found = this.first[k] || NONE;
    if (following && following.value === null) {
      var paired = this.pairs[k + "\u0000" + following.word];
      if (paired) found = found.concat(paired);
    }
    if (token.value === null) {
      for (var n = 0; n < this.prefixLengths.length; n++) {
        var more = this.byPrefix[token.raw.slice(0, this.prefixLengths[n])];
        if (more) found = found.concat(more);
      }
    }
    return found;
  };

  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  // Every occurrence of every cue, negated or not, in text order: {cue, start, end, negated}
  Matcher.prototype.scan = function (text) {
    var t = this.tokenize(text), tokens = t.tokens, folded = t.folded, seq = [], hits = [];
    for (var i = 0; i < tokens.length; i++) if (!tokens[i].skip) seq.push(i);
    for (var p = 0; p < seq.length; p++) {
      var cands = this.candidates(tokens[seq[p]], p + 1 < seq.length ? tokens[seq[p + 1]] : null);
      for (var c = 0; c < cands.length; c++) {
        var end = match(cands[c].elements, 0, p, seq, tokens, folded);
        if (end !== null) {
          hits.push({ cue: cands[c], start: tokens[seq[p]].start, end: tokens[seq[end - 1]].end,
            negated: this.negated(seq[p], tokens, folded) });
        }
      }
    }
    var entities = this.entities;
    return hits.sort(function (a, b) {
      return a.start - b.start || a.end - b.end || compare(entities[a.cue.entity].id, entities[b.cue.entity].id) ||
        compare(a.cue.text, b.cue.text);
    });
  };

  // Entities the text points to, strongest first: [{entity, hits, cues, strength}]
  Matcher.prototype.findings = function (text, hits) {
    var found = Object.create(null), entities = this.entities;
    (hits || this.scan(text)).forEach(function (hit) {
      if (hit.negated) return;
      var id = entities[hit.cue.entity].id;
      var f = found[id] || (found[id] = { entity: entities[hit.cue.entity], hits: [], distinct: Object.create(null) });
      f.hits.push(hit);
      f.distinct[hit.cue.text] = hit.cue;
    });
    return Object.keys(found).map(function (id) {
      var f = found[id], cues = Object.keys(f.distinct);
      f.cues = cues;
      f.strength = [cues.length, cues.reduce(function (s, k) { return s + f.distinct[k].specificity; }, 0)];
      return f;
    }).sort(function (a, b) {
      return b.strength[0] - a.strength[0] || b.strength[1] - a.strength[1] || compare(a.entity.id, b.entity.id);
    });
  };

  window.LucideVerifier = { Matcher: Matcher };

  // -- the page ------------------------------------------------------------------------------------

  var area = document.getElementById("offre");
  var out = document.getElementById("constats");
  if (!area || !out || !document.currentScript) return;
  var root = new URL("../", document.currentScript.src); // this file lives in <site>/assets/
  var status = document.getElementById("verifier-etat");
  var link = document.getElementById("verifier-lien");
  var withText = document.getElementById("verifier-avec-texte");
  var matcher = null, timer = 0, last = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The matched words in their sentence, with what comes before and after cut at word boundaries.
  function excerpt(text, hit) {
    var from = Math.max(0, hit.start - 70), to = Math.min(text.length, hit.end + 70);
    var before = text.slice(from, hit.start), after = text.slice(hit.end, to);
    if (from > 0) before = "…" + before.replace(/^\S*\s/, "");
    if (to < text.length) after = after.replace(/\s\S*$/, "") + "…";
    var li = el("li");
    li.appendChild(document.createTextNode(before.replace(/\s+/g, " ")));
    li.appendChild(el("mark", "", text.slice(hit.start, hit.end)));
    li.appendChild(document.createTextNode(after.replace(/\s+/g, " ")));
    return li;
  }

  // a cue as a reader reads it: "en [nombre] jours", "[somme] par mois"
  function readable(cue) {
    return "« " + cue.replace(/\{nombre\}/g, "[nombre]").replace(/\{argent\}/g, "[somme]") + " »";
  }

  function finding(text, f) {
    var li = el("li", "lucide-constat");
    var a = el("a");
    a.href = new URL(f.entity.url, root).pathname;
    a.appendChild(el("span", "lucide-constat-type", f.entity.kind));
    a.appendChild(document.createTextNode(" " + f.entity.title));
    li.appendChild(a);
    li.appendChild(el("p", "lucide-constat-indices",
      (f.cues.length > 1 ? f.cues.length + " indices : " : "Indice : ") + f.cues.map(readable).join(", ")));
    if (text) {
      var list = el("ul", "lucide-extraits");
      list.setAttribute("aria-label", "Passages de votre texte");
      f.hits.slice(0, 4).forEach(function (hit) { list.appendChild(excerpt(text, hit)); });
      if (f.hits.length > 4) list.appendChild(el("li", "lucide-extraits-suite", "et " + (f.hits.length - 4) + " autre(s) passage(s)"));
      li.appendChild(list);
    }
    return li;
  }

  function nothing() {
    var box = el("div", "lucide-rien");
    box.appendChild(el("p", "", "Aucun des signaux d'alerte ni des mythes connus de Lucide n'a été repéré dans ce texte. " +
      "Cela ne veut pas dire que l'offre est sûre : le vérificateur ne connaît que les formulations qu'on lui a apprises."));
    var questions = document.getElementById("questions-a-poser");
    if (questions) {
      box.appendChild(el("p", "", "Avant de vous engager, posez ces questions :"));
      var copy = questions.cloneNode(true);
      copy.removeAttribute("id");
      box.appendChild(copy);
    }
    return box;
  }

  function negatedNote(text, hits) {
    var negated = hits.filter(function (h) { return h.negated; });
    if (!negated.length) return null;
    var details = el("details", "lucide-ecartes");
    details.appendChild(el("summary", "", negated.length + " passage(s) écarté(s) : une négation les précède"));
    var list = el("ul", "lucide-extraits");
    negated.slice(0, 10).forEach(function (hit) { list.appendChild(excerpt(text, hit)); });
    details.appendChild(list);
    return details;
  }

  function render(text, found, hits) {
    out.textContent = "";
    if (!text.trim()) { status.textContent = "Collez un texte pour le vérifier."; return; }
    if (!found.length) {
      out.appendChild(nothing());
      status.textContent = "Rien de repéré dans ce texte.";
    } else {
      var list = el("ol", "lucide-constats");
      found.forEach(function (f) { list.appendChild(finding(text, f)); });
      out.appendChild(list);
      status.textContent = found.length + (found.length > 1 ? " constats" : " constat") + ", du plus net au moins net.";
    }
    var note = hits && negatedNote(text, hits);
    if (note) out.appendChild(note);
  }

  // Share link: the ids of the findings only; the pasted text joins them only when the reader asks.
  // Everything sits after "#", which browsers never send to a server.
  function updateLink() {
    if (!link) return;
    var params = new URLSearchParams();
    if (last.length) params.set("constats", last.map(function (f) { return f.entity.id; }).join(","));
    if (withText && withText.checked && area.value.trim()) params.set("texte", area.value);
    var url = new URL(window.location.href);
    url.hash = params.toString();
    link.value = params.toString() ? url.href : "";
  }

  function check() {
    if (!matcher) return;
    var start = performance.now();
    var text = area.value, hits = matcher.scan(text);
    last = matcher.findings(text, hits);
    render(text, last, hits);
    out.setAttribute("data-ms", Math.round(performance.now() - start)); // measured by verifier-eval --vitesse
    out.setAttribute("data-pret", "1"); // for tests: results match the text now in the box
    updateLink();
  }

  function shared() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    if (params.get("texte")) { area.value = params.get("texte"); return true; }
    var ids = (params.get("constats") || "").split(",").filter(Boolean);
    if (!ids.length) return false;
    var byId = Object.create(null);
    matcher.entities.forEach(function (e) { byId[e.id] = e; });
    last = ids.filter(function (id) { return byId[id]; }).map(function (id) {
      return { entity: byId[id], hits: [], cues: [] };
    });
    out.textContent = "";
    out.appendChild(el("p", "", "Constats partagés (sans le texte analysé) :"));
    var list = el("ol", "lucide-constats");
    last.forEach(function (f) {
      var li = el("li", "lucide-constat"), a = el("a");
      a.href = new URL(f.entity.url, root).pathname;
      a.appendChild(el("span", "lucide-constat-type", f.entity.kind));
      a.appendChild(document.createTextNode(" " + f.entity.title));
      li.appendChild(a);
      list.appendChild(li);
    });
    out.appendChild(list);
    status.textContent = last.length + " constat(s) partagé(s).";
    return false;
  }

  area.addEventListener("input", function () {
    out.removeAttribute("data-pret");
    clearTimeout(timer);
    timer = setTimeout(check, 150); // wait until typing or pasting stops
  });
  if (withText) withText.addEventListener("change", updateLink);
  var copy = document.getElementById("verifier-copier");
  if (copy) copy.addEventListener("click", function () {
    updateLink();
    if (!link.value) { status.textContent = "Rien à partager pour l'instant."; return; }
    link.select();
    if (navigator.clipboard) navigator.clipboard.writeText(link.value).then(function () { status.textContent = "Lien copié."; }, function () {});
  });
  var print = document.getElementById("verifier-imprimer");
  if (print) print.addEventListener("click", function () { window.print(); });

  status.textContent = "Chargement des indices…";
  fetch(new URL("verifier.json", root)).then(function (r) { return r.json(); }).then(function (data) {
    matcher = new Matcher(data);
    status.textContent = "Collez un texte pour le vérifier.";
    if (shared() || area.value) check();
  }, function () {
    status.textContent = "Les indices n'ont pas pu être chargés : rechargez la page.";
  });
})();
