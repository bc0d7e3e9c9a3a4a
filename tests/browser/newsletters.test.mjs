// Newsletter signup in a real browser (Debian's Chromium). With JavaScript a box
// answers in place: a malformed address is refused before anything is sent, a good one
// is told its confirmation email is on its way, and the page's other boxes are left
// alone. Without JavaScript the form posts and the page comes back with the answer in
// the box that was used. The /newsletters/ page offers every demo newsletter and is
// accessible and valid; the confirmation email lands in DATA/mail/ and its link makes
// the subscription active. Starts the real `byline serve --demo` on a free port.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { axeViolations, launchChromium, nuHtmlCheck, startByline, VIEWPORTS } from './support.mjs';

const ARTICLE = '/merrow-river-flood-crest/';
// Box ids are `signup-{place}-{slug}` (see partials/newsletter_box.html).
const ARTICLE_BOX = 'signup-article-daily-briefing';
const FOOTER_BOX = 'signup-footer-daily-briefing';
const HOME_BOX = 'signup-home-weekly-column';
const PAGE_FORM = 'signup-page-all';
const BAD_EMAIL = 'Please enter a correct email address';
const ON_ITS_WAY = /confirmation email is on its way/i;
const CONFIRM_PATH = /\/newsletters\/confirm\/[A-Za-z0-9._~%-]+/;

let server;
let base;
let browser;

before(async () => {
  server = await startByline();
  base = server.base;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/** The parts of a signup box, found by the ids and roles its template gives them. */
function signupBox(page, id) {
  return {
    form: page.locator(`#${id}`),
    email: page.locator(`#${id}-email`),
    name: page.locator(`#${id}-name`),
    error: page.locator(`#${id}-error`),
    status: page.locator(`#${id} [role="status"]`),
    button: page.locator(`#${id} button[type="submit"]`),
  };
}

/**
 * Waits until the element's text matches (a string it contains, or a pattern) and
 * returns the text. Polls from Node, so it works with JavaScript off in the page too.
 */
async function waitForText(locator, expected, timeout = 5_000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (expected instanceof RegExp ? expected.test(text) : text.includes(expected)) return text;
    await sleep(100);
  }
  assert.fail(`waited ${timeout} ms for ${expected}; the text is ${JSON.stringify(text)}`);
}

/** Whether the element is the one with the keyboard focus. */
function isFocused(locator) {
  return locator.evaluate((element) => element === document.activeElement);
}

/**
 * Without JavaScript: clicks a form's button and waits until the page the server
 * answers with (after its 303) has replaced this one and loaded.
 */
async function submitAndReload(page, button) {
  const reloaded = page
    .waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 10_000 })
    .then(() => page.waitForLoadState('load'));
  await button.click();
  await reloaded;
}

/** What an email says, with its quoted-printable and base64 parts decoded. */
function mailText(raw) {
  const texts = [];
  const parts = /Content-Transfer-Encoding:\s*(quoted-printable|base64)\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([\s\S]*?)(?=\r?\n--|$)/gi;
  for (const [, encoding, body] of raw.matchAll(parts)) {
    if (encoding.toLowerCase() === 'base64') {
      texts.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    } else {
      const bytes = body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
      texts.push(Buffer.from(bytes, 'latin1').toString('utf8'));
    }
  }
  // The raw message last: a link in a quoted-printable part is broken across lines there.
  texts.push(raw);
  return texts.join('\n');
}

/** The first email to `address` in DATA/mail/, decoded; waits for it to arrive. */
async function mailTo(address, timeout = 10_000) {
  const folder = join(server.dataDir, 'mail');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    let names = [];
    try {
      names = readdirSync(folder).filter((name) => name.endsWith('.eml')).sort();
    } catch {
      // no mail yet: the folder is made with the first message
    }
    for (const name of names) {
      const raw = readFileSync(join(folder, name), 'utf8');
      if (raw.includes(address)) return mailText(raw);
    }
    await sleep(200);
  }
  assert.fail(`no email to ${address} in ${folder} after ${timeout} ms`);
}

