// The live News Feed in a real browser (Debian's Chromium): a reader's open page shows
// what an editor publishes in the desk, without a reload; the new item glows briefly
// (not for readers who ask for reduced motion) and is announced politely; a pinned item
// goes to the top; a deleted one leaves; "Show more" appends older items; a page of the
// Ukrainian edition follows that edition's feed only; and the pages stay accessible.
// Starts the real `byline serve --demo` on a free port.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, nuHtmlCheck, startByline, VIEWPORTS } from './support.mjs';

const LIVE = { timeout: 15_000 };

let server;
let base;
let browser;
let desk; // the editor's signed-in browser context

before(async () => {
  server = await startByline();
  base = server.base;
  browser = await launchChromium();
  desk = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await desk.newPage();
  await page.goto(base + '/admin/signin');
  await page.getByLabel('Email address').fill(server.desk.email);
  await page.getByLabel('Password', { exact: true }).fill(server.desk.password);
  await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await page.waitForURL((url) => url.pathname === '/admin/');
  await page.close();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

/**
 * Publishes an item as the signed-in editor: the composer's own form post
 * (POST /admin/news-feed with the session's CSRF token), sent through the desk
 * context's cookies but outside any page, so the reader's page is the only page
 * open while it waits. (The composer's page itself is exercised in desk tests.)
 */
async function deskToken() {
  const html = await (await desk.request.get(base + '/admin/news-feed/')).text();
  const found = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(found, 'the composer carries a CSRF token');
  return found[1];
}

async function publish(headline, text, { pin = false, edition = null } = {}) {
  const form = { csrf: await deskToken(), headline, text, article: '', return_to: '/admin/news-feed/' };
  if (pin) form.pinned = '1';
  if (edition) form.edition = edition;
  const response = await desk.request.post(base + '/admin/news-feed', { form, maxRedirects: 0 });
  assert.equal(response.status(), 303, `the desk published the item: ${await response.text()}`);
}

/** Deletes the item with this id, as the delete button in the desk's list does. */
async function remove(id) {
  const response = await desk.request.post(`${base}/admin/news-feed/${id}/delete`, {
    form: { csrf: await deskToken() },
    maxRedirects: 0,
  });
  assert.equal(response.status(), 303, `the desk deleted the item: ${await response.text()}`);
}

async function reader(options = {}) {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, ...options });
  return { context, page: await context.newPage() };
}

test('an open News Feed page shows an item published after it loaded, glowing, announced, and still there after a reload', async () => {
  const { context, page } = await reader({ reducedMotion: 'no-preference' });
  await page.goto(base + '/news-feed/');
  const list = page.locator('main ol.news-feed');
  const seqBefore = Number(await list.getAttribute('data-seq'));
  const countBefore = await list.locator('> li').count();
  assert.equal(await list.getAttribute('aria-live'), null, 'the list itself is not a live region');

  const headline = 'Ferry service resumes after the storm';
  await publish(headline, 'The first crossing leaves Grain Wharf at **noon**.');

  const item = list.locator('> li', { hasText: headline });
  await item.waitFor(LIVE);
  const arrived = await item.evaluate((li) => ({
    animation: getComputedStyle(li).animationName,
    first: li.parentElement.firstElementChild === li,
    heading: li.querySelector('.feed-headline').tagName,
    id: li.dataset.id,
  }));
  assert.equal(arrived.animation, 'feed-arrive', 'a brief highlight');
  assert.ok(arrived.first, 'newest first');
  assert.equal(arrived.heading, 'H2', 'the page\'s heading level, not the stream\'s h3');
  assert.equal(await list.locator('> li').count(), countBefore + 1, 'nothing else changed');
  assert.equal(await item.locator('strong').textContent(), 'noon');
  assert.ok(Number(await list.getAttribute('data-seq')) > seqBefore, 'the list knows the event it has');

  const announcer = page.locator('[data-feed-announcer]');
  assert.equal(await announcer.getAttribute('aria-live'), 'polite');
  await page.waitForFunction(
    (text) => document.querySelector('[data-feed-announcer]').textContent.includes(text),
    `New in the News Feed: ${headline}`,
    LIVE,
  );
  assert.deepEqual((await axeViolations(page)).map((v) => v.id), [], 'still accessible with the new item');

  await page.reload();
  const again = page.locator('main ol.news-feed > li').first();
  assert.equal(await again.getAttribute('data-id'), arrived.id, 'a reload shows the same item first');
  assert.match(await again.textContent(), new RegExp(headline));
  await context.close();
});

