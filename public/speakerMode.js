// Speaker mode on the transcript page: tag who speaks while watching. The roster is a row of
// numbered buttons; pressing 1-9 (or clicking) starts that person's turn at the second playing,
// or at the passage last selected when nothing plays; u starts someone unknown; z undoes the
// last tag. Each tag is saved at once (POST /api/videos/:id/speakers/tag) and the turn list and
// the passages' speakers follow; a status line says what happened, for screen readers too.
(function () {
  'use strict';
  var section = document.getElementById('speaker-mode');
  if (!section || !window.fetch) return;
  var videoId = section.dataset.video;
  var toggle = document.getElementById('speaker-mode-toggle');
  var rosterBox = document.getElementById('speaker-mode-roster');
  var addForm = document.getElementById('speaker-mode-add');
  var addName = document.getElementById('speaker-mode-name');
  var undoButton = document.getElementById('speaker-mode-undo');
  var status = document.getElementById('speaker-mode-status');
  var storageKey = 'panelnotes:roster:' + videoId;
  var on = false;
  var busy = false;
  var undos = [];
  var selected = null;

  function readRoster() {
    var names = [];
    try {
      names = JSON.parse(section.dataset.roster || '[]');
    } catch {
      names = [];
    }
    try {
      JSON.parse(localStorage.getItem(storageKey) || '[]').forEach(function (name) {
        if (names.indexOf(name) < 0) names.push(name);
      });
    } catch {
      // Storage refused (private mode): the roster is the page's.
    }
    return names;
  }
  var roster = readRoster();

  function clock(seconds) {
    var s = Math.floor(seconds);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    var rest = String(s % 60).padStart(2, '0');
    return h ? h + ':' + String(m).padStart(2, '0') + ':' + rest : m + ':' + rest;
  }

  function say(text) {
    status.textContent = text;
  }

  function renderRoster() {
    rosterBox.textContent = '';
    roster.slice(0, 9).forEach(function (name, i) {
      rosterBox.appendChild(personButton(String(i + 1), name, name));
    });
    rosterBox.appendChild(personButton('u', 'Unknown', null));
  }

  function personButton(key, label, name) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'person';
    button.setAttribute('aria-keyshortcuts', key);
    var kbd = document.createElement('kbd');
    kbd.textContent = key;
    button.appendChild(kbd);
    button.appendChild(document.createTextNode(' ' + label));
    button.addEventListener('click', function () {
      tag(name);
    });
    return button;
  }

  // Where a tag starts: the second playing, else the passage last selected, else where the player stands.
  function moment() {
    var player = window.panelnotesPlayer;
    var ready = player && typeof player.getCurrentTime === 'function';
    if (ready && player.getPlayerState && player.getPlayerState() === 1) return player.getCurrentTime();
    if (selected) return Number(selected.dataset.start);
    if (ready) return player.getCurrentTime();
    return undefined;
  }

  document.addEventListener('focusin', function (event) {
    var passage = event.target.closest && event.target.closest('.passage');
    if (passage) selected = passage;
  });
  document.addEventListener('click', function (event) {
    var passage = event.target.closest && event.target.closest('.passage');
    if (passage) selected = passage;
  });

  function send(path, body) {
    return fetch('/api/videos/' + encodeURIComponent(videoId) + '/speakers/' + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw new Error((json && json.error && json.error.message) || 'not saved (' + res.status + ')');
        return json;
      });
    });
  }

  function tag(name) {
    if (busy) return;
    var at = moment();
    if (at === undefined) {
      say('Play the video, or select a passage, first.');
      return;
    }
    busy = true;
    send('tag', { at: Math.round(at * 1000) / 1000, name: name })
      .then(function (answer) {
        undos.push({ undo: answer.undo, what: (name || 'Someone unknown') + ' from ' + clock(at) });
        undoButton.disabled = false;
        show(answer.turns);
        say((name || 'Someone unknown') + ' speaks from ' + clock(at) + '.');
      })
      .catch(function (error) {
        say('Not saved: ' + error.message);
      })
      .then(function () {
        busy = false;
      });
  }

  function undo() {
    var last = undos.pop();
    if (!last || busy) return;
    busy = true;
    send('undo', last.undo)
      .then(function (answer) {
        show(answer.turns);
        say('Undone: ' + last.what + '.');
      })
      .catch(function (error) {
        undos.push(last);
        say('Could not undo: ' + error.message);
      })
      .then(function () {
        busy = false;
        undoButton.disabled = undos.length === 0;
      });
  }

  // The turn list and each passage's speaker, as the turns now are.
  function show(turns) {
    var list = document.getElementById('turn-list');
    var csrf = document.querySelector('input[name=_csrf]');
    if (!list && turns.length) {
      list = document.createElement('ol');
      list.className = 'turns';
      list.id = 'turn-list';
      section.before(list);
    }
    if (list) {
      list.textContent = '';
      turns.forEach(function (t) {
        var item = document.createElement('li');
        item.dataset.turn = t.id;
        var link = document.createElement('a');
        link.className = 'ts';
        link.href = 'https://www.youtube.com/watch?v=' + encodeURIComponent(videoId) + '&t=' + Math.floor(t.start) + 's';
        link.dataset.seek = String(Math.floor(t.start));
        link.textContent = clock(t.start) + '–' + clock(t.end);
        var who = document.createElement('span');
        who.className = 'speaker' + (t.suggested ? ' suggested' : '');
        who.dir = 'auto';
        who.textContent = t.name;
        item.append(link, ' ', who);
        if (csrf) {
          var form = document.createElement('form');
          form.className = 'inline';
          form.method = 'post';
          form.action = '/speakers/' + encodeURIComponent(t.id) + '/delete';
          var token = csrf.cloneNode();
          var remove = document.createElement('button');
          remove.type = 'submit';
          remove.className = 'link';
          remove.textContent = 'remove';
          form.append(token, remove);
          item.append(' ', form);
        }
        list.appendChild(item);
      });
    }
    document.querySelectorAll('.passage').forEach(function (passage) {
      var start = Number(passage.dataset.start);
      var end = Number(passage.dataset.end);
      var best = null;
      var most = 0;
      turns.forEach(function (t) {
        var overlap = Math.min(end, t.end) - Math.max(start, t.start);
        if (overlap > 0 && overlap >= most) {
          best = t;
          most = overlap;
        }
      });
      var label = passage.querySelector('.speaker');
      if (!best) {
        if (label && label.dataset.tagged) label.remove();
        return;
      }
      if (!label) {
        label = document.createElement('span');
        label.dir = 'auto';
        var stamp = passage.querySelector('a.ts');
        if (stamp) stamp.after(' ', label);
        else passage.prepend(label);
      }
      label.className = 'speaker' + (best.suggested ? ' suggested' : '');
      label.dataset.tagged = '1';
      label.textContent = best.name;
    });
  }

  function setMode(value) {
    on = value;
    toggle.setAttribute('aria-pressed', String(on));
    toggle.textContent = on ? 'Speaker mode is on' : 'Speaker mode is off';
    section.classList.toggle('active', on);
    say(on ? 'Speaker mode on: press 1 to ' + Math.min(9, roster.length) + ' when someone starts speaking, u for unknown, z to undo.' : 'Speaker mode off.');
  }

  toggle.addEventListener('click', function () {
    setMode(!on);
  });
  undoButton.addEventListener('click', undo);
  addForm.addEventListener('submit', function (event) {
    event.preventDefault();
    var name = addName.value.replace(/\s+/g, ' ').trim();
    if (!name) return;
    if (roster.indexOf(name) < 0) roster.push(name);
    try {
      localStorage.setItem(storageKey, JSON.stringify(roster));
    } catch {
      // Kept for this visit only.
    }
    addName.value = '';
    renderRoster();
    say(name + (roster.indexOf(name) < 9 ? ' is number ' + (roster.indexOf(name) + 1) + '.' : ' added (only the first nine have keys).'));
  });

  document.addEventListener('keydown', function (event) {
    if (!on || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
    if (/^[1-9]$/.test(event.key)) {
      var name = roster[Number(event.key) - 1];
      if (!name) return;
      event.preventDefault();
      tag(name);
    } else if (event.key === 'u' || event.key === 'U') {
      event.preventDefault();
      tag(null);
    } else if (event.key === 'z' || event.key === 'Z') {
      event.preventDefault();
      undo();
    }
  });

  renderRoster();
  section.hidden = false;
})();
