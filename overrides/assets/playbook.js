/* Partnership Playbook: checklists that remember, the current month, the Board-review helper
   and the recognitions filter. Plain script, no dependencies; everything works from disk.
   Without JavaScript the page still shows every item, rule and recognition. */
(function () {
  "use strict";

  var STORE = "pb:check:";

  function storage() {
    try {
      var probe = STORE + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode or storage turned off: ticks simply are not saved
    }
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return key in values ? String(values[key]) : match;
    });
  }

  /* Checklists: each tick is saved under the checklist's and the item's id, which are the
     same in every language, so a tick made on the English page shows on the Chinese one. */
  function setUpChecklist(section, store) {
    var checklistId = section.getAttribute("data-pb-checklist");
    var boxes = Array.prototype.slice.call(section.querySelectorAll("input[type=checkbox][data-item]"));
    var status = section.querySelector("[data-pb-count]");

    function key(box) {
      return STORE + checklistId + ":" + box.getAttribute("data-item");
    }

    /* An item that replaced retired ones (data/retired.yaml) lists them as checklist/item:
       a tick saved under a retired item moves to it once, and the old key is removed. */
    function moveRetiredTicks(box) {
      (box.getAttribute("data-replaces") || "").split(" ").forEach(function (old) {
        var parts = old.split("/");
        var oldKey = STORE + parts[0] + ":" + parts[1];
        if (parts.length === 2 && store.getItem(oldKey) === "1") {
          store.setItem(key(box), "1");
          store.removeItem(oldKey);
        }
      });
    }

    function updateCount() {
      var done = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = fill(status.getAttribute("data-template"), { done: done, total: boxes.length });
      section.classList.toggle("pb-checklist--complete", done === boxes.length);
    }

    boxes.forEach(function (box) {
      if (store) {
        moveRetiredTicks(box);
        box.checked = store.getItem(key(box)) === "1";
      }
      box.addEventListener("change", function () {
        if (store) {
          if (box.checked) {
            store.setItem(key(box), "1");
          } else {
            store.removeItem(key(box));
          }
        }
        updateCount();
      });
    });

    var clear = section.querySelector("[data-pb-clear]");
    clear.addEventListener("click", function () {
      if (!window.confirm(clear.getAttribute("data-confirm"))) {
        return;
      }
      boxes.forEach(function (box) {
        box.checked = false;
        if (store) {
          store.removeItem(key(box));
        }
      });
      updateCount();
      boxes[0].focus();
    });

    Array.prototype.forEach.call(section.querySelectorAll("[data-pb-print]"), function (button) {
      button.addEventListener("click", function () {
        var mode = button.getAttribute("data-pb-print");
        document.body.classList.add("pb-printing", "pb-print-" + mode);
        section.classList.add("pb-print-target");
        window.print();
      });
    });

    updateCount();
  }

  window.addEventListener("afterprint", function () {
    document.body.classList.remove("pb-printing", "pb-print-blank", "pb-print-progress");
    Array.prototype.forEach.call(document.querySelectorAll(".pb-print-target"), function (section) {
      section.classList.remove("pb-print-target");
    });
  });

  /* Timeline: mark the month the reader is in, if it falls in the school year shown. */
  function markCurrentMonth(timeline, today) {
    var month = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0");
    var current = timeline.querySelector('[data-month="' + month + '"]');
    if (!current) {
      return;
    }
    current.classList.add("pb-timeline__month--current");
    current.setAttribute("aria-current", "date");
    current.querySelector(".pb-timeline__now").hidden = false;
  }

  /* On a phone the answer appears below the button, off the screen: bring it into view.
     It is a live region, so screen readers announce it wherever it is. */
  function showAnswer(result) {
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    result.scrollIntoView({ block: "nearest", behavior: reduce ? "auto" : "smooth" });
  }

  /* Board review (policy 4270): the rules are in the page as data attributes; the same rules
     are shown as text above the form for readers without JavaScript. */
  function setUpBoardReview(section) {
    var form = section.querySelector("[data-pb-board-form]");
    var result = section.querySelector("[data-pb-board-result]");
    var rules = Array.prototype.slice.call(section.querySelectorAll("[data-condition]"));
    form.hidden = false;

    function wholeNumber(input) {
      var text = input.value.trim();
      return /^\d+$/.test(text) ? Number(text) : null;
    }

    /* The amount is a text field, not type=number: Firefox and WebKit refuse "$250,000" and
       "250,000" in a number field, and Chromium quietly reads "250k" as 250. A leading dollar
       sign and commas between groups of three digits are allowed; full-width forms typed with
       a Chinese keyboard are folded first. Anything else is null, and the reader is told. */
    function wholeDollars(input) {
      var text = input.value.normalize("NFKC").trim().replace(/^\$\s*/, "");
      return /^(\d{1,3}(,\d{3})+|\d+)$/.test(text) ? Number(text.replace(/,/g, "")) : null;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {
        value_usd: wholeDollars(form.elements.value_usd),
        duration_months: wholeNumber(form.elements.duration_months),
        lead_autonomy: form.elements.lead_autonomy.checked
      };
      result.textContent = "";
      rules.forEach(function (rule) { rule.classList.remove("pb-board__rule--applies"); });
      if (answers.value_usd === null || answers.duration_months === null) {
        result.textContent = result.getAttribute("data-invalid");
        showAnswer(result);
        return;
      }
      var met = rules.filter(function (rule) {
        var value = answers[rule.getAttribute("data-input")];
        var threshold = Number(rule.getAttribute("data-threshold"));
        switch (rule.getAttribute("data-operator")) {
          case "at_least": return value >= threshold;
          case "more_than": return value > threshold;
          case "is_true": return value === true;
          default: return false;
        }
      });
      var lead = document.createElement("p");
      lead.textContent = result.getAttribute(met.length ? "data-yes" : "data-no");
      result.appendChild(lead);
      if (met.length) {
        var list = document.createElement("ul");
        met.forEach(function (rule) {
          rule.classList.add("pb-board__rule--applies");
          var item = document.createElement("li");
          item.setAttribute("data-met", rule.getAttribute("data-condition"));
          item.textContent = rule.querySelector("strong").textContent;
          list.appendChild(item);
        });
        result.appendChild(list);
      }
      showAnswer(result);
    });
  }

  /* Recognitions: filter by school year and focus area. */
  function setUpFilter(form) {
    var cards = Array.prototype.slice.call(document.querySelectorAll(".pb-recognition"));
    var year = form.querySelector('[data-filter="year"]');
    var focus = form.querySelector('[data-filter="focus"]');
    var count = form.querySelector("[data-pb-filter-count]");
    form.hidden = false;

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var matches = (!year.value || card.getAttribute("data-year") === year.value) &&
          (!focus.value || card.getAttribute("data-focus").split(" ").indexOf(focus.value) >= 0);
        card.hidden = !matches;
        shown += matches ? 1 : 0;
      });
      Array.prototype.forEach.call(document.querySelectorAll(".pb-recognitions"), function (group) {
        group.hidden = !group.querySelector(".pb-recognition:not([hidden])");
      });
      count.textContent = fill(count.getAttribute("data-template"), { shown: shown, total: cards.length });
    }

    year.addEventListener("change", apply);
    focus.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function start() {
    var store = storage();
    /* Controls and notes that only the script makes true (print, clear, saved ticks) are
       hidden in the page and shown here, so a reader without JavaScript never meets them. */
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-needs-script]"), function (element) {
      element.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-checklist]"), function (section) {
      setUpChecklist(section, store);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-timeline]"), function (timeline) {
      markCurrentMonth(timeline, new Date());
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-board]"), setUpBoardReview);
    Array.prototype.forEach.call(document.querySelectorAll("[data-pb-filter]"), setUpFilter);
  }

  /* The theme searches on key up; text that arrives without a key (an input method, a paste
     from a menu, dictation) must search too. */
  document.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("md-search__input")) {
      event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });

  /* Served over http(s), the site's service worker (offline-worker.js at the site's top, one
     folder above this script) keeps the pages of this page's language for reading offline.
     From disk there is nothing to keep: the reader already has every file. */
  var thisScript = document.currentScript;
  function keepForOffline() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || !thisScript) {
      return;
    }
    var worker = new URL("../offline-worker.js", thisScript.src);
    navigator.serviceWorker.register(worker.href).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      registration.active.postMessage({ keep: location.href });
    }).catch(function () { /* a browser that refuses workers still shows the page */ });
  }

  keepForOffline();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
