// The public site in a real browser (Debian's Chromium): accessibility checked by
// axe-core at phone and desktop widths, keyboard use, layout without overflow, and
// reading with JavaScript off. Starts the real `byline serve --demo` on a free port.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, nuHtmlCheck, startByline, VIEWPORTS } from './support.mjs';

const PAGES = [
  '/', '/merrow-river-flood-crest/', '/about/', '/tag/city/', '/author/olena-koval/', '/news-feed/', '/search/?q=river', '/search/?q=zzyzx', '/no-such-page/',
  // The demo's Ukrainian edition: its front page, a translated article, a section, search.
  '/uk/', '/uk/merrou-mozhe-siahnuty-naivyshchoho-rivnia-z-2011-roku/', '/uk/tag/city/', '/uk/search/?q=міст',
];

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

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`pages have no WCAG 2 A/AA violations on a ${viewportName}`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = [];
    for (const path of PAGES) {
      await page.goto(base + path);
      for (const violation of await axeViolations(page)) {
        problems.push(`${path}: ${violation.id} (${violation.impact}): ${violation.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    await context.close();
    assert.deepEqual(problems, []);
  });

  test(`pages fit a ${viewportName} screen without sideways scrolling`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    for (const path of PAGES) {
      await page.goto(base + path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} overflows by ${overflow}px at ${viewport.width}px`);
    }
    await context.close();
  });
}

test('the skip link is the first stop for the keyboard, visibly focused, and moves focus to the content', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/merrow-river-flood-crest/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return { text: el.textContent.trim(), outline: style.outlineStyle, width: box.width, height: box.height };
  });
  assert.equal(focused.text, 'Skip to content');
  assert.notEqual(focused.outline, 'none', 'focus is visible');
  assert.ok(focused.width > 0 && focused.height > 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'content');
  await page.close();
});

test('the language switch is reached by keyboard, announced as a named navigation, and leads to the translation', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/merrow-river-flood-crest/');
  // Screen readers hear a "Languages" navigation with each language named in itself.
  const english = page.getByRole('navigation', { name: 'Languages' });
  assert.equal(await english.getByRole('link', { name: 'English' }).getAttribute('aria-current'), 'page');
  const ukrainian = english.getByRole('link', { name: 'Українська' });
  assert.equal(await ukrainian.getAttribute('lang'), 'uk');
  assert.equal(await ukrainian.getAttribute('hreflang'), 'uk');
  // The keyboard gets there in order, and the focus is visible.
  let reached = false;
  for (let stop = 0; stop < 40 && !reached; stop += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.textContent === 'Українська');
  }
  assert.ok(reached, 'Tab reaches the Ukrainian link');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/uk\/merrou-mozhe-siahnuty/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'uk');
  const back = page.getByRole('navigation', { name: 'Мови' });
  assert.equal(await back.getByRole('link', { name: 'Українська' }).getAttribute('aria-current'), 'page');
  assert.match(await back.getByRole('link', { name: 'English' }).getAttribute('href'), /\/merrow-river-flood-crest\/$/);
  assert.deepEqual((await axeViolations(page)).map((v) => v.id), []);
  await page.close();
});

test('an article reads completely with JavaScript switched off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/merrow-river-flood-crest/');
  assert.equal(await page.locator('h1').textContent(), 'Merrow River expected to crest at its highest level since 2011');
  assert.ok((await page.locator('.article-body p').count()) > 5);
  assert.equal(await page.locator('.editor-note').count(), 2);
  assert.ok(await page.locator('figure img').evaluate((img) => img.complete && img.naturalWidth > 0), 'the lead image loads');
  await context.close();
});

test('the header search box suggests articles as the reader types, and Enter opens the results', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/merrow-river-flood-crest/');
  const box = page.locator('#site-search-q');
  await box.pressSequentially('jaz', { delay: 30 });
  const suggestion = page.locator('#site-search-suggestions a').first();
  await suggestion.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await suggestion.textContent(), /Jazz Festival/i);
  assert.equal(await page.locator('#site-search-suggestions').getAttribute('aria-live'), 'polite', 'screen readers hear the list');
  const violations = await axeViolations(page);
  assert.deepEqual(violations.map((v) => v.id), [], 'the open list is accessible too');
  await box.press('Escape');
  assert.equal(await page.locator('#site-search-suggestions').isHidden(), true);
  await box.fill('flood wall');
  await box.press('Enter');
  await page.waitForURL(/\/search\/\?q=flood\+wall/);
  assert.ok((await page.locator('.search-result').count()) > 0);
  assert.ok((await page.locator('.search-result mark').count()) > 0, 'matches are highlighted');
  await page.close();
});

test('every page is valid HTML for the Nu HTML Checker, with no warnings either', async () => {
  const documents = [];
  for (const path of PAGES) {
    const response = await fetch(base + path);
    documents.push([path, await response.text()]);
  }
  const named = nuHtmlCheck(documents);
  assert.equal(named, '', named);
});
