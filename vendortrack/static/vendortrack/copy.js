/* A "Copy" button copies the text of the element its data-copy-target names, and says so in its status line.
   Without the clipboard API (a page not served over HTTPS, an old browser) it selects the text instead, so
   Ctrl+C finishes the job. */
(function () {
  "use strict";

  function announce(button, message) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) {
      status.textContent = message;
    }
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    if (!source) {
      return;
    }
    var text = source.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(button, "Copied to the clipboard."); },
        function () { selectText(source); announce(button, "Selected: press Ctrl+C to copy."); }
      );
    } else {
      selectText(source);
      announce(button, "Selected: press Ctrl+C to copy.");
    }
  });
})();
