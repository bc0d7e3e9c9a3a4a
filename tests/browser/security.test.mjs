// The Content-Security-Policy in a real browser (Debian's Chromium): readers' pages
// and the desk work with the policy on (search suggestions, the live News Feed, the
// signup box, the editor's live preview) without a single violation, and a script
// injected inline into a page is blocked and reported. The other browser tests run
// under the same policy, so every behaviour they check works with it too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, startByline, VIEWPORTS } from './support.mjs';

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

/**
 * A page that records every CSP violation it sees. The recorder is installed through
 * the DevTools protocol, which the page's policy does not govern.
 */
async function watchedPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return page;
}

const violations = (page) => page.evaluate(() => window.__violations);

test('readers\' pages work under the policy: suggestions, the live feed and the signup box, with no violation', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await watchedPage(context);
  await page.goto(base + '/merrow-river-flood-crest/');
  const policy = (await page.request.get(base + '/')).headers()['content-security-policy'];
  assert.match(policy, /script-src 'self'(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline/);

  await page.locator('#site-search-q').pressSequentially('jaz', { delay: 30 });
  await page.locator('#site-search-suggestions a').first().waitFor({ state: 'visible', timeout: 5000 });

  const box = page.locator('form.newsletter-box').first();
  await box.locator('input[type=email]').fill('csp-reader@example.org');
  await box.getByRole('button', { name: /Subscribe/ }).click();
  await page.waitForFunction(
    () => document.querySelector('form.newsletter-box .signup-status').textContent.trim() !== '',
    null,
    { timeout: 10_000 },
  );
  assert.equal(new URL(page.url()).pathname, '/merrow-river-flood-crest/', 'answered in place by script');

  await page.goto(base + '/');
  await page.getByRole('button', { name: 'Show more' }).click();
  await page.goto(base + '/news-feed/');
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test('the desk works under its policy: sign-in, the editor\'s live preview and the media library', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await watchedPage(context);
  await page.goto(base + '/admin/signin');
  await page.getByLabel('Email address').fill(server.desk.email);
  await page.getByLabel('Password', { exact: true }).fill(server.desk.password);
  await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await page.waitForURL((url) => url.pathname === '/admin/');
  await page.goto(base + '/admin/posts/new');
  await page.getByLabel('Body (Markdown)').fill('## Under the policy\n\nThe preview still **follows** the text.');
  await page.locator('#preview h2', { hasText: 'Under the policy' }).waitFor({ timeout: 10_000 });
  await page.goto(base + '/admin/media');
  await page.goto(base + '/admin/settings');
  assert.deepEqual(await violations(page), []);
  await context.close();
});

test('a script injected inline into a page is blocked and reported', async () => {
  const context = await browser.newContext();
  const page = await watchedPage(context);
  await page.goto(base + '/merrow-river-flood-crest/');
  await page.evaluate(() => {
    // What a stored-XSS payload that slipped past the sanitizer would do.
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.body.append(script);
    const image = document.createElement('img');
    image.setAttribute('src', 'data:,');
    image.setAttribute('onerror', 'window.__handler = true');
    document.body.append(image);
  });
  await page.waitForFunction(() => window.__violations.length >= 2, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'the inline script did not run');
  assert.equal(await page.evaluate(() => window.__handler), undefined, 'the inline handler did not run');
  const seen = await violations(page);
  assert.ok(seen.every((v) => v.startsWith('script-src')), JSON.stringify(seen));
  await context.close();
});
