// One delegated listener reports diagram cell clicks to the Dash store "cell-click", so the
// diagram needs no callback input per cell (thousands of cells would make every click heavy).
(function () {
    function report(cell) {
        if (!window.dash_clientside || !window.dash_clientside.set_props) {
            return;
        }
        window.dash_clientside.set_props("cell-click", {
            data: {item: cell.dataset.item, scope: cell.dataset.scope, at: Date.now()}
        });
    }
    document.addEventListener("click", function (event) {
        var cell = event.target.closest && event.target.closest(".sv-cell[data-item]");
        if (cell) {
            report(cell);
        }
    });
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") {
            return;
        }
        var cell = event.target.closest && event.target.closest(".sv-cell[data-item]");
        if (cell) {
            event.preventDefault();
            report(cell);
        }
    });
})();

window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.svetofor = {
        // Store the other language where the "lang-store" dcc.Store keeps it, then reload the
        // page with its current address (see shell.register_callbacks).
        switchLang: function (_n, lang) {
            var next = lang === "en" ? "ru" : "en";
            window.localStorage.setItem("lang-store", JSON.stringify(next));
            window.location.reload();
            return window.dash_clientside.no_update;
        },
        // The diagram's folding panels (see ui/diagram_toolbar.py): a fold button flips its
        // panel, the state lives in localStorage, and a first visit opens the filters only.
        foldPanels: function (_nFilters, _nLegend, folds) {
            var state = Object.assign({filters: true, legend: false}, folds || {});
            var ctx = window.dash_clientside.callback_context;
            var trigger = ctx && ctx.triggered_id;
            if (trigger === "fold-filters-button") {
                state.filters = !state.filters;
            } else if (trigger === "fold-legend-button") {
                state.legend = !state.legend;
            }
            return [state, state.filters, state.legend, String(state.filters), String(state.legend)];
        },
        // The network zooms to a clicked node with its neighbours, or back to the whole graph
        // (see pages/network.py); cytoscape.js keeps its instance on the container.
        zoomNetwork: function (data, _n, _elements, _style) {
            var holder = document.getElementById("net-graph");
            var found = holder && [holder].concat([].slice.call(holder.querySelectorAll("*")))
                .find(function (el) { return el._cyreg && el._cyreg.cy; });
            if (!found) {
                return window.dash_clientside.no_update;
            }
            var cy = found._cyreg.cy;
            var ctx = window.dash_clientside.callback_context;
            var node = data && data.id ? cy.getElementById(data.id) : null;
            var tapped = ctx.triggered && ctx.triggered.some(function (t) { return t.prop_id === "net-graph.tapNodeData"; });
            if (tapped && node && node.length) {
                cy.animate({fit: {eles: node.closedNeighborhood(), padding: 60}, duration: 250});
            } else {
                window.setTimeout(function () {
                    cy.resize();
                    cy.fit(cy.elements(), 30);
                }, 60);
            }
            return window.dash_clientside.no_update;
        },
        // <html lang> follows the language store (see shell.register_callbacks).
        setHtmlLang: function (lang) {
            document.documentElement.lang = lang === "en" ? "en" : "ru";
            return window.dash_clientside.no_update;
        },
        // Mirror the diagram filter in the address bar without navigating (see pages/diagram.py).
        syncQuery: function (query) {
            if (typeof query !== "string") {
                return window.dash_clientside.no_update;
            }
            var url = window.location.pathname + query + window.location.hash;
            if (url !== window.location.pathname + window.location.search + window.location.hash) {
                window.history.replaceState(window.history.state, "", url);
            }
            return window.dash_clientside.no_update;
        }
};
