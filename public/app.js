// Keyboard shortcuts and the in-page player for search results. The pages work without this
// file; it only makes them quicker to use.
(function () {
  'use strict';
  var typing = function (el) {
    return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
  };
  var results = function () {
    return Array.prototype.slice.call(document.querySelectorAll('.result'));
  };
  var selected = -1;

  function select(index) {
    var items = results();
    if (!items.length) return;
    selected = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (item, i) {
      item.classList.toggle('selected', i === selected);
    });
    var link = items[selected].querySelector('.result-title');
    if (link) link.focus();
  }

  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (event.key === 'Escape') {
      var box = document.getElementById('site-q');
      if (box && (target === box || !typing(target))) {
        box.value = '';
        box.blur();
      }
      return;
    }
    if (typing(target)) return;
    if (event.key === '/') {
      event.preventDefault();
      var input = document.getElementById('site-q');
      if (input) {
        input.focus();
        input.select();
      }
    } else if (event.key === 'j') {
      select(selected + 1);
    } else if (event.key === 'k') {
      select(selected - 1);
    }
  });

  // "Play here": the video opens inside the result, at the second of the match. Where the
  // YouTube player cannot load (offline, or YouTube blocked: its API script does not arrive),
  // the result says so, as the transcript page does, with the link to youtube.com at that second.
  var youtube = null;
  function reachYouTube() {
    if (!youtube)
      youtube = new Promise(function (resolve) {
        if (navigator.onLine === false) return resolve(false);
        var probe = document.createElement('script');
        probe.src = 'https://www.youtube.com/iframe_api';
        probe.onload = function () {
          resolve(true);
        };
        probe.onerror = function () {
          youtube = null; // try again on the next press: the network may be back
          resolve(false);
        };
        setTimeout(function () {
          resolve(false);
        }, 6000);
        document.head.appendChild(probe);
      });
    return youtube;
  }

  function offlineNotice(link) {
    var template = document.getElementById('player-offline');
    var notice = template.content.firstElementChild.cloneNode(true);
    notice.setAttribute('role', 'status');
    notice.querySelector('.watch-link').href = link.dataset.watch;
    var at = Number(link.dataset.at);
    var minutes = Math.floor(at / 60);
    var hours = Math.floor(minutes / 60);
    var seconds = ':' + String(at % 60).padStart(2, '0');
    notice.querySelector('.watch-at').textContent = (hours ? hours + ':' + String(minutes % 60).padStart(2, '0') : minutes) + seconds;
    return notice;
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.play-here');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var result = link.closest('.result');
    var existing = result.querySelector('.inline-player');
    if (existing) {
      existing.remove();
      link.textContent = 'Play here';
      return;
    }
    var holder = document.createElement('div');
    holder.className = 'inline-player';
    var waiting = document.createElement('p');
    waiting.setAttribute('role', 'status');
    waiting.textContent = 'Loading the player…';
    holder.appendChild(waiting);
    result.appendChild(holder);
    link.textContent = 'Close player';
    reachYouTube().then(function (reached) {
      if (!holder.isConnected) return;
      holder.textContent = '';
      if (!reached) {
        holder.appendChild(offlineNotice(link));
        return;
      }
      var frame = document.createElement('iframe');
      frame.src =
        'https://www.youtube-nocookie.com/embed/' + encodeURIComponent(link.dataset.video) + '?autoplay=1&start=' + Math.max(0, Number(link.dataset.at) - 3);
      frame.title = 'YouTube player';
      frame.allow = 'autoplay; encrypted-media; picture-in-picture';
      holder.appendChild(frame);
    });
  });

  // The search box names its shortcut where there is a keyboard to press it on and room to say
  // so: a phone's box shows "Search what was said" whole.
  var box = document.getElementById('site-q');
  if (box && window.matchMedia && window.matchMedia('(hover: hover) and (pointer: fine) and (min-width: 30rem)').matches) box.placeholder += ' (press /)';
})();
