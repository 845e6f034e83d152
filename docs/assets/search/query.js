/* Calmline search: the query layer. Pure functions, no page access.
 *
 * Pagefind ranks the pages but knows no synonyms and forgives no typos. This
 * layer turns what an agent typed into what to search for, using only
 * search/calmline.json (built from data/search.yml and the site's own words)
 * and the word lists of the first letters the query uses (search/words/):
 *
 *   normalise   lower-case, straight quotes, punctuation out, at most 200 characters;
 *               "cant" is "can't", "3rd" is "third", "1" is "one"
 *   correct     a word of 5+ letters the site never uses becomes the nearest site
 *               word with the same first letter (1 edit; 2 from 8 letters when the first 3 agree; ties go to two letters swapped
 *               or one left out ("angyr" is "angry", not "anger"), then to the longer shared start, up to 3
 *               letters, then to the more common word),
 *               or, first, a filler word with two letters swapped ("hwo"); the box says so
 *   phrases     a customer's words ("money back") become ours ("refund")
 *   stopwords   filler ("how do i", "what to say") is dropped, never every word
 *   synonyms    each remaining word becomes a concept: the word and its group
 *   intents     words that say which kind of page is wanted ("wording": phrasebook/),
 *               matched word for word, give its addresses; ui.js ranks those pages higher and searches them alone too
 *   answers     situations whose title, keywords or customers' sayings share
 *               the query's concepts (a saying's word, or a word of its synonym
 *               group), scored by overlap, each word weighed by how few share it
 *   fuse        Pagefind's scores per concept added up, so a page that matches
 *               more of the query ranks higher, and no word can empty the list
 *
 * The search box (ui.js), the tests and the benchmark all go through these
 * functions. Exposed as window.CalmlineQuery.
 */
