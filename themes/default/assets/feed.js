// Keeps News Feed lists live. Without JavaScript a list shows the feed as it was when
// the page was made; with it, items published, edited, pinned or deleted since then
// appear, change or go without a reload. Changes come from /news-feed/events
// (Server-Sent Events), starting after the event number the list was rendered with
// (`data-seq`); the browser resumes by itself after a dropped connection.
//
// Under the short lists (sidebar, home) the "Show more" link becomes a button that
// appends older items from /news-feed/more?offset=N.
//
// Both addresses are inside the page's edition: a list's data-feed-home is the
// edition's front page (`/`, or `/uk/` for the Ukrainian edition's own feed).
//
// What it tells screen readers comes from the lists' data-announce-* attributes (the
// theme's translations, in the page's language); counts pick their plural form with
// Intl.PluralRules.
(function () {
  'use strict';
  var lists = Array.prototype.slice.call(document.querySelectorAll('ol[data-live-feed]'));
  if (lists.length === 0 || !window.fetch) return;
  var home = lists[0].getAttribute('data-feed-home') || '/';

  // A short list that has no items at load keeps this many (the sidebar's length).
  var DEFAULT_LIMIT = 8;
  // How long to wait before connecting again after the server refused the stream.
  var RETRY_MS = 30000;
  var HEADINGS = /^h[1-6]$/;

  // Short lists keep as many items as they had at load (more after "Show more").
  var limits = new Map();
  lists.forEach(function (list) {
    limits.set(list, list.hasAttribute('data-capped') ? (list.children.length || DEFAULT_LIMIT) : Infinity);
  });

  // One polite announcement region for screen readers; the lists themselves are not
  // live regions, so a reader is told of a new item once, briefly.
  var announcer = document.createElement('div');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('aria-live', 'polite');
  announcer.setAttribute('aria-atomic', 'true');
  announcer.setAttribute('data-feed-announcer', '');
  document.body.appendChild(announcer);
  var pending = [];
  var announceTimer = null;
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || 'en') : null;

  // The words `name` of a list (all lists carry the same), `{n}` and `{headline}`
  // filled in from `values`.
  function words(list, name, values) {
    var text = list.getAttribute('data-announce-' + name) || '';
    Object.keys(values || {}).forEach(function (key) {
      text = text.split('{' + key + '}').join(String(values[key]));
    });
    return text;
  }

  // "N more items shown" in the plural form N takes in the page's language.
  function countWords(list, name, n) {
    var form = plurals ? plurals.select(n) : (n === 1 ? 'one' : 'other');
    var named = list.hasAttribute('data-announce-' + name + '-' + form) ? name + '-' + form : name + '-other';
    return words(list, named, { n: n });
  }

  function announce(text) {
    pending.push(text);
    clearTimeout(announceTimer);
    // Changing the text a moment after clearing it makes a repeat heard again.
    announcer.textContent = '';
    announceTimer = setTimeout(function () {
      announcer.textContent = pending.join(' ');
      pending = [];
    }, 150);
  }

  function itemIn(list, id) {
    for (var i = 0; i < list.children.length; i++) {
      if (list.children[i].getAttribute('data-id') === String(id)) return list.children[i];
    }
    return null;
  }

  // The feed's order: the pinned item first, then newest first, then higher id first.
  function comesBefore(a, b) {
    var aPinned = a.hasAttribute('data-pinned');
    var bPinned = b.hasAttribute('data-pinned');
    if (aPinned !== bPinned) return aPinned;
    var aTime = Number(a.getAttribute('data-published'));
    var bTime = Number(b.getAttribute('data-published'));
    if (aTime !== bTime) return aTime > bTime;
    return Number(a.getAttribute('data-id')) > Number(b.getAttribute('data-id'));
  }

  function place(list, item) {
    for (var i = 0; i < list.children.length; i++) {
      var other = list.children[i];
      if (other !== item && comesBefore(item, other)) {
        if (other.previousElementSibling !== item) list.insertBefore(item, other);
        return;
      }
    }
    if (list.lastElementChild !== item) list.appendChild(item);
  }

  // Whether an item the list does not show belongs in it: not when it is older than
  // everything shown (it is on a later page, or past a short list's end).
  function belongs(list, item) {
    var last = list.lastElementChild;
    if (!last) return true;
    if (comesBefore(item, last)) return true;
    return list.hasAttribute('data-capped') && list.children.length < limits.get(list);
  }

  // Items rendered by the server (`partials/feed_item.html` with an h3 headline),
  // their headline made the list's heading level.
  function parseItems(html, heading) {
    var template = document.createElement('template');
    template.innerHTML = html;
    var items = Array.prototype.slice.call(template.content.querySelectorAll('li.feed-item[data-id]'));
    items.forEach(function (item) { fitHeading(item, heading); });
    return items;
  }

  function fitHeading(item, heading) {
    var tag = (heading || 'h3').toLowerCase();
    if (!HEADINGS.test(tag)) return;
    Array.prototype.slice.call(item.querySelectorAll('.feed-headline')).forEach(function (old) {
      if (old.tagName.toLowerCase() === tag) return;
      var replacement = document.createElement(tag);
      Array.prototype.slice.call(old.attributes).forEach(function (attribute) {
        replacement.setAttribute(attribute.name, attribute.value);
      });
      while (old.firstChild) replacement.appendChild(old.firstChild);
      old.parentNode.replaceChild(replacement, old);
    });
  }

  function trim(list) {
    var limit = limits.get(list);
    while (list.children.length > limit) {
      var last = list.lastElementChild;
      if (last.hasAttribute('data-pinned')) break;
      list.removeChild(last);
    }
  }

  function siblingOf(list, selector) {
    var next = list.nextElementSibling;
    while (next && !next.matches(selector)) next = next.nextElementSibling;
    return next;
  }

  function showEmptyNote(list) {
    var note = siblingOf(list, '[data-feed-empty]');
    if (note) note.hidden = list.children.length > 0;
  }

  function highlight(item) {
    item.classList.add('is-new');
    var done = function () { item.classList.remove('is-new'); };
    item.addEventListener('animationend', done, { once: true });
    // No animation runs for readers who asked for reduced motion.
    setTimeout(done, 4000);
  }

  function headlineOf(item) {
    var headline = item.querySelector('.feed-headline');
    return headline ? headline.textContent.trim() : '';
  }

  // One change from the stream, applied to every list; applying it twice changes nothing.
  function apply(change, seq) {
    var added = null;
    lists.forEach(function (list) {
      if (seq && seq <= Number(list.getAttribute('data-seq') || 0)) return;
      var shown = itemIn(list, change.id);
      if (change.kind === 'deleted') {
        if (shown) list.removeChild(shown);
      } else if (change.html) {
        var item = parseItems(change.html, list.getAttribute('data-heading'))[0];
        if (item) {
          if (shown) {
            list.replaceChild(item, shown);
            place(list, item);
          } else if (belongs(list, item)) {
            place(list, item);
            if (change.kind === 'published') {
              highlight(item);
              added = added || item;
            }
          }
          trim(list);
        }
      }
      if (seq) list.setAttribute('data-seq', String(seq));
      showEmptyNote(list);
    });
    if (added && added.isConnected) announce(words(lists[0], 'new', { headline: headlineOf(added) }));
  }

  function fetchItems(offset) {
    return fetch(home + 'news-feed/more?offset=' + offset, { headers: { Accept: 'text/html' } }).then(function (response) {
      if (!response.ok) throw new Error(home + 'news-feed/more answered ' + response.status);
      return response.text();
    });
  }

  // The stream says this page is too far behind to catch up event by event: load the
  // lists again as they are now.
  function reload(seq) {
    var wanted = 0;
    lists.forEach(function (list) {
      var limit = limits.get(list);
      wanted = Math.max(wanted, limit === Infinity ? list.children.length : limit);
    });
    wanted = Math.max(wanted, 1);
    var html = '';
    var count = 0;
    function next() {
      return fetchItems(count).then(function (more) {
        var found = parseItems(more, 'h3').length;
        html += more;
        count += found;
        if (found > 0 && count < wanted) return next();
        return html;
      });
    }
    next().then(function (all) {
      lists.forEach(function (list) {
        var items = parseItems(all, list.getAttribute('data-heading'));
        var limit = limits.get(list);
        var keep = limit === Infinity ? Math.max(list.children.length, 1) : limit;
        while (list.firstChild) list.removeChild(list.firstChild);
        items.slice(0, keep).forEach(function (item) { list.appendChild(item); });
        if (seq) list.setAttribute('data-seq', String(seq));
        showEmptyNote(list);
      });
    }).catch(function () {
      // The list stays as it was; the next change still arrives.
    });
  }

  // "Show more": fetch the items after those shown and append the new ones.
  function setUpMore(list) {
    var holder = siblingOf(list, '.feed-more');
    var link = holder && holder.querySelector('a[data-feed-more]');
    if (!link) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'feed-more-button';
    button.textContent = link.textContent;
    link.parentNode.replaceChild(button, link);
    button.addEventListener('click', function () {
      if (button.getAttribute('aria-busy') === 'true') return;
      button.setAttribute('aria-busy', 'true');
      fetchItems(list.children.length).then(function (html) {
        var fresh = parseItems(html, list.getAttribute('data-heading')).filter(function (item) {
          return !itemIn(list, item.getAttribute('data-id'));
        });
        fresh.forEach(function (item) { place(list, item); });
        limits.set(list, Math.max(limits.get(list), list.children.length));
        showEmptyNote(list);
        if (fresh.length === 0) {
          holder.hidden = true;
          announce(words(list, 'end'));
          var last = list.lastElementChild && list.lastElementChild.querySelector('a');
          if (last) last.focus();
        } else {
          announce(countWords(list, 'more', fresh.length));
        }
      }).catch(function () {
        announce(words(list, 'failed'));
      }).then(function () {
        button.removeAttribute('aria-busy');
      });
    });
  }

  lists.forEach(setUpMore);

  if (!window.EventSource) return;

  var source = null;
  function connect() {
    var after = Math.min.apply(null, lists.map(function (list) {
      return Number(list.getAttribute('data-seq')) || 0;
    }));
    source = new EventSource(home + 'news-feed/events?after=' + after);
    source.addEventListener('feed', function (event) {
      var change;
      try {
        change = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      apply(change, Number(event.lastEventId) || 0);
    });
    source.addEventListener('reset', function (event) {
      reload(Number(event.lastEventId) || 0);
    });
    source.addEventListener('error', function () {
      // A dropped connection is retried by the browser; a refused one is not.
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(function () { if (!source) connect(); }, RETRY_MS);
      }
    });
  }
  connect();

  // A page restored from the back-forward cache has lost its stream.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && (!source || source.readyState === EventSource.CLOSED)) connect();
  });
})();
