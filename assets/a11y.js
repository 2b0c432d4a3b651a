// Accessibility repairs of third-party components that their Python props cannot reach
// (checked by axe-core in tests/browser/test_accessibility.py):
// * dcc.Dropdown puts an aria-hidden focus proxy in the tab order: take it out (the dropdown's
//   own button stays focusable, and a label's click still focuses the proxy);
// * dcc.Slider's thumb has no name: it takes the aria-label of its [data-sv-label] wrapper;
// * dcc.Upload's hidden file input has no label: it takes the drop zone's text;
// * an open dcc.Dropdown focuses its chosen option, so typing went nowhere: a printable key
//   there goes to the dropdown's search box instead.
(function () {
    document.addEventListener("keydown", function (event) {
        var target = event.target;
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey || event.key === " ") {
            return;
        }
        if (!target.closest || !target.closest(".dash-options-list, .dash-dropdown-content")) {
            return;
        }
        if (target.classList.contains("dash-dropdown-search")) {
            return;
        }
        var holder = target.parentElement;
        var search = null;
        while (holder && !(search = holder.querySelector(".dash-dropdown-search"))) {
            holder = holder.parentElement;
        }
        if (search) {
            event.preventDefault();
            event.stopPropagation();
            search.focus();
            document.execCommand("insertText", false, event.key);
        }
    }, true);
})();

(function () {
    function repair(root) {
        root.querySelectorAll(".dash-dropdown-focus-target:not([tabindex='-1'])").forEach(function (el) {
            el.setAttribute("tabindex", "-1");
        });
        root.querySelectorAll(".dash-slider-thumb:not([aria-label]), [data-sv-label] input:not([aria-label])").forEach(function (el) {
            var holder = el.closest("[data-sv-label]");
            if (holder) {
                el.setAttribute("aria-label", holder.getAttribute("data-sv-label"));
            }
        });
        root.querySelectorAll("input[type='file']:not([aria-label])").forEach(function (el) {
            var zone = el.parentElement;
            var name = zone && zone.textContent.trim();
            if (name) {
                el.setAttribute("aria-label", name);
            }
        });
    }
    var pending = false;
    var observer = new MutationObserver(function () {
        if (pending) {
            return;
        }
        pending = true;
        window.requestAnimationFrame(function () {
            pending = false;
            repair(document);
        });
    });
    function start() {
        repair(document);
        observer.observe(document.body, {childList: true, subtree: true});
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
