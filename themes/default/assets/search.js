// As-you-type suggestions for the header search box. Without JavaScript the box is a
// plain form that opens /search/; with it, matching articles appear under the box.
// Its words come from the form's data-* attributes, in the page's language.
(function () {
  'use strict';
  var form = document.querySelector('.site-search');
  if (!form || !window.fetch) return;
  var input = form.querySelector('input[name="q"]');
  var panel = form.querySelector('.search-suggestions');
  var NONE = form.getAttribute('data-none') || '';
  var timer = null;
  var latest = 0;

  input.setAttribute('aria-controls', panel.id);
  panel.setAttribute('aria-live', 'polite');

  function close() {
    panel.hidden = true;
    panel.textContent = '';
  }

  function show(data) {
    panel.textContent = '';
    if (!data.results || data.results.length === 0) {
      var none = document.createElement('p');
      none.textContent = NONE;
      panel.appendChild(none);
    } else {
      var list = document.createElement('ul');
      data.results.forEach(function (result) {
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = result.url;
        link.textContent = result.title;
        var meta = document.createElement('small');
        meta.textContent = [result.section, result.published].filter(Boolean).join(' · ');
        link.appendChild(meta);
        item.appendChild(link);
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    panel.hidden = false;
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    var words = input.value.trim();
    if (words.length < 2) { close(); return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      // The form's own address: an edition's box (/uk/search/) suggests its articles.
      fetch(form.getAttribute('action') + 'suggest?q=' + encodeURIComponent(input.value), { headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && ticket === latest) show(data); })
        .catch(close);
    }, 150);
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close();
    if (event.key === 'ArrowDown' && !panel.hidden) {
      var first = panel.querySelector('a');
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') { close(); input.focus(); }
  });
  document.addEventListener('click', function (event) {
    if (!form.contains(event.target)) close();
  });
})();
