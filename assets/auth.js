// Sign-in (issue 6): when the session has expired or was ended (new password, user removed),
// the server answers Dash's requests with 401; go to the login page and come back here after.
(function () {
  if (!window.fetch || window.__svetoforAuthFetch) {
    return;
  }
  window.__svetoforAuthFetch = true;
  var original = window.fetch.bind(window);
  window.fetch = function (resource, init) {
    return original(resource, init).then(function (response) {
      var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
      if (response.status === 401 && url.indexOf("/_dash-") !== -1) {
        var here = window.location.pathname + window.location.search;
        window.location.assign("/login?next=" + encodeURIComponent(here));
      }
      return response;
    });
  };
})();
