// Newsletter signup boxes answer in place. Without JavaScript a box is a plain form:
// it posts to /newsletters/subscribe and the page comes back with the answer in the
// box. With it, the same form is sent with fetch (asking for JSON) and the answer is
// shown in the box without leaving the page. Every box on the page works on its own.
//
// An address that is empty or plainly not an address is refused here without
// sending; anything else goes to the server, which decides. What a box says comes from
// its data-* attributes (the theme's translations, in the page's language).
(function () {
  'use strict';
  var forms = Array.prototype.slice.call(document.querySelectorAll('form[data-newsletter-box]'));
  if (forms.length === 0 || !window.fetch || !window.FormData || !window.URLSearchParams) return;

  // One @, something before it, a dot in the part after it, no spaces.
  var LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

  function setUp(form) {
    // The elements the box's template names after the form's id (see
    // partials/newsletter_box.html and newsletters.html).
    var email = form.querySelector('input[name="email"]');
    var name = form.querySelector('input[name="name"]');
    var error = document.getElementById(form.id + '-error');
    var choiceError = document.getElementById(form.id + '-newsletter-error');
    var choices = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="newsletter"]'));
    var status = form.querySelector('[role="status"]');
    var button = form.querySelector('button[type="submit"], button:not([type])');
    var sending = false;
    var sayTimer = null;
    if (!email || !status) return;
    var BAD_EMAIL = form.getAttribute('data-bad-email') || '';
    var NO_NEWSLETTER = form.getAttribute('data-no-newsletter') || '';
    var FAILED = form.getAttribute('data-failed') || '';
    var OFFLINE = form.getAttribute('data-offline') || '';
    var THANKS = form.getAttribute('data-thanks') || '';

    function say(text, problem) {
      clearTimeout(sayTimer);
      if (problem) status.setAttribute('data-state', 'problem');
      else status.removeAttribute('data-state');
      // Emptied first, so the same words said twice are heard twice.
      status.textContent = '';
      if (text) sayTimer = setTimeout(function () { status.textContent = text; }, 50);
    }

    function clearErrors() {
      if (error) error.textContent = '';
      if (choiceError) choiceError.textContent = '';
      email.removeAttribute('aria-invalid');
    }

    // Shows the field errors next to their fields and moves the focus to the first
    // field in the page that has one; returns whether there were any.
    function showErrors(errors) {
      var invalid = [];
      if (errors.email && error) {
        error.textContent = errors.email;
        email.setAttribute('aria-invalid', 'true');
        invalid.push(email);
      }
      if (errors.newsletter && choiceError && choices.length > 0) {
        choiceError.textContent = errors.newsletter;
        invalid.push(choices[0]);
      } else if (errors.newsletter && error && !errors.email) {
        // A box for one newsletter has no list to choose from: its one error line says it.
        error.textContent = errors.newsletter;
        invalid.push(email);
      }
      if (invalid.length === 0) return false;
      invalid.sort(function (a, b) {
        return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      invalid[0].focus();
      return true;
    }

    // What the browser would have checked with `required` and `type="email"`, and the
    // page's list of newsletters (none chosen): found before anything is sent.
    function checkHere() {
      var errors = {};
      var found = false;
      if (!LOOKS_LIKE_EMAIL.test(email.value.trim())) {
        errors.email = BAD_EMAIL;
        found = true;
      }
      if (choices.length > 0 && !choices.some(function (box) { return box.checked; })) {
        errors.newsletter = NO_NEWSLETTER;
        found = true;
      }
      return found ? errors : null;
    }

    // A disabled button drops the focus: it goes back to the button, unless a field
    // took it meanwhile.
    var refocus = false;
    function done() {
      sending = false;
      if (!button) return;
      button.disabled = false;
      if (refocus && (!document.activeElement || document.activeElement === document.body)) button.focus();
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (sending) return;
      clearErrors();
      say('');
      var local = checkHere();
      if (local) {
        showErrors(local);
        return;
      }
      sending = true;
      refocus = document.activeElement === button;
      if (button) button.disabled = true;
      fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8'
        },
        body: new URLSearchParams(new FormData(form)).toString(),
        credentials: 'same-origin'
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok && answer.ok) {
            say(answer.message || THANKS);
            email.value = '';
            if (name) name.value = '';
          } else if (response.status === 422 && answer.errors && showErrors(answer.errors)) {
            // Said next to the fields, and the focus is on the first of them.
          } else {
            say(answer.message || FAILED, true);
          }
        });
      }, function () {
        say(OFFLINE, true);
      }).then(done, done);
    });
  }

  forms.forEach(setUp);
})();
