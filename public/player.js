// The transcript page: the YouTube IFrame Player API seeks when a timestamp is pressed and the
// passage being played is highlighted. Without the player (offline, blocked) every timestamp
// stays a link to youtube.com at that second, and the page says so.
(function () {
  'use strict';
  var article = document.querySelector('article.video');
  var frame = document.getElementById('yt-player');
  if (!article || !frame) return;
  var passages = Array.prototype.slice.call(document.querySelectorAll('.passage'));
  var fallback = document.getElementById('player-fallback');
  var player = null;
  var ready = false;
  var lastUserScroll = 0;
  var LEAD_IN = 3;

  function parseTime(text) {
    if (!text) return undefined;
    var parts = String(text).replace(/s$/, '').split(':').map(Number);
    if (parts.some(isNaN)) return undefined;
    return parts.reduce(function (total, part) {
      return total * 60 + part;
    }, 0);
  }

  function passageAt(seconds) {
    for (var i = 0; i < passages.length; i++) {
      if (seconds < Number(passages[i].dataset.end)) return passages[i];
    }
    return passages[passages.length - 1];
  }

  var shown = null;
  function markCurrent(passage, scroll) {
    // Scroll only when the playing passage changes: a page that keeps moving cannot be read.
    if (passage === shown) return;
    shown = passage;
    passages.forEach(function (p) {
      var current = p === passage;
      p.classList.toggle('current', current);
      if (current) p.setAttribute('aria-current', 'true');
      else p.removeAttribute('aria-current');
    });
    if (passage && scroll && Date.now() - lastUserScroll > 3000) passage.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }

  function showFallback() {
    if (ready) return;
    if (fallback) fallback.hidden = false;
    var holder = document.getElementById('player');
    if (holder) holder.hidden = true; // a frame that cannot load only takes room from the transcript
  }

  window.addEventListener(
    'wheel',
    function () {
      lastUserScroll = Date.now();
    },
    { passive: true },
  );
  window.addEventListener(
    'touchmove',
    function () {
      lastUserScroll = Date.now();
    },
    { passive: true },
  );

  // Where to start: ?t=123 (the server marks that passage) or #t=2:03.
  var hash = /^#t=([\d:.]+s?)$/.exec(location.hash);
  var start = hash ? parseTime(hash[1]) : parseTime(article.dataset.start);
  if (start !== undefined) markCurrent(passageAt(start), false);
  var current = document.querySelector('.passage.current');
  if (current && !/^#(p|hit)-/.test(location.hash)) current.scrollIntoView({ block: 'center' });

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.ts[data-seek]');
    if (!link || !ready || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var seconds = Number(link.dataset.seek);
    player.seekTo(Math.max(0, seconds - LEAD_IN), true);
    player.playVideo();
    markCurrent(passageAt(seconds), false);
  });

  // Next / previous match, cycling through the passages the query hit.
  var hits = Array.prototype.slice.call(document.querySelectorAll('.passage.hit'));
  var hitIndex = -1;
  document.querySelectorAll('[data-hit-nav]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!hits.length) return;
      event.preventDefault();
      hitIndex = (hitIndex + (button.dataset.hitNav === 'next' ? 1 : -1) + hits.length) % hits.length;
      hits.forEach(function (h, i) {
        h.classList.toggle('active', i === hitIndex);
      });
      hits[hitIndex].scrollIntoView({ block: 'center' });
      var link = hits[hitIndex].querySelector('a.ts');
      if (link) link.focus({ preventScroll: true });
    });
  });

  // Notes: "note here" fills the form with that passage's moment; once the player runs,
  // "Use the playing moment" takes the second being played.
  var noteStart = document.getElementById('note-start');
  var noteText = document.getElementById('note-text');
  var noteNow = document.getElementById('note-now');
  function clock(seconds) {
    var s = Math.floor(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = String(s % 60).padStart(2, '0');
    return h ? h + ':' + String(m).padStart(2, '0') + ':' + rest : m + ':' + rest;
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.note-here');
    if (!link || !noteStart || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    noteStart.value = clock(Number(link.dataset.noteAt));
    noteText.focus();
  });
  if (noteNow) {
    noteNow.addEventListener('click', function () {
      if (ready) noteStart.value = clock(player.getCurrentTime());
      noteText.focus();
    });
  }

  window.onYouTubeIframeAPIReady = function () {
    player = new window.YT.Player('yt-player', {
      events: {
        onReady: function () {
          ready = true;
          window.panelnotesPlayer = player; // for the page's other scripts (speakerMode.js)
          if (fallback) fallback.hidden = true;
          if (noteNow) noteNow.hidden = false;
          if (hash && start !== undefined) player.seekTo(Math.max(0, start - LEAD_IN), true);
          setInterval(function () {
            if (player.getPlayerState && player.getPlayerState() === 1) markCurrent(passageAt(player.getCurrentTime()), true);
          }, 500);
        },
      },
    });
  };
  var api = document.createElement('script');
  api.src = 'https://www.youtube.com/iframe_api';
  api.onerror = showFallback;
  document.head.appendChild(api);
  setTimeout(showFallback, 6000);
})();
