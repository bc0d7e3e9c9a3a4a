// The public site in a real browser (Debian's Chromium): accessibility checked by
// axe-core at phone and desktop widths, keyboard use, layout without overflow, and
// reading with JavaScript off. Starts the real `byline serve --demo` on a free port.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
];
const PAGES = ['/', '/merrow-river-flood-crest/', '/about/', '/tag/city/', '/author/olena-koval/', '/news-feed/', '/search/?q=river', '/search/?q=zzyzx', '/no-such-page/'];
const VIEWPORTS = { phone: { width: 375, height: 740 }, desktop: { width: 1280, height: 900 } };

let server;
let base;
let browser;
let dataDir;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'byline-browser-'));
  server = spawn(binary, ['serve', '--demo', '--listen', '127.0.0.1:0', '--log-format', 'json', '--data', dataDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('byline serve did not start in 60 s')), 60_000);
    server.on('exit', (code) => reject(new Error(`byline serve exited with ${code}`)));
    createInterface({ input: server.stderr }).on('line', (line) => {
      try {
        const event = JSON.parse(line);
        if (event.listen) {
          clearTimeout(timer);
          resolve(`http://${event.listen}`);
        }
      } catch {
        // not a log line of ours
      }
    });
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`pages have no WCAG 2 A/AA violations on a ${viewportName}`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = [];
    for (const path of PAGES) {
      await page.goto(base + path);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
      for (const violation of result.violations) {
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
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  assert.deepEqual(result.violations.map((v) => v.id), [], 'the open list is accessible too');
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
  // vnu refuses loopback URLs, so the pages are saved to files first.
  const folder = mkdtempSync(join(tmpdir(), 'byline-vnu-'));
  const files = [];
  for (const path of PAGES) {
    const response = await fetch(base + path);
    const file = join(folder, `${files.length}.html`);
    writeFileSync(file, await response.text());
    files.push(file);
  }
  const vnu = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  let report = '';
  try {
    execFileSync('java', ['-jar', vnu, '--Werror', '--format', 'text', ...files], { stdio: 'pipe' });
  } catch (failure) {
    report = failure.stderr.toString();
  }
  rmSync(folder, { recursive: true, force: true });
  const named = PAGES.reduce((text, path, i) => text.replaceAll(files[i], path), report);
  assert.equal(named, '', named);
});