test('with JavaScript, an article\'s box refuses a malformed address without sending, then confirms a good one in place; the footer box is left alone', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  try {
    const page = await context.newPage();
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
    });
    await page.goto(base + ARTICLE);
    await page.evaluate(() => {
      window.bylineStillHere = true;
    });
    const box = signupBox(page, ARTICLE_BOX);
    const footer = signupBox(page, FOOTER_BOX);
    await footer.email.fill('half-typed@example');

    await box.email.fill('reader at example dot org');
    await box.button.click();
    await waitForText(box.error, BAD_EMAIL);
    assert.equal(await box.email.getAttribute('aria-invalid'), 'true');
    assert.equal(await box.email.getAttribute('aria-describedby'), `${ARTICLE_BOX}-error`, 'the error is the field\'s description');
    assert.ok(await isFocused(box.email), 'the focus goes to the field');
    assert.deepEqual(posts, [], 'nothing was sent');
    assert.equal(await box.status.textContent(), '');
    assert.deepEqual((await axeViolations(page)).map((v) => v.id), [], 'accessible with the error shown');

    await box.email.fill('morning.reader@example.org');
    await box.name.fill('Morgan');
    const answered = page.waitForResponse((response) => new URL(response.url()).pathname === '/newsletters/subscribe');
    await box.button.click();
    const response = await answered;
    assert.equal(response.status(), 200);
    assert.match(response.request().headers().accept ?? '', /application\/json/);
    const sent = new URLSearchParams(response.request().postData() ?? '');
    assert.equal(sent.get('email'), 'morning.reader@example.org');
    assert.equal(sent.get('name'), 'Morgan');
    assert.deepEqual(sent.getAll('newsletter'), ['daily-briefing']);
    assert.equal(sent.get('box'), ARTICLE_BOX);
    assert.equal(sent.get('return'), ARTICLE);
    assert.equal(sent.get('website'), '', 'the honeypot goes along, empty');

    await waitForText(box.status, ON_ITS_WAY);
    assert.equal(await box.error.textContent(), '');
    assert.equal(await box.email.getAttribute('aria-invalid'), null);
    assert.equal(await box.email.inputValue(), '', 'the fields are cleared');
    assert.equal(await box.name.inputValue(), '');
    assert.equal(await box.button.isEnabled(), true, 'the button works again');

    assert.equal(new URL(page.url()).pathname, ARTICLE, 'still on the article');
    assert.equal(await page.evaluate(() => window.bylineStillHere), true, 'and never reloaded');
    assert.equal(await footer.email.inputValue(), 'half-typed@example', 'the footer box keeps what was typed in it');
    assert.equal(await footer.status.textContent(), '');
    assert.equal(await footer.error.textContent(), '');
    assert.equal(await footer.email.getAttribute('aria-invalid'), null);
    assert.deepEqual(posts, ['/newsletters/subscribe'], 'one request, for the box that was used');
  } finally {
    await context.close();
  }
});

test('without JavaScript, the footer box posts and the same page comes back with the answer in that box', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
  try {
    const page = await context.newPage();
    await page.goto(base + ARTICLE);
    const footer = signupBox(page, FOOTER_BOX);
    const other = signupBox(page, ARTICLE_BOX);

    await footer.email.fill('not an address');
    await footer.name.fill('Sam');
    await submitAndReload(page, footer.button);
    const back = new URL(page.url());
    assert.equal(back.pathname, ARTICLE, 'the same page');
    assert.equal(back.hash, `#${FOOTER_BOX}`, 'at the box that was used');
    await waitForText(footer.error, BAD_EMAIL);
    assert.equal(await footer.email.inputValue(), 'not an address', 'what was typed is kept');
    assert.equal(await footer.name.inputValue(), 'Sam');
    assert.equal(await footer.email.getAttribute('aria-invalid'), 'true');
    assert.equal(await footer.status.textContent(), '');
    assert.equal(await other.error.textContent(), '', 'the article box says nothing');
    assert.equal(await other.email.inputValue(), '');

    await footer.email.fill('evening.reader@example.org');
    await submitAndReload(page, footer.button);
    assert.equal(new URL(page.url()).pathname, ARTICLE);
    await waitForText(footer.status, ON_ITS_WAY);
    assert.equal(await footer.error.textContent(), '');
    assert.equal(await footer.email.inputValue(), '', 'nothing typed is echoed back after a signup');
    assert.equal(await footer.email.getAttribute('aria-invalid'), null);
    assert.equal(await other.status.textContent(), '', 'the article box says nothing');

    await page.reload();
    assert.equal(await footer.status.textContent(), '', 'the answer is shown once, not on every later visit');
  } finally {
    await context.close();
  }
});

test('the newsletters page offers each demo newsletter with a checkbox, fits a phone, and has no WCAG 2 A/AA violations', async () => {
  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ viewport });
    try {
      const page = await context.newPage();
      await page.goto(base + '/newsletters/');
      const form = page.locator(`form#${PAGE_FORM}[data-newsletter-box]`);
      assert.equal(await form.count(), 1, 'one form');
      const offered = await form
        .locator('input[type="checkbox"][name="newsletter"]')
        .evaluateAll((boxes) => boxes.map((box) => box.value).sort());
      assert.deepEqual(offered, ['daily-briefing', 'weekly-column']);
      assert.equal(await form.getByRole('checkbox', { name: 'The Daily Briefing' }).count(), 1, 'each checkbox is labelled with its newsletter');
      assert.equal(await form.getByRole('textbox', { name: /Email address/ }).count(), 1);
      assert.match(await form.textContent(), /\* indicates required/);
      assert.equal(await page.locator(`#${FOOTER_BOX}`).count(), 0, 'no second signup form in the footer');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `/newsletters/ overflows by ${overflow}px at ${viewport.width}px`);
      const problems = (await axeViolations(page)).map(
        (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
      );
      assert.deepEqual(problems, [], `on a ${viewportName}`);
    } finally {
      await context.close();
    }
  }
});

