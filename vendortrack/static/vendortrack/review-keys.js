/* Keyboard shortcuts of the review queue and the finding page, and nothing else (htmx does the rest).
   Queue: j/k or the arrow keys move between findings, Enter opens one (a plain link), a/n/w/f open it with that
   decision chosen. Finding page: j/k go to the next/previous finding, a/n/w/f open a decision, u goes to the next
   undecided one. "?" shows the help. Every shortcut has a control reachable with Tab; keys typed into a field are
   left alone. */
(function () {
  "use strict";
  var DECISIONS = { a: "accept", n: "negotiate", w: "waive", f: "false_positive" };

  function typing(event) {
    var target = event.target;
    return target.closest && target.closest("input, textarea, select, [contenteditable], dialog[open]");
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-review-link]"));
  }

  function move(step) {
    var links = rows();
    if (!links.length) return false;
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(Math.max(index + step, 0), links.length - 1);
    links[next].focus();
    links[next].scrollIntoView({ block: "nearest" });
    return true;
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (!link) return false;
    window.location.assign(link.href);
    return true;
  }

  function openDecision(panel) {
    panel.open = true;
    var field = panel.querySelector("textarea, button[type=submit]");
    if (field) field.focus();
  }

  function decide(key) {
    var panel = document.querySelector('[data-decision-key="' + key + '"]');
    if (panel) {
      openDecision(panel);
      return true;
    }
    var selected = rows().indexOf(document.activeElement) >= 0 ? document.activeElement : null;
    if (!selected) return false;
    window.location.assign(selected.href + "#decide-" + DECISIONS[key]);
    return true;
  }

  function showHelp() {
    var help = document.getElementById("review-keys");
    if (!help || !help.showModal) return false;
    help.showModal();
    return true;
  }

  function handle(key) {
    var onQueue = rows().length > 0;
    if (key === "j" || (onQueue && key === "ArrowDown")) return onQueue ? move(1) : follow("[data-key-next]");
    if (key === "k" || (onQueue && key === "ArrowUp")) return onQueue ? move(-1) : follow("[data-key-prev]");
    if (key === "u") return follow("[data-key-next-undecided]");
    if (DECISIONS[key]) return decide(key);
    if (key === "?") return showHelp();
    return false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (handle(event.key)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-keys-help]")) showHelp();
  });

  // After a decision is recorded the card is swapped: put the focus on the way on.
  document.addEventListener("htmx:afterSwap", function (event) {
    var next = event.detail.target.querySelector && document.querySelector("#decision-card [data-key-next-undecided]");
    if (next && document.getElementById("decision-card").querySelector("[role=status]")) next.focus();
  });

  // A finding opened from the queue with a decision key (#decide-waive) opens that decision.
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  if (target && target.tagName === "DETAILS") openDecision(target);
})();