test('with reduced motion asked for, a new item arrives in the sidebar without animation', async () => {
  const { context, page } = await reader({ reducedMotion: 'reduce' });
  await page.goto(base + '/merrow-river-flood-crest/');
  const list = page.locator('.sidebar ol.news-feed');
  const countBefore = await list.locator('> li').count();
  assert.ok(countBefore > 0);

  const headline = 'Water main repaired on Alder Street';
  await publish(headline, 'Taps are back on in the eastern blocks.');
  const item = list.locator('> li', { hasText: headline });
  await item.waitFor(LIVE);
  assert.equal(await item.evaluate((li) => getComputedStyle(li).animationName), 'none');
  assert.equal(await item.evaluate((li) => li.querySelector('.feed-headline').tagName), 'H3');
  assert.equal(await list.locator('> li').count(), countBefore, 'the sidebar keeps its length');
  await context.close();
});

test('a pinned item goes to the top of open pages with its label, and a deleted one leaves them', async () => {
  const { context, page } = await reader();
  await page.goto(base + '/');
  const list = page.locator('main ol.news-feed');

  const pinned = 'Polling stations open until 9 p.m.';
  await publish(pinned, 'Every station in the city stays open an hour longer.', { pin: true });
  const first = list.locator('> li').first();
  await page.waitForFunction(
    (text) => document.querySelector('main ol.news-feed > li')?.textContent.includes(text),
    pinned,
    LIVE,
  );
  assert.equal(await first.getAttribute('data-pinned'), '');
  assert.equal((await first.locator('.feed-pinned').textContent()).trim(), 'Pinned');

  const doomed = 'Wrong bridge named in earlier item';
  await publish(doomed, 'This item is published, then deleted.');
  await list.locator('> li', { hasText: doomed }).waitFor(LIVE);
  assert.match(await list.locator('> li').first().textContent(), new RegExp(pinned), 'the pinned item stays first');
  await remove(await list.locator('> li', { hasText: doomed }).getAttribute('data-id'));
  await list.locator('> li', { hasText: doomed }).waitFor({ state: 'detached', ...LIVE });
  await context.close();
});

test('a page of the Ukrainian edition follows its own feed, in Ukrainian, and not the English one', async () => {
  const composer = await (await desk.request.get(base + '/admin/news-feed/')).text();
  const option = /<option value="(\d+)"[^>]*>Колдерський вісник<\/option>/.exec(composer);
  assert.ok(option, 'the composer offers the demo\'s Ukrainian edition');
  const { context, page } = await reader();
  const english = await context.newPage();
  await page.goto(base + '/uk/news-feed/');
  await english.goto(base + '/news-feed/');
  const list = page.locator('main ol.news-feed');
  assert.equal(await list.getAttribute('data-feed-home'), '/uk/');

  const headline = 'Пором знову курсує після шторму';
  await publish(headline, 'Перший рейс вирушає від Зернової пристані **опівдні**.', { edition: option[1], pin: true });
  const arrived = list.locator('> li', { hasText: headline });
  await arrived.waitFor(LIVE);
  assert.equal((await arrived.locator('.feed-pinned').textContent()).trim(), 'Закріплено');
  assert.match(await arrived.locator('a.feed-permalink').getAttribute('href'), /^\/uk\/news-feed\/\d+\/$/);

  const other = 'Ferry timetable printed at Grain Wharf';
  await publish(other, 'Copies are at the ticket office.');
  await english.locator('main ol.news-feed > li', { hasText: other }).waitFor(LIVE);
  assert.equal(await english.locator('main ol.news-feed > li', { hasText: headline }).count(), 0, 'the English page never shows the Ukrainian item');
  assert.equal(await list.locator('> li', { hasText: other }).count(), 0, 'the Ukrainian page never shows the English item');
  assert.deepEqual((await axeViolations(page)).map((v) => v.id), [], 'the Ukrainian feed stays accessible');
  await context.close();
});

