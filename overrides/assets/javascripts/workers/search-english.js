/* Partnership Playbook: the search worker of the English pages.

   It runs the theme's search worker, named in this script's address
   (search-english.js?theme=search.<hash>.min.js), and makes English search find every
   form of a word. As the reader types, the theme adds a wildcard to each word
   ("policies" becomes "policies*"), and lunr does not stem words with a wildcard, so
   "policies" found nothing on pages that say "policy". Here each plain English word is
   stemmed as the index is (lunr's Porter stemmer) before its wildcard: "policies*"
   becomes "polici*", which finds both. Chinese pages use the theme's worker as it is.

   Opened from disk, the worker runs in a frame (the iframe-worker shim), where
   importScripts is asynchronous and resolves addresses against the page: the theme's
   worker is named by its full address, and the change waits until it has loaded. */
(function () {
  "use strict";

  var address = typeof document === "undefined" ? self.location.href : document.querySelector("script[src]").src;
  var theme = /[?&]theme=([\w.-]+)/.exec(address)[1];
  var folder = address.split("?")[0].replace(/[^/]*$/, "");

  Promise.resolve(importScripts(folder + theme)).then(function () {
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (options) {
      var word = typeof options.term === "string" && /^([a-z]+)\*$/.exec(options.term);
      if (word) {
        options.term = lunr.stemmer(new lunr.Token(word[1])).toString() + "*";
      }
      return clause.call(this, options);
    };
  });
})();
