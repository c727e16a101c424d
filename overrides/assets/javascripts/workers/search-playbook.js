/* Partnership Playbook: the search worker of every page.

   It runs the theme's search worker, named in this script's address
   (search-playbook.js?theme=search.<hash>.min.js&lang=en&words=<file>), and makes search
   find what readers type:
   - before the theme sees a query, Traditional Chinese characters are folded to Simplified
     and the playbook's own words are added for the words readers use (data/search_synonyms.yaml);
     both tables are written at build time into the <lang>/search/query_words.js file named
     by `words`;
   - English words are stemmed as the index is (lunr's Porter stemmer) before the theme's
     wildcard ("policies*" becomes "polici*", which finds "policy"), a stop word never gets
     a wildcard ("check-in" must not look for every word starting with "in"), and a word of
     five letters or more also matches with one letter wrong ("memorandom").
   Chinese query splitting is fixed in the theme's worker itself at build time (see
   macros/site/theme.py, fix_chinese_query_split).

   Opened from disk, the worker runs in a frame (the iframe-worker shim), where
   importScripts is asynchronous and resolves addresses against the page: scripts are
   named by their full address, and the changes wait until they have loaded. */
(function () {
  "use strict";

  var address = typeof document === "undefined" ? self.location.href : document.querySelector("script[src]").src;
  var parameter = function (name) {
    var match = new RegExp("[?&]" + name + "=([^&]+)").exec(address);
    return match ? decodeURIComponent(match[1]) : null;
  };
  var folder = address.split("?")[0].replace(/[^/]*$/, "");
  var lang = parameter("lang");
  var words = { fold: {}, synonyms: [] };
  var SEARCH_QUERY = 2; // the theme's message type for a query

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function rewrite(query) {
    var text = query.replace(/[\u3400-\u9fff\uf900-\ufaff]/g, function (character) {
      return words.fold[character] || character;
    });
    words.synonyms.forEach(function (entry) {
      var reader = entry[0], playbook = entry[1];
      if (lang === "zh") {
        text = text.split(reader).join(" " + playbook + " ");
      } else if (new RegExp("(^|[\\s-])" + escapeRegExp(reader) + "($|[\\s-])", "i").test(text)) {
        text += " " + playbook;
      }
    });
    return text.replace(/\s+/g, " ").trim();
  }

  /* The theme's worker listens for queries; it hears them rewritten. */
  var listen = self.addEventListener;
  self.addEventListener = function (type, handler, options) {
    if (type === "message") {
      var heard = handler;
      handler = function (event) {
        var message = event.data;
        if (message && message.type === SEARCH_QUERY && typeof message.data === "string") {
          return heard.call(this, { data: { type: SEARCH_QUERY, data: rewrite(message.data) } });
        }
        return heard.call(this, event);
      };
    }
    return listen.call(self, type, handler, options);
  };

  var wordsFile = parameter("words");
  Promise.resolve(wordsFile ? importScripts(folder + wordsFile) : null).then(function () {
    words = self.playbookQueryWords || words;
    return importScripts(folder + parameter("theme"));
  }).then(function () {
    if (lang !== "en") {
      return;
    }
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (options) {
      var word = typeof options.term === "string" && /^([a-z]+)\*$/.exec(options.term);
      if (!word) {
        return clause.call(this, options);
      }
      if (lunr.stopWordFilter(new lunr.Token(word[1])) === undefined) {
        return this; // a stop word, dropped as the index dropped it
      }
      var stem = lunr.stemmer(new lunr.Token(word[1])).toString();
      clause.call(this, Object.assign({}, options, { term: stem + "*" }));
      if (word[1].length >= 5) {
        clause.call(this, Object.assign({}, options, {
          term: stem, wildcard: lunr.Query.wildcard.NONE, editDistance: 1, usePipeline: false, boost: 0.5
        }));
      }
      return this;
    };
  });
})();
