// The live library, in the browser: a page that is open when what it shows changes (another
// tab, the command line, another process) offers to reload, in a banner that covers nothing and
// moves nothing: the page never changes under the reader. Without this file, nothing changes.
(function () {
  'use strict';
  var main = document.getElementById('main');
  if (!main || !main.dataset.versionUrl || !window.fetch) return;
  var url = main.dataset.versionUrl;
  var seen = main.dataset.version;
  var shown = false;
  var EVERY_MS = 3000;

  function current() {
    return fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        return body && typeof body.version === 'string' ? body.version : null;
      })
      .catch(function () {
        return null; // offline, or the server restarting: asked again next time
      });
  }

  function offer() {
    if (shown) return;
    shown = true;
    var banner = document.createElement('div');
    banner.className = 'notice live-banner';
    banner.setAttribute('role', 'status');
    banner.appendChild(document.createTextNode((main.dataset.versionMessage || 'This page changed.') + ' '));
    var reload = document.createElement('a');
    reload.href = location.href;
    reload.textContent = 'Reload';
    reload.addEventListener('click', function (event) {
      event.preventDefault();
      location.reload();
    });
    banner.appendChild(reload);
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'link';
    dismiss.textContent = 'Not now';
    dismiss.addEventListener('click', function () {
      banner.remove();
      shown = false;
      current().then(function (version) {
        if (version) seen = version;
      });
    });
    banner.appendChild(document.createTextNode(' '));
    banner.appendChild(dismiss);
    document.body.appendChild(banner);
  }

  function check() {
    if (shown || document.hidden) return;
    current().then(function (version) {
      if (version && version !== seen) offer();
    });
  }

  setInterval(check, EVERY_MS);
  document.addEventListener('visibilitychange', check);
  // A change the page made itself without reloading (a note saved in place) is not news to it:
  // the script that made it says so, and the page's version is read afresh.
  document.addEventListener('panelnotes:changed-here', function () {
    current().then(function (version) {
      if (version) seen = version;
    });
  });
})();
