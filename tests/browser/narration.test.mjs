// The narration player in a real browser: the demo is narrated in the background by
// espeak-ng (the neural voice has its own tests in the Rust suite), then Chromium
// plays the article's MP3 as a reader would, axe-core checks the player at both
// widths, the keyboard reaches its controls, and the page stays valid HTML.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, launchChromium, nuHtmlCheck, startByline, VIEWPORTS } from './support.mjs';

const ARTICLE = '/merrow-river-flood-crest/';

let server;
let base;
let browser;

before(async () => {
  server = await startByline({ narration: 'espeak-ng' });
  base = server.base;
  browser = await launchChromium();
  // The worker narrates every demo article; wait for this one's player.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const html = await (await fetch(base + ARTICLE)).text();
    if (html.includes('class="listen"')) break;
    assert.ok(Date.now() < deadline, 'the article was not narrated in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('the player loads and plays the narration, labelled with its length and the disclosure', async () => {
  const page = await browser.newPage();
  await page.goto(base + ARTICLE);
  const player = page.locator('.listen audio');
  assert.equal(await player.count(), 1);
  const label = await page.locator('#listen-label').innerText();
  assert.match(label, /^Listen to this article \((\d+ min)?( ?\d+ sec)?\)$/);
  assert.equal(await page.locator('.listen-disclosure').innerText(), 'This audio is created with AI assistance');
  assert.ok(await page.locator('.listen-disclosure').isVisible());

  // The player sits under the headline, before the lead photo and the body.
  const order = await page.evaluate(() => {
    const at = (selector) => document.querySelector(selector)?.getBoundingClientRect().top ?? Infinity;
    return [at('h1'), at('.listen'), at('.article-body')];
  });
  assert.ok(order[0] < order[1] && order[1] < order[2], `headline, player, body: ${order}`);

  // Chromium decodes the MP3 and reports the length the label gives.
  const media = await player.evaluate(async (audio) => {
    audio.muted = true;
    audio.load();
    await new Promise((resolve, reject) => {
      audio.addEventListener('loadedmetadata', resolve, { once: true });
      audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), { once: true });
    });
    await audio.play();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const played = audio.currentTime;
    // Seeking asks the server for a range.
    audio.currentTime = audio.duration / 2;
    await new Promise((resolve) => audio.addEventListener('seeked', resolve, { once: true }));
    audio.pause();
    return { duration: audio.duration, played, position: audio.currentTime };
  });
  assert.ok(media.duration > 5, `duration ${media.duration}`);
  assert.ok(media.played > 0, `it played: ${media.played}`);
  assert.ok(media.position > media.duration / 3, `it seeked: ${JSON.stringify(media)}`);
  const [, minutes, seconds] = label.match(/(?:(\d+) min)? ?(?:(\d+) sec)?\)$/) ?? [];
  const labelled = Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
  assert.ok(Math.abs(labelled - media.duration) < 2, `label ${labelled} s, audio ${media.duration} s`);
  await page.close();
});

test('the player has an accessible name and the keyboard reaches it', async () => {
  const page = await browser.newPage();
  await page.goto(base + ARTICLE);
  const name = await page.evaluate(() => {
    const audio = document.querySelector('.listen audio');
    const ids = audio.getAttribute('aria-labelledby').split(' ');
    return ids.map((id) => document.getElementById(id).textContent.trim()).join(' ');
  });
  assert.match(name, /^Listen to this article/);
  let reached = false;
  for (let i = 0; i < 40 && !reached; i += 1) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.matches('.listen audio') ?? false);
  }
  assert.ok(reached, 'Tab reaches the audio player');
  await page.close();
});

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`a narrated article has no WCAG 2 A/AA violations on a ${viewportName}`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(base + ARTICLE);
    const violations = await axeViolations(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await context.close();
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
    assert.ok(overflow <= 0, `overflows by ${overflow}px`);
  });
}

test('a narrated article is valid HTML for the Nu HTML Checker', async () => {
  const html = await (await fetch(base + ARTICLE)).text();
  const report = nuHtmlCheck([[ARTICLE, html]]);
  assert.equal(report, '', report);
});
