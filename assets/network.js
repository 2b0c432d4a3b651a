// dash-cytoscape 1.0.2 gives every graph the default prop wheelSensitivity: 1, and cytoscape.js
// warns in the console about *any* wheelSensitivity it is handed ("custom wheel sensitivity").
// Dropping that default lets cytoscape.js use its own zoom speed (the same value) silently.
(function () {
    const component = window.dash_cytoscape && window.dash_cytoscape.Cytoscape;
    if (component && component.defaultProps) {
        delete component.defaultProps.wheelSensitivity;
    }
})();
