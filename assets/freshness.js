// Tell the page when its tab comes back into view, so the data-version check of
// svetofor/ui/freshness.py runs at once instead of at the next ~20 s tick (at most every 5 s).
(function () {
    var last = 0;
    function poke() {
        var now = Date.now();
        if (now - last < 5000 || !window.dash_clientside || !window.dash_clientside.set_props) {
            return;
        }
        last = now;
        try {
            window.dash_clientside.set_props("sv-fresh-focus", {data: now});
        } catch (error) {
            // a page without the shell (the sign-in form) has no such store: nothing to check
        }
    }
    window.addEventListener("focus", poke);
    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") {
            poke();
        }
    });
})();