test('with JavaScript, the newsletters page asks for a newsletter and an address before sending anything', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.phone });
  try {
    const page = await context.newPage();
    const posts = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.goto(base + '/newsletters/');
    const form = signupBox(page, PAGE_FORM);
    await form.email.fill('reader@example');
    await form.button.click();
    await waitForText(page.locator(`#${PAGE_FORM}-newsletter-error`), 'Choose at least one newsletter');
    await waitForText(form.error, BAD_EMAIL);
    assert.ok(await isFocused(page.locator(`#${PAGE_FORM} input[type="checkbox"]`).first()), 'the focus goes to the first field in error');
    assert.deepEqual(posts, []);
    assert.deepEqual((await axeViolations(page)).map((v) => v.id), [], 'accessible with the errors shown');
  } finally {
    await context.close();
  }
});

test('pages with signup boxes, and the page the server answers without JavaScript, are valid HTML for the Nu HTML Checker', async () => {
  const documents = [];
  for (const path of ['/', ARTICLE, '/newsletters/']) {
    const html = await (await fetch(base + path)).text();
    documents.push([path, html]);
  }
  const home = documents[0][1];
  assert.ok(home.includes(`id="${HOME_BOX}"`), 'the home page has the weekly column\'s box');
  const article = documents[1][1];
  assert.ok(article.includes(`id="${ARTICLE_BOX}"`) && article.includes(`id="${FOOTER_BOX}"`), 'the article has its box and the footer\'s');

  // The answer without JavaScript: a 303 back to the page with a short-lived cookie,
  // then the page with the error and the typed address filled in by the server.
  const form = new URLSearchParams({ email: 'no <at> sign', name: 'Ana "Quotes"', newsletter: 'daily-briefing', website: '', box: FOOTER_BOX, return: ARTICLE });
  const posted = await fetch(base + '/newsletters/subscribe', { method: 'POST', body: form, redirect: 'manual' });
  assert.equal(posted.status, 303);
  const location = new URL(posted.headers.get('location'), base);
  assert.equal(location.pathname + location.hash, `${ARTICLE}#${FOOTER_BOX}`);
  const cookie = posted.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const answered = await (await fetch(location, { headers: { cookie } })).text();
  assert.ok(answered.includes(BAD_EMAIL), 'the error is in the page');
  assert.ok(!answered.includes('no <at> sign'), 'what was typed is escaped');
  assert.match(
    answered,
    new RegExp(`id="${FOOTER_BOX}-email" value="no &(lt|#60|#x3c);at&(gt|#62|#x3e); sign" aria-invalid="true"`, 'i'),
    'the typed address is back in its field',
  );
  documents.push([`${ARTICLE} (answer with an error)`, answered]);

  const named = nuHtmlCheck(documents);
  assert.equal(named, '', named);
});

test('the confirmation email arrives in DATA/mail/, and its link makes The Daily Briefing active', async () => {
  const address = 'confirming.reader@example.org';
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  try {
    const page = await context.newPage();
    await page.goto(base + ARTICLE);
    const box = signupBox(page, ARTICLE_BOX);
    await box.email.fill(address);
    await box.button.click();
    await waitForText(box.status, ON_ITS_WAY);

    const mail = await mailTo(address);
    assert.ok(mail.includes('The Daily Briefing'), 'the email names the newsletter');
    const link = CONFIRM_PATH.exec(mail);
    assert.ok(link, `a /newsletters/confirm/ link in ${mail}`);

    const response = await page.goto(base + link[0]);
    assert.equal(response.status(), 200);
    const html = await response.text();
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.locator('.newsletter-page.np-confirmed').count(), 1, 'the confirmed page');
    const active = page.locator('.np-list');
    assert.match(await active.textContent(), /The Daily Briefing/, 'names the newsletter now active');
    assert.match(await page.locator('main').textContent(), /active/i);
    assert.deepEqual((await axeViolations(page)).map((v) => v.id), []);
    const named = nuHtmlCheck([[link[0], html]]);
    assert.equal(named, '', named);
  } finally {
    await context.close();
  }
});