(function (root) {
  "use strict";

  var MAX_QUERY = 200;
  var WORD = /[a-z][a-z'-]*[a-z]|[a-z]/g;
  var COMMON = 3;  // the band of the site's most frequent words (see prepare)

  function normalise(text) {
    var s = String(text || "").slice(0, MAX_QUERY * 2);
    if (s.normalize) s = s.normalize("NFKC");
    s = s.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
    return s.slice(0, MAX_QUERY);
  }

  /* Contractions typed without their apostrophe (only those that are no other word). */
  var CONTRACTIONS = {
    cant: "can't", dont: "don't", doesnt: "doesn't", didnt: "didn't", wont: "won't", wouldnt: "wouldn't",
    couldnt: "couldn't", shouldnt: "shouldn't", isnt: "isn't", arent: "aren't", wasnt: "wasn't",
    werent: "weren't", havent: "haven't", hasnt: "hasn't", im: "i'm", ive: "i've", youre: "you're",
    youve: "you've", youll: "you'll", theyre: "they're", thats: "that's", whats: "what's", theres: "there's",
    hes: "he's", shes: "she's", theyve: "they've", theyll: "they'll", youd: "you'd", weve: "we've",
    wouldve: "would've", couldve: "could've", shouldve: "should've"
  };
  /* One-word spellings of what the pages write as two (American "anymore", British "any more"). */
  var SPLIT = { anymore: ["any", "more"] };
  /* Irregular past forms, read as the verb when the site never uses the form
   * itself: Pagefind's stemmer joins "shouted" to "shout" but not "threw" to
   * "throw", and a typo fix would make "threw" into "three". */
  var IRREGULAR = {
    threw: "throw", thrown: "throw", spoke: "speak", spoken: "speak", broke: "break", swore: "swear", sworn: "swear",
    hung: "hang", rang: "ring", rung: "ring", told: "tell", said: "say", took: "take", taken: "take", gave: "give",
    given: "give", left: "leave", lost: "lose", paid: "pay", sent: "send", bought: "buy", brought: "bring",
    thought: "think", felt: "feel", kept: "keep", sold: "sell", stole: "steal", stolen: "steal", wrote: "write",
    written: "write", fought: "fight", hid: "hide", hidden: "hide", caught: "catch", taught: "teach", meant: "mean",
    understood: "understand", forgot: "forget", forgotten: "forget", began: "begin", begun: "begin", came: "come",
    saw: "see", seen: "see", knew: "know", known: "know", drove: "drive", driven: "drive", shook: "shake",
    shaken: "shake", bitten: "bite", struck: "strike", spat: "spit", ran: "run", sat: "sit"
  };
  /* Small numbers as words: "3rd time" is "third time", "1 star" is "one star". */
  var NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  var ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

  function tokens(text) {
    var s = normalise(text).replace(/\b(10|[0-9])(st|nd|rd|th)?\b/g, function (all, n, suffix) {
      return (suffix ? ORDINALS : NUMBERS)[Number(n)];
    });
    var out = [];
    (s.match(WORD) || []).forEach(function (w) {
      if (Object.prototype.hasOwnProperty.call(CONTRACTIONS, w)) out.push(CONTRACTIONS[w]);
      else if (Object.prototype.hasOwnProperty.call(SPLIT, w)) out.push.apply(out, SPLIT[w]);
      else out.push(w);
    });
    return out;
  }

  /* A light English stemmer, the same on both sides of every comparison. */
  function stem(word) {
    var w = word.replace(/'s$/, "").replace(/'/g, "");
    if (w.length <= 3) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/sses$/.test(w)) w = w.slice(0, -2);
    else if (/[^su]s$/.test(w) && !/is$/.test(w)) w = w.slice(0, -1);
    var m = /^(.{3,}?)(ingly|edly|ing|ed|ly)$/.exec(w);
    if (m) {
      w = m[1];
      if (/([b-df-hj-km-np-rtv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
    }
    if (w.length > 3 && /e$/.test(w)) w = w.slice(0, -1);
    return w;
  }

  /* Optimal string alignment distance, giving up above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* A front-coded word list (search.py's front_coded): "calm 4er 4ly" is calm, calmer, calmly. */
  function unfront(list) {
    var prev = "", out = [];
    (list ? list.split(" ") : []).forEach(function (entry) {
      var n = /^[1-9]/.test(entry) ? Number(entry[0]) : 0;
      prev = prev.slice(0, n) + (n ? entry.slice(1) : entry);
      out.push(prev);
    });
    return out;
  }

  /* Site words into the vocabulary; a word's value is its band, 0 (rare) to COMMON. */
  function learn(idx, words, band) {
    words.forEach(function (w) {
      if (Object.prototype.hasOwnProperty.call(idx.vocab, w)) return;
      idx.vocab[w] = band;
      idx.stems[stem(w)] = true;
      // A word search knew from the rules is a site word after all: its band counts now.
      if (idx.declared[w]) delete idx.declared[w];
      else if (w.length >= 4) idx.words.push(w);
    });
  }

  /* The word lists of one first letter (search/words/<letter>.json: bands 0 to 2, front-coded). */
  function addWords(idx, letter, lists) {
    lists.forEach(function (list, band) { learn(idx, unfront(list), band); });
    idx.loaded[letter] = true;
  }

  /* The first letters whose word lists `query` needs and the vocabulary lacks:
   * a word is looked up (known, corrected, still being typed) by its first letter. */
  function lettersNeeded(idx, query) {
    var out = [];
    tokens(query).forEach(function (w) {
      var c = w[0];
      if (w.length >= 3 && idx.letters.indexOf(c) !== -1 && !idx.loaded[c] && out.indexOf(c) === -1) out.push(c);
    });
    return out;
  }

  /* Everything derived once from calmline.json; data.words (every letter's lists), if there, is added too. */
  function prepare(data) {
    var idx = {
      stop: {}, phrases: [], group: {}, groups: data.synonyms || [], vocab: {}, letters: data.letters || "",
      loaded: {}, unsearched: {}, stems: {}, words: [], declared: Object.create(null), answers: []
    };
    (data.stopwords || []).forEach(function (w) { idx.stop[w] = true; });
    (data.unsearched || []).forEach(function (m) { idx.unsearched[m] = true; });
    learn(idx, unfront(data.common), COMMON);
    Object.keys(data.phrases || {}).forEach(function (said) {
      idx.phrases.push({ words: said.split(" "), ours: data.phrases[said] });
    });
    idx.groups.forEach(function (members, g) {
      members.forEach(function (m) {
        idx.group[m] = g;
        if (m.indexOf(" ") === -1) idx.group["~" + stem(m)] = g;
        else idx.phrases.push({ words: m.split(" "), ours: m });
      });
    });
    // Longest first: customer phrases and multi-word synonyms are matched greedily.
    idx.phrases.sort(function (a, b) { return b.words.length - a.words.length; });
    // The words search understands without the pages (synonyms, customers'
    // phrases) are worth correcting to as well: "screming" is "screaming".
    var declared = [];
    idx.groups.forEach(function (members) { declared = declared.concat(members); });
    Object.keys(data.phrases || {}).forEach(function (said) { declared.push(said, data.phrases[said]); });
    declared.join(" ").split(/[\s-]+/).forEach(function (w) {
      if (w.length >= 4 && /^[a-z']+$/.test(w) && !Object.prototype.hasOwnProperty.call(idx.vocab, w) && !idx.declared[w]) {
        idx.declared[w] = true;
        idx.words.push(w);
      }
    });
    Object.keys(data.words || {}).forEach(function (letter) { addWords(idx, letter, data.words[letter]); });
    // Intents: words that say what kind of page is wanted ("wording" -> phrasebook/).
    // Matched word for word, not by stem: "wording" must not catch "a new word".
    idx.intents = (data.intents || []).map(function (intent) {
      return { pages: intent.pages, phrases: intent.words.map(function (w) { return tokens(w); }) };
    });
    (data.answers || []).forEach(function (answer) {
      // Titles and keywords are our words: matched through the synonym groups.
      // Sayings are the customer's words: matched word for word (stems only).
      var sets = [answer.title].concat(answer.keywords || []).map(function (text) { return canonSet(idx, text, false); })
        .concat(sentences(idx, answer.sayings || []).map(function (text) { return canonSet(idx, text, true); }))
        .filter(function (set) { return set.keys.length; });
      idx.answers.push({ answer: answer, sets: sets });
    });
    // How telling each word is: a word in the title, keywords or sayings of
    // few situations says more about which one is meant than a word most share.
    var df = {};
    idx.answers.forEach(function (a) {
      var mine = {};
      a.sets.forEach(function (set) { set.keys.forEach(function (k) { mine[k] = true; }); });
      Object.keys(mine).forEach(function (k) { df[k] = (df[k] || 0) + 1; });
    });
    idx.df = df;
    idx.nAnswers = idx.answers.length;
    idx.answers.forEach(function (a) { a.sets.forEach(function (set) { set.weight = weigh(idx, set.keys); }); });
    return idx;
  }

  /* Each saying, and each sentence of a saying of several: an agent often types
   * one part of what was said ("what are you wearing" of "You sound sexy. What
   * are you wearing?"), which should match as well as the whole saying would.
   * A sentence that is one common word once filler is dropped ("I'll find
   * you.") is too weak to stand alone: it stays part of its saying only.
   * (COMMON: the vocabulary's top band, words on ten or more pages.) */
  function sentences(idx, sayings) {
    var out = [];
    sayings.forEach(function (text) {
      out.push(text);
      var parts = String(text).split(/[.!?]+\s+/);
      if (parts.length < 2) return;
      parts.forEach(function (part) {
        var said = meaningful(idx, applyPhrases(idx, tokens(part)));
        if (said.length > 1 || (said.length === 1 && idx.vocab[said[0].text] !== COMMON)) out.push(part);
      });
    });
    return out;
  }

  /* The weight of a concept key: log(1 + situations / situations that use it); highest for a key none uses. */
  function weight(idx, key) {
    var n = Object.prototype.hasOwnProperty.call(idx.df, key) ? idx.df[key] : 0;
    return Math.log(1 + idx.nAnswers / Math.max(n, 1));
  }

  function weigh(idx, keys) {
    var total = 0;
    keys.forEach(function (k) { total += weight(idx, k); });
    return total;
  }

  function groupOf(idx, word) {
    if (Object.prototype.hasOwnProperty.call(idx.group, word)) return idx.group[word];
    var key = "~" + stem(word);
    return Object.prototype.hasOwnProperty.call(idx.group, key) ? idx.group[key] : -1;
  }

  function known(idx, word) {
    return Object.prototype.hasOwnProperty.call(idx.vocab, word) || idx.stop[word] || groupOf(idx, word) !== -1 ||
      Object.prototype.hasOwnProperty.call(idx.stems, stem(word));
  }

  /* How many letters two words share at the start: typos fall late in a word more than early. */
  function sharedStart(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  /* Two letters swapped next to each other ("hwo" for "how"): the commonest slip in a short word. */
  function swapped(a, b) {
    if (a.length !== b.length || a === b) return false;
    var i = 0;
    while (a[i] === b[i]) i++;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }

  /* The site word nearest to `word`, or null: words of 5+ letters, 1 edit (2 from 8 letters, first 3 letters kept),
   * the first letter always kept (a slip there is rare: "dumped" is no "jumped", "penny" no "jenny");
   * among equally near words, the one with two letters swapped or one letter left out (the commonest
   * slips), then the one that shares more of the start (up to 3 letters), then the more common.
   * Any word the site never uses may first be a filler word with two letters swapped ("hwo"). */
  function correct(idx, word) {
    if (word.length < 3 || known(idx, word)) return null;
    for (var f in idx.stop) if (swapped(word, f)) return f;
    if (word.length < 5) return null;
    var max = word.length >= 8 ? 2 : 1, best = null, bestD = max + 1, bestN = -1;
    for (var i = 0; i < idx.words.length; i++) {
      var w = idx.words[i];
      if (w[0] !== word[0] || Math.abs(w.length - word.length) > max) continue;
      var d = distance(word, w, Math.min(max, bestD));
      // Two edits only where the first three letters agree: "threatnig" is "threatening",
      // but "mumbling" is no slip for "rambling", nor "giggling" for "haggling".
      if (d === 2 && sharedStart(word, w) < 3) continue;
      var n = (swapped(word, w) || (d === 1 && w.length === word.length + 1) ? 100 : 0) + 10 * Math.min(sharedStart(word, w), 3) + (idx.declared[w] ? COMMON : idx.vocab[w]);
      if (d < bestD || (d === bestD && d <= max && n > bestN)) { best = w; bestD = d; bestN = n; }
    }
    return bestD <= max ? best : null;
  }

  function startsStopword(idx, word) {
    for (var w in idx.stop) if (w.indexOf(word) === 0) return true;
    return false;
  }

  function isPrefix(idx, word) {
    if (word.length < 3) return true;
    for (var i = 0; i < idx.words.length; i++) if (idx.words[i].indexOf(word) === 0) return true;
    return false;
  }

  /* The parts of applyPhrases' output that carry meaning: declared phrases, and words that are not filler. */
  function meaningful(idx, parts) {
    return parts.filter(function (p) { return p.from || !idx.stop[p.text]; });
  }

  /* Replace the longest declared phrases (customer phrases, multi-word synonyms) in a word list. */
  function applyPhrases(idx, words) {
    var out = [];
    for (var i = 0; i < words.length;) {
      var hit = null;
      for (var p = 0; p < idx.phrases.length && !hit; p++) {
        var ph = idx.phrases[p].words;
        if (ph.length < 2 && idx.phrases[p].ours === words[i]) continue;
        var ok = ph.length <= words.length - i;
        for (var k = 0; ok && k < ph.length; k++) ok = ph[k] === words[i + k] || stem(ph[k]) === stem(words[i + k]);
        if (ok) hit = idx.phrases[p];
      }
      if (hit) { out.push({ text: hit.ours, from: hit.words.join(" ") }); i += hit.words.length; }
      else { out.push({ text: words[i] }); i += 1; }
    }
    return out;
  }

  /* What to search for. `typing`: the last word is still being typed. */
  function understand(idx, query, typing) {
    var raw = tokens(query), corrected = [], words = [];
    raw.forEach(function (w, i) {
      var last = i === raw.length - 1;
      if (last && typing && !known(idx, w) && isPrefix(idx, w)) {
        // Still being typed: a prefix of a site word. Too short to mean anything
        // yet, or the start of a filler word ("custom" of "customer")? Wait for more.
        if (w.length >= 3 && !startsStopword(idx, w)) words.push(w);
        return;
      }
      if (Object.prototype.hasOwnProperty.call(IRREGULAR, w) && !known(idx, w)) { words.push(IRREGULAR[w]); return; }
      var fix = correct(idx, w);
      if (fix) corrected.push([w, fix]);
      words.push(fix || w);
    });
    words = withoutManner(idx, words);
    var intents = intentsOf(idx, words);
    var parts = applyPhrases(idx, words);
    var kept = meaningful(idx, parts);
    var fillerOnly = !kept.length && parts.length > 0;
    if (fillerOnly) kept = parts;  // never drop every word
    var concepts = [], seen = {};
    kept.forEach(function (p, i) {
      var g = groupOf(idx, p.text);
      var key = keyOf(idx, p.text);
      if (seen[key]) return;
      seen[key] = true;
      // Search the group's words that the site uses; the others can only add noise.
      var alts = g === -1 ? [p.text] : [p.text].concat(idx.groups[g].filter(function (m) {
        return m !== p.text && !idx.unsearched[m];
      }));
      var lit = "w:" + stem(p.text);
      var prefix = typing && i === kept.length - 1 && !p.from && g === -1;
      // A word of 4+ letters that is on no page (and starts none) matches nothing:
      // left to Pagefind, it would match the longest site word it starts with.
      var nowhere = g === -1 && !p.from && p.text.length >= 4 && !known(idx, p.text) && !(prefix && isPrefix(idx, p.text));
      concepts.push({ key: key, lit: lit, text: p.text, alts: nowhere ? [] : alts, prefix: prefix });
    });
    return {
      query: normalise(query),
      shown: corrected.length ? words.join(" ") : null,
      corrected: corrected,
      concepts: concepts,
      intents: intents,
      fillerOnly: fillerOnly  // every word is filler ("customer", "how do i"): searched, but after a pause
    };
  }

  /* "without sounding rude": the word after says how the agent must not come
   * across, not what the query is about; searched, it would lead to the pages
   * on rude customers. It is left out (the filler before it stays). */
  var MANNER = [["without", "sounding"], ["without", "being"], ["without", "seeming"], ["without", "coming", "across"]];
  function withoutManner(idx, words) {
    var out = [];
    for (var i = 0; i < words.length; i++) {
      out.push(words[i]);
      var lead = MANNER.filter(function (ph) { return ph.every(function (w, k) { return words[i + k] === w; }); })[0];
      if (!lead) continue;
      out.push.apply(out, lead.slice(1));
      var j = i + lead.length;
      while (j < words.length && idx.stop[words[j]]) out.push(words[j++]);
      i = j;  // the word at j is dropped
    }
    return out;
  }

  /* The pages (address prefixes) of every intent whose words the query says. */
  function intentsOf(idx, words) {
    var out = [];
    var seq = words.filter(function (w) { return !ARTICLES[w]; });
    idx.intents.forEach(function (intent) {
      if (intent.phrases.some(function (ph) { return says(seq, ph); })) out = out.concat(intent.pages);
    });
    return out;
  }

  /* Does the query say the phrase? Its words in order, word for word; "a", "an"
   * and "the" left out on both sides; "it", "that" and "this" stand for each
   * other; up to INTENT_GAP other words between two of its words: "after a
   * call" is said by "after an abusive call", "add a term" by "add new glossary
   * term", "what does it mean" by "what does that mean". */
  var ARTICLES = { a: true, an: true, the: true };
  var POINTERS = { it: true, that: true, "this": true };
  var INTENT_GAP = 2;
  function same(a, b) { return a === b || (POINTERS[a] === true && POINTERS[b] === true); }
  function says(seq, phrase) {
    var want = phrase.filter(function (w) { return !ARTICLES[w]; });
    if (!want.length) return false;
    for (var i = 0; i < seq.length; i++) {
      if (!same(seq[i], want[0])) continue;
      var at = i, k = 1;
      while (k < want.length) {
        var next = -1;
        for (var j = at + 1; j <= at + 1 + INTENT_GAP && j < seq.length; j++) {
          if (same(seq[j], want[k])) { next = j; break; }
        }
        if (next === -1) break;
        at = next;
        k++;
      }
      if (k === want.length) return true;
    }
    return false;
  }

  /* Concept keys of a text (title, keyword, saying), stopwords and phrases applied.
   * `literal`: keys of the words themselves, not of their synonym groups. */
  function canonSet(idx, text, literal) {
    var parts = meaningful(idx, applyPhrases(idx, tokens(text)));
    var keys = [], groups = [];
    parts.forEach(function (p) {
      var key = literal ? "w:" + stem(p.text) : keyOf(idx, p.text);
      if (keys.indexOf(key) === -1) { keys.push(key); groups.push(keyOf(idx, p.text)); }
    });
    return { keys: keys, groups: groups, literal: literal };
  }

  function keyOf(idx, text) {
    var g = groupOf(idx, text);
    return g === -1 ? "w:" + stem(text) : "g:" + g;
  }

  /* Situations whose title, keywords or sayings the query matches: [{answer, score}], best first.
   * Score: the share of the phrase the query covers, times the square root of
   * the share of the query the phrase covers (1 when they are the same). Each
   * word counts by how telling it is (weight): sharing "racist" says more than sharing "call". */
  function matchAnswers(idx, understood) {
    var q = understood.concepts.map(function (c) { return c.key; });
    var lit = understood.concepts.map(function (c) { return c.lit; });
    if (!q.length) return [];
    var qWeight = weigh(idx, q), litWeight = weigh(idx, lit);
    var out = [];
    idx.answers.forEach(function (a) {
      var best = 0;
      a.sets.forEach(function (set) {
        var mine = set.literal ? lit : q;
        // A saying's word matches the same word, or a word of its synonym group ("pills", "tablets").
        var shared = set.keys.filter(function (k, i) {
          return mine.indexOf(k) !== -1 || (set.literal && set.groups[i].charAt(0) === "g" && q.indexOf(set.groups[i]) !== -1);
        });
        if (!shared.length) return;
        var sharedWeight = weigh(idx, shared);
        var score = (sharedWeight / set.weight) * Math.sqrt(sharedWeight / (set.literal ? litWeight : qWeight));
        if (score > best) best = score;
      });
      if (best > 0) out.push({ answer: a.answer, score: best });
    });
    out.sort(function (x, y) { return y.score - x.score; });
    return out;
  }

  /* A title's hyphenated words as separate words ("follow-up" is "follow up", as agents type it),
   * except those a synonym group names whole ("self-harm"). */
  function unhyphen(idx, text) {
    return String(text).replace(/[A-Za-z]+(?:-[A-Za-z]+)+/g, function (w) {
      return groupOf(idx, w.toLowerCase()) !== -1 ? w : w.replace(/-/g, " ");
    });
  }

  /* How well a page's title says what the query says: the share of the title's
   * words the query has, times the share of the query's words the title has
   * (1 when they are the same words, 0 when they share none). */
  function titleMatch(idx, understood, title) {
    var q = understood.concepts.map(function (c) { return c.key; });
    var keys = title ? canonSet(idx, unhyphen(idx, title), false).keys : [];
    if (!q.length || !keys.length) return 0;
    var shared = keys.filter(function (k) { return q.indexOf(k) !== -1; }).length;
    return (shared / keys.length) * (shared / q.length);
  }

  /* Add up Pagefind's results per concept: [{id, score, matched}], best first.
   * perConcept[i] is a list of Pagefind result lists, one per alternative. */
  function fuse(perConcept) {
    var total = {}, matched = {}, n = perConcept.length;
    perConcept.forEach(function (alternatives) {
      var best = {};
      alternatives.forEach(function (results) {
        (results || []).forEach(function (r) {
          if (!(r.id in best) || r.score > best[r.id]) best[r.id] = r.score;
        });
      });
      Object.keys(best).forEach(function (id) {
        total[id] = (total[id] || 0) + best[id];
        matched[id] = (matched[id] || 0) + 1;
      });
    });
    return Object.keys(total).map(function (id) {
      var cover = matched[id] / n;
      return { id: id, score: total[id] * cover * cover, matched: matched[id] };
    }).sort(function (a, b) { return b.score - a.score; });
  }

  root.CalmlineQuery = {
    MAX_QUERY: MAX_QUERY,
    normalise: normalise,
    tokens: tokens,
    stem: stem,
    distance: distance,
    prepare: prepare,
    addWords: addWords,
    lettersNeeded: lettersNeeded,
    correct: correct,
    understand: understand,
    matchAnswers: matchAnswers,
    titleMatch: titleMatch,
    fuse: fuse
  };
})(window);
