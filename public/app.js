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

  // "Play here": the video opens inside the result, at the second of the match.
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
    var frame = document.createElement('iframe');
    frame.src =
      'https://www.youtube-nocookie.com/embed/' + encodeURIComponent(link.dataset.video) + '?autoplay=1&start=' + Math.max(0, Number(link.dataset.at) - 3);
    frame.title = 'YouTube player';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture';
    holder.appendChild(frame);
    result.appendChild(holder);
    link.textContent = 'Close player';
  });
})();