test('"Show more" appends older items once each, then goes away; without JavaScript it is a link', async () => {
  const { context, page } = await reader();
  await page.goto(base + '/');
  const list = page.locator('main ol.news-feed');
  const button = page.getByRole('button', { name: 'Show more' });
  assert.equal(await page.locator('a[data-feed-more]').count(), 0, 'the link became a button');
  const before = await list.locator('> li').count();
  await button.click();
  await page.waitForFunction((n) => document.querySelectorAll('main ol.news-feed > li').length > n, before, LIVE);
  while (await button.isVisible()) {
    const count = await list.locator('> li').count();
    await button.click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('main ol.news-feed > li').length > n || document.querySelector('.feed-more').hidden,
      count,
      LIVE,
    );
  }
  const ids = await list.locator('> li').evaluateAll((items) => items.map((li) => li.dataset.id));
  assert.equal(new Set(ids).size, ids.length, 'no item twice');
  const everything = await (await fetch(base + '/news-feed/')).text();
  const onFeedPage = (everything.match(/<li class="feed-item/g) || []).length;
  assert.equal(ids.length, onFeedPage, 'every item, as on the News Feed page');
  assert.deepEqual((await axeViolations(page)).map((v) => v.id), []);
  await context.close();

  const plain = await browser.newContext({ javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(base + '/');
  assert.equal(await still.locator('.feed-more a').getAttribute('href'), '/news-feed/');
  assert.ok((await still.locator('main ol.news-feed > li').count()) > 0, 'the list as of the load');
  await plain.close();
});

test('the News Feed RSS is well-formed RSS 2.0 for the browser\'s XML parser', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/news-feed/');
  const report = await page.evaluate(async () => {
    const text = await (await fetch('/news-feed/rss/')).text();
    const xml = new DOMParser().parseFromString(text, 'application/xml');
    const error = xml.querySelector('parsererror');
    return {
      error: error ? error.textContent : null,
      version: xml.documentElement.getAttribute('version'),
      items: xml.querySelectorAll('channel > item').length,
      guids: [...xml.querySelectorAll('item > guid')].map((g) => [g.getAttribute('isPermaLink'), g.textContent, g.parentElement.querySelector('link').textContent]),
      description: xml.querySelector('item > description').textContent,
    };
  });
  assert.equal(report.error, null, report.error);
  assert.equal(report.version, '2.0');
  assert.ok(report.items > 0);
  for (const [permalink, guid, link] of report.guids) {
    assert.equal(permalink, 'true');
    assert.equal(guid, link);
  }
  assert.match(report.description, /^<p>/, 'the description is HTML once unescaped');
  await page.close();
});

test('an item\'s own page and the News Feed are accessible and valid HTML', async () => {
  const page = await browser.newPage();
  await page.goto(base + '/news-feed/');
  const permalink = await page.locator('main .feed-permalink').first().getAttribute('href');
  const documents = [];
  for (const path of ['/news-feed/', permalink]) {
    await page.goto(base + path);
    assert.deepEqual((await axeViolations(page)).map((v) => `${path}: ${v.id}`), []);
    documents.push([path, await (await fetch(base + path)).text()]);
  }
  assert.equal(await page.locator('h1').count(), 1);
  await page.locator('.feed-entry-back a').click();
  await page.waitForURL((url) => url.pathname === '/news-feed/');
  await page.close();
  const named = nuHtmlCheck(documents);
  assert.equal(named, '', named);
});
