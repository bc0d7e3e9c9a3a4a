// Byline desk: small enhancements on top of pages that work without scripts.
// 1. A form that comes back with mistakes moves focus to them.
// 2. The post editor's preview follows the body as you type.
// 3. Drafts save themselves in the background.
// 4. The secret preview link can be copied with one press.
// 5. Short fields count their characters (News Feed headline and text).
// 6. "Link to an article" suggests published articles as you type.
// 7. Buttons that delete ask first.
(() => {
  'use strict';

  const csrfOf = (form) => {
    const input = form && form.querySelector('input[name="csrf"]');
    return input ? input.value : '';
  };
  const twoDigits = (n) => String(n).padStart(2, '0');
  // The words to show, in the page's language (layout.html writes them).
  const wordsElement = document.getElementById('desk-words');
  const words = wordsElement ? JSON.parse(wordsElement.textContent) : {};
  const word = (key, values = {}) =>
    String(words[key] || key).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  const pluralWord = (key, n) => {
    const forms = words[key] || {};
    const form = new Intl.PluralRules(document.documentElement.lang || 'en').select(n);
    return String(forms[form] || forms.other || key).replace('{n}', String(n));
  };

  // 1. Mistakes: focus the summary, or the first field with a mistake.
  const summary = document.querySelector('.error-summary');
  const invalid = document.querySelector('[aria-invalid="true"]');
  if (summary) {
    summary.focus();
  } else if (invalid) {
    invalid.focus();
  }

  const form = document.getElementById('post-form');
  const body = document.getElementById('body');
  const preview = document.getElementById('preview');

  // 2. Live preview: the server renders the body exactly as the site will.
  if (form && body && preview && preview.dataset.previewUrl) {
    const url = preview.dataset.previewUrl;
    let timer = 0;
    let latest = 0;
    const refresh = async () => {
      const request = ++latest;
      try {
        const response = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
          body: new URLSearchParams({ body: body.value, csrf: csrfOf(form) }),
        });
        if (request !== latest) return;
        if (!response.ok && response.status !== 422) {
          preview.innerHTML = '<p class="preview-empty">The preview cannot be updated right now' +
            (response.status === 403 ? ' (your session may have ended)' : '') +
            '. Your text is safe in the editor: press “Save draft” or “Preview”.</p>';
          return;
        }
        preview.innerHTML = await response.text();
      } catch {
        // Offline for a moment: keep the last preview and try again on the next change.
      }
    };
    body.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    if (body.value.trim() !== '' && preview.querySelector('.preview-empty')) refresh();
  }

  // 3. Autosave, only for existing drafts (the page sets data-autosave-url then).
  if (form && form.dataset.autosaveUrl) {
    const url = form.dataset.autosaveUrl;
    const status = document.getElementById('autosave-status');
    const revision = form.querySelector('input[name="revision"]');
    let changed = false;
    let inFlight = false;
    let stopped = false;
    let waitingSubmitter = null;

    const say = (text, isError) => {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle('is-error', Boolean(isError));
    };
    const clock = (iso) => {
      const at = new Date(String(iso || '').replace(/(\.\d{3})\d+/, '$1'));
      const shown = Number.isNaN(at.getTime()) ? new Date() : at;
      return `${twoDigits(shown.getHours())}:${twoDigits(shown.getMinutes())}`;
    };
    const noteChange = (event) => {
      if (event.target && event.target.type !== 'file') changed = true;
    };
    form.addEventListener('input', noteChange);
    form.addEventListener('change', noteChange);

    const save = async () => {
      if (!changed || inFlight || stopped) return;
      inFlight = true;
      changed = false;
      const data = new FormData(form);
      data.delete('image_file');
      data.delete('action');
      try {
        const response = await fetch(url, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          body: data,
        });
        let answer = {};
        try {
          answer = await response.json();
        } catch {
          answer = {};
        }
        if (response.ok) {
          if (revision && answer.revision !== undefined) revision.value = answer.revision;
          say(word('draft_saved_at', { time: clock(answer.saved_at) }), false);
        } else if (response.status === 409) {
          stopped = true;
          say(answer.error || word('autosave_stopped'), true);
        } else if (response.status === 422) {
          say(answer.error || word('autosave_mistakes'), true);
        } else {
          changed = true;
          say(answer.error || word('autosave_retry'), true);
        }
      } catch {
        changed = true;
        say(word('autosave_offline'), true);
      } finally {
        inFlight = false;
        if (waitingSubmitter) {
          // A button was pressed while saving: send the form now, with the new revision.
          const submitter = waitingSubmitter;
          waitingSubmitter = null;
          if (form.requestSubmit) form.requestSubmit(submitter);
          else submitter.click();
        }
      }
    };

    form.addEventListener('submit', (event) => {
      stopped = true;
      if (inFlight) {
        event.preventDefault();
        waitingSubmitter = event.submitter || form.querySelector('button[value="save"]');
      }
    });
    setInterval(save, 10000);
  }

  // 4. Copy buttons: after the secret preview link (its full address), and after a
  // key shown once (an element marked data-copy, its text).
  const addCopyButton = (element, label, failed, value) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-small copy-button';
    button.textContent = label;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(value());
        button.textContent = word('copied');
      } catch {
        button.textContent = failed;
      }
      setTimeout(() => { button.textContent = label; }, 4000);
    });
    element.after(button);
  };
  if (navigator.clipboard) {
    for (const link of document.querySelectorAll('a[data-copy-link]')) {
      addCopyButton(link, word('copy_link'), word('copy_failed_link'), () => new URL(link.getAttribute('href'), window.location.href).href);
    }
    for (const shown of document.querySelectorAll('[data-copy]')) {
      addCopyButton(shown, word('copy'), word('copy_failed_text'), () => shown.textContent.trim());
    }
  }

  // 5. Character counts: quiet while typing; the limit is announced once when passed.
  for (const control of document.querySelectorAll('[data-max-chars]')) {
    const most = Number(control.dataset.maxChars);
    const count = document.createElement('p');
    count.className = 'char-count';
    count.setAttribute('aria-hidden', 'true');
    const alert = document.createElement('p');
    alert.className = 'visually-hidden';
    alert.setAttribute('aria-live', 'polite');
    let over = false;
    const show = () => {
      const used = Array.from(control.value.trim()).length;
      count.textContent = `${used} / ${most}`;
      count.classList.toggle('is-over', used > most);
      if ((used > most) !== over) {
        over = used > most;
        alert.textContent = over ? pluralWord('over_limit', most) : '';
      }
    };
    control.after(count, alert);
    control.addEventListener('input', show);
    show();
  }

  // 6. Article suggestions from the desk's search, shown by the browser's datalist.
  for (const list of document.querySelectorAll('datalist[data-source]')) {
    const input = document.querySelector(`input[list="${list.id}"]`);
    if (!input || !window.fetch) continue;
    let timer = 0;
    let latest = 0;
    const suggest = async () => {
      const words = input.value.trim();
      const request = ++latest;
      if (words.length < 2 || words.includes('/')) {
        list.replaceChildren();
        return;
      }
      try {
        const response = await fetch(`${list.dataset.source}?q=${encodeURIComponent(words)}`, {
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        });
        if (request !== latest || !response.ok) return;
        const articles = await response.json();
        list.replaceChildren(...articles.map((article) => {
          const option = document.createElement('option');
          option.value = article.title;
          option.label = `/${article.slug}/`;
          return option;
        }));
      } catch {
        // No suggestions for now; typing a slug or an address still works.
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 200);
    });
  }

  // 7. Pages that follow something under way (a newsletter send) reload themselves.
  //    A script rather than <meta http-equiv="refresh">, which would also reload a
  //    page the reader is in the middle of using with a keyboard or screen reader;
  //    here the reload waits while focus is in a form field.
  const reloading = document.querySelector('[data-reload-every]');
  if (reloading) {
    const seconds = Number(reloading.dataset.reloadEvery) || 5;
    const reload = () => {
      const typing = document.activeElement && document.activeElement.closest('form');
      if (typing) setTimeout(reload, seconds * 1000);
      else window.location.reload();
    };
    setTimeout(reload, seconds * 1000);
  }

  // 8. Ask before deleting.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
})();
