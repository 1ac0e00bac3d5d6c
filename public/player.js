// The transcript page: the YouTube IFrame Player API seeks when a timestamp is pressed and the
// passage being played is highlighted and kept in view. Without the player (offline, blocked)
// every timestamp stays a link to youtube.com at that second, and the page says so where the
// player would be. The layout itself (player in view beside or above the transcript) is CSS;
// this file only scrolls, marks and opens the note form where it is asked for.
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
  var PLAYING = 1;

  function parseTime(text) {
    if (!text) return undefined;
    var parts = String(text).replace(/s$/, '').split(':').map(Number);
    if (parts.some(isNaN)) return undefined;
    return parts.reduce(function (total, part) {
      return total * 60 + part;
    }, 0);
  }

  function clock(seconds) {
    var s = Math.floor(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = String(s % 60).padStart(2, '0');
    return h ? h + ':' + String(m).padStart(2, '0') + ':' + rest : m + ':' + rest;
  }

  function passageAt(seconds) {
    for (var i = 0; i < passages.length; i++) {
      if (seconds < Number(passages[i].dataset.end)) return passages[i];
    }
    return passages[passages.length - 1];
  }

  function plainClick(event) {
    return event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
  }

  // What is pinned over the top of the page (the player and the match bar on a phone): a
  // passage under it is not in view.
  function pinnedBottom() {
    var bottom = 0;
    document.querySelectorAll('.player-area, .hit-nav').forEach(function (el) {
      if (getComputedStyle(el).position !== 'sticky') return;
      var box = el.getBoundingClientRect();
      if (box.top <= 1) bottom = Math.max(bottom, box.bottom);
    });
    return bottom;
  }

  function inView(el) {
    var box = el.getBoundingClientRect();
    return box.top >= pinnedBottom() && box.bottom <= window.innerHeight;
  }

  // Brings a passage into view below what is pinned (its scroll-margin-top, in style.css).
  function bringIntoView(el, smooth) {
    el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }

  // The offline notice's link follows the passage in view: youtube.com at that second.
  function watchHere(passage) {
    var link = fallback && fallback.querySelector('.watch-link');
    var ts = passage && passage.querySelector('a.ts');
    if (!link || !ts) return;
    link.href = ts.href;
    link.querySelector('.watch-at').textContent = ts.textContent;
  }

  var shown = null;
  function markCurrent(passage, scroll) {
    // Scroll only when the playing passage changes and has left the view: a page that keeps
    // moving cannot be read, and one the reader scrolled away from stays where they left it.
    if (passage === shown) return;
    shown = passage;
    passages.forEach(function (p) {
      var current = p === passage;
      p.classList.toggle('current', current);
      if (current) p.setAttribute('aria-current', 'true');
      else p.removeAttribute('aria-current');
    });
    watchHere(passage);
    if (passage && scroll && Date.now() - lastUserScroll > 3000 && !inView(passage)) bringIntoView(passage, true);
  }

  function showFallback() {
    if (ready) return;
    article.classList.add('offline');
    if (fallback) fallback.hidden = false;
    var holder = document.getElementById('player');
    if (holder) holder.hidden = true; // a frame that cannot load only takes room from the transcript
  }

  ['wheel', 'touchmove', 'keydown'].forEach(function (type) {
    window.addEventListener(
      type,
      function () {
        lastUserScroll = Date.now();
      },
      { passive: true },
    );
  });

  // Next / previous match, cycling through the passages the query hit.
  var hits = Array.prototype.slice.call(document.querySelectorAll('.passage.hit'));
  var hitPlace = document.querySelector('.hit-place');
  var hitIndex = -1;
  function placeHit() {
    if (hitPlace) hitPlace.textContent = hitIndex + 1 + '/' + hits.length + ' · ';
  }
  function showHit(index, focus) {
    hitIndex = index;
    hits.forEach(function (h, i) {
      h.classList.toggle('active', i === hitIndex);
    });
    placeHit();
    watchHere(hits[hitIndex]);
    bringIntoView(hits[hitIndex], false);
    var link = hits[hitIndex].querySelector('a.ts');
    if (link && focus) link.focus({ preventScroll: true });
  }
  document.querySelectorAll('[data-hit-nav]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!hits.length) return;
      event.preventDefault();
      showHit((hitIndex + (button.dataset.hitNav === 'next' ? 1 : -1) + hits.length) % hits.length, true);
    });
  });

  // Where to start: ?t=123 (the server marks that passage), #t=2:03, a link to a passage, note
  // or match (#p-, #note-, #hit-: the browser scrolls there), else the first match of ?q=.
  var hash = /^#t=([\d:.]+s?)$/.exec(location.hash);
  var start = hash ? parseTime(hash[1]) : parseTime(article.dataset.start);
  // The server's mark wins for ?t=: a search link opens where the sentence began, which may be
  // just before the passage holding the match, and the server marks the match's passage.
  var marked = document.querySelector('.passage.current');
  if (start !== undefined) markCurrent(hash || !marked ? passageAt(start) : marked, false);
  var current = document.querySelector('.passage.current');
  var linked = /^#(p|hit|note|panel-note)-/.test(location.hash);
  if (current && hits.indexOf(current) >= 0) {
    hitIndex = hits.indexOf(current);
    placeHit();
  }
  if (current && !linked) bringIntoView(current, false);
  else if (!current && !linked && hits.length) showHit(0, false);

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a.ts[data-seek]');
    if (!link || !ready || !plainClick(event)) return;
    event.preventDefault();
    var seconds = Number(link.dataset.seek);
    player.seekTo(Math.max(0, seconds - LEAD_IN), true);
    player.playVideo();
    markCurrent(passageAt(seconds), false);
  });

  // Notes in place: "note here" opens the add-note form inside that passage, at its start (at
  // the moment being played, when the player is playing that passage); Cancel puts it back.
  // The form is saved without leaving the page, so the video plays on: the passage comes back
  // with the note in it. Anything unexpected falls back to the plain form post.
  var home = document.getElementById('notes');
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  article.appendChild(status);

  function noteForm() {
    return document.getElementById('add-note');
  }

  function homeForm(form) {
    var anchor = home.querySelector('.notes-count, .empty');
    home.insertBefore(form, anchor);
  }

  function closeNoteForm() {
    var form = noteForm();
    if (!form || !form.classList.contains('in-place')) return;
    var passage = form.closest('.passage');
    form.classList.remove('in-place');
    form.querySelectorAll('.field-error').forEach(function (el) {
      el.remove();
    });
    homeForm(form);
    var cancel = form.querySelector('.note-cancel');
    if (cancel) cancel.hidden = true;
    if (passage) {
      var here = passage.querySelector('a.note-here');
      if (here) {
        here.hidden = false;
        here.focus({ preventScroll: true });
      }
    }
  }

  function openNoteForm(passage) {
    var form = noteForm();
    if (!form) return;
    closeNoteForm();
    // The passage's first whole second (a note at 23:37 of a passage starting at 23:37.4 would
    // be shown in the passage before), or the second being played within it.
    var first = Math.ceil(Number(passage.dataset.start));
    var seconds = first;
    if (ready && player.getPlayerState && player.getPlayerState() === PLAYING) {
      var now = Math.floor(player.getCurrentTime());
      if (now > first && now < Number(passage.dataset.end)) seconds = now;
    }
    form.elements.start.value = clock(seconds);
    form.elements.at.value = first;
    form.classList.add('in-place');
    // Right under the passage's words, above the notes it has already.
    var words = passage.querySelector('p');
    var here = passage.querySelector('a.note-here');
    passage.insertBefore(form, words ? words.nextSibling : here);
    if (here) here.hidden = true;
    var cancel = form.querySelector('.note-cancel');
    if (cancel) cancel.hidden = false;
    showNow();
    // The passage's words stay in view above the form; the box to type in comes into view under them.
    bringIntoView(passage, false);
    if (!inView(form.elements.text)) form.elements.text.scrollIntoView({ block: 'nearest' });
    form.elements.text.focus({ preventScroll: true });
  }

  function showNow() {
    var now = document.getElementById('note-now');
    if (now && ready) now.hidden = false;
  }

  document.addEventListener('click', function (event) {
    if (!event.target.closest || !plainClick(event)) return;
    var here = event.target.closest('a.note-here');
    if (here && noteForm()) {
      event.preventDefault();
      openNoteForm(here.closest('.passage'));
      return;
    }
    var cancel = event.target.closest('#add-note .note-cancel');
    if (cancel) {
      event.preventDefault();
      closeNoteForm();
      return;
    }
    if (event.target.closest('#note-now')) {
      var form = noteForm();
      if (ready) form.elements.start.value = clock(player.getCurrentTime());
      form.elements.text.focus();
    }
  });

  // Escape in the open form closes it, as Cancel does.
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && event.target.closest && event.target.closest('#add-note.in-place')) closeNoteForm();
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.id !== 'add-note' || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    var button = form.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    var done = function () {
      if (button) button.disabled = false;
    };
    fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (html) {
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var id = response.ok && response.redirected ? new URL(response.url).searchParams.get('note') : null;
          if (id && doc.getElementById('note-' + id)) return noteSaved(form, doc, id, response.url);
          var refused = doc.getElementById('add-note');
          if (!refused) throw new Error('not a note form');
          // Refused: the same form, with what was typed and the message beside the field.
          form.innerHTML = refused.innerHTML;
          var cancel = form.querySelector('.note-cancel');
          if (cancel) cancel.hidden = !form.classList.contains('in-place');
          showNow();
          var invalid = form.querySelector('[aria-invalid="true"]') || form.elements.text;
          invalid.focus();
          done();
        });
      })
      .catch(function () {
        done();
        HTMLFormElement.prototype.submit.call(form);
      });
  });

  // The saved note's passage and the notes panel come from the page the form post led to.
  function noteSaved(form, doc, id, url) {
    var fresh = doc.getElementById('note-' + id).closest('.passage');
    var passage = fresh && document.getElementById(fresh.id);
    var panel = doc.getElementById('notes');
    if (!passage || !panel) throw new Error('not a transcript page');
    var opened = form.closest('.passage');
    var here = opened && opened.querySelector('a.note-here');
    if (here) here.hidden = false;
    form.remove();
    passage.innerHTML = fresh.innerHTML;
    home.replaceWith(panel);
    home = panel;
    var csrf = panel.querySelector('input[name=_csrf]');
    if (csrf)
      document.querySelectorAll('input[name=_csrf]').forEach(function (input) {
        input.value = csrf.value;
      });
    showNow();
    var note = document.getElementById('note-' + id);
    if (!inView(passage)) bringIntoView(passage, false);
    if (!inView(note)) note.scrollIntoView({ block: 'nearest' });
    var next = passage.querySelector('a.note-here');
    if (next) next.focus({ preventScroll: true });
    status.textContent = 'Note added at ' + (note.querySelector('a.ts') || note).textContent;
    history.replaceState(null, '', url.split('#')[0] + '#note-' + id);
  }

  window.onYouTubeIframeAPIReady = function () {
    player = new window.YT.Player('yt-player', {
      events: {
        onReady: function () {
          ready = true;
          article.classList.remove('offline');
          window.panelnotesPlayer = player; // for the page's other scripts (speakerMode.js)
          if (fallback) fallback.hidden = true;
          showNow();
          if (hash && start !== undefined) player.seekTo(Math.max(0, start - LEAD_IN), true);
          setInterval(function () {
            if (player.getPlayerState && player.getPlayerState() === PLAYING) markCurrent(passageAt(player.getCurrentTime()), true);
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
