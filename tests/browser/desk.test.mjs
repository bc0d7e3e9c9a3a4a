// The editing desk in a real browser (Debian's Chromium): an editor signs in, writes
// and illustrates a post with the live preview, publishes it, corrects it in public
// with an editor's note, and shares a draft by its secret preview link. Then every
// desk page is checked with axe-core at phone and desktop widths, for sideways
// scrolling, and with the Nu HTML Checker; and the sign-in form is used by keyboard.
//
// The tests share one server and build on each other in order: the journey creates
// the posts whose editor, revisions and diff pages the later checks visit.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { axeViolations, launchChromium, nuHtmlCheck, startByline, VIEWPORTS } from './support.mjs';

const STORY = {
  headline: 'Harbour Street footbridge will be rebuilt before winter',
  standfirst: 'The council approved the repairs after an inspection found corroded steel under the deck.',
  body: [
    'The council voted 7–2 on Tuesday night to rebuild the Harbour Street footbridge before the first frost.',
    '## What changes for walkers',
    'Work starts in **October**. A temporary crossing opens at Mill Lane while the bridge is closed.',
    '> “It is the busiest crossing we have, and it cannot wait another year,” said the works director.',
  ].join('\n\n'),
  correctedVote: '6–3',
  alt: 'A gradient from deep blue to orange, standing in for a photo of the footbridge at dusk.',
  caption: 'The Harbour Street footbridge at dusk.',
  credit: 'Test Photographer/Byline',
  note: 'An earlier version of this article gave the council vote as 7–2. It was 6–3.',
};
const DRAFT = {
  headline: 'River ferry timetable to change in May',
  body: 'The ferry will run every twenty minutes on weekdays from the first of May.',
};

let server;
let base;
let browser;
let desk; // the signed-in browser context shared by the journey
/** What the journey made, for the later checks: { id, slug } of each post. */
const made = { story: null, draft: null };

before(async () => {
  server = await startByline();
  base = server.base;
  browser = await launchChromium();
  desk = await browser.newContext({ viewport: VIEWPORTS.desktop });
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test('a signed-out visit to /admin/ leads to the sign-in form, whose labelled fields sign the editor in', async () => {
  const page = await desk.newPage();
  await page.goto(base + '/admin/');
  assert.match(new URL(page.url()).pathname, /^\/admin\/signin$/, 'redirected to sign in');
  await page.getByLabel('Email address').fill(server.desk.email);
  await page.getByLabel('Password', { exact: true }).fill(server.desk.password);
  await page.getByRole('button', { name: 'Sign in' }).press('Enter');
  await page.waitForURL((url) => url.pathname === '/admin/');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Posts');
  assert.ok((await page.locator('.posts-table tbody tr').count()) > 0, 'the demo posts are listed');
  await page.close();
});

test('a new post: the preview follows the Markdown, then it is published with a byline, a section and an uploaded image', async () => {
  const page = await desk.newPage();
  await page.goto(base + '/admin/posts/new');
  await page.getByLabel('Headline').fill(STORY.headline);
  await page.getByLabel('Standfirst').fill(STORY.standfirst);
  await page.getByLabel('Body (Markdown)').fill(STORY.body);

  // desk.js posts the body to /admin/preview and shows what the site will render.
  const preview = page.locator('#preview');
  await preview.locator('h2', { hasText: 'What changes for walkers' }).waitFor({ timeout: 10_000 });
  assert.equal(await preview.locator('strong').first().textContent(), 'October');
  assert.match(await preview.locator('blockquote').textContent(), /busiest crossing/);

  made.story = {
    author: await chooseFirstOption(page.getByLabel('Byline 1')),
    section: await chooseFirstOption(page.getByLabel('Section', { exact: true })),
  };
  await page.getByLabel('Upload an image').setInputFiles({
    name: 'footbridge.png',
    mimeType: 'image/png',
    buffer: gradientPng(640, 400),
  });
  await page.getByLabel('Alt text').fill(STORY.alt);
  await page.getByLabel('Caption').fill(STORY.caption);
  await page.getByLabel('Credit').fill(STORY.credit);
  await page.getByRole('button', { name: 'Publish now' }).press('Enter');

  await page.waitForURL(/\/admin\/posts\/\d+\?notice=published$/);
  made.story.id = Number(/\/admin\/posts\/(\d+)/.exec(page.url())[1]);
  assert.equal(await page.locator('.notice').textContent(), 'Published. It is on the site now.');
  assert.equal(await page.locator('.post-facts .status').textContent(), 'Published');
  const view = await page.getByRole('link', { name: 'View on the site' }).getAttribute('href');
  made.story.slug = /^\/([a-z0-9-]+)\/$/.exec(view)[1];
  await page.close();
});

test('the published article shows what was written, and an "Edit post" link for staff only', async () => {
  assert.ok(made.story?.slug, 'needs the post published above');
  const page = await desk.newPage();
  await page.goto(`${base}/admin/posts/${made.story.id}`);
  await page.getByRole('link', { name: 'View on the site' }).click();
  await page.waitForURL((url) => url.pathname === `/${made.story.slug}/`);

  assert.equal(await page.locator('h1.story-title').textContent(), STORY.headline);
  assert.equal(await page.locator('.standfirst').textContent(), STORY.standfirst);
  assert.match(await page.locator('.story-meta .byline').textContent(), new RegExp(made.story.author));
  assert.equal((await page.locator('.story-kicker').textContent()).trim(), made.story.section);
  assert.match(await page.locator('.article-body').textContent(), /busiest crossing/);

  const figure = page.locator('.story-figure');
  assert.ok(await figure.getByText(STORY.caption).isVisible(), 'the caption is shown');
  assert.equal(await figure.locator('.credit').textContent(), STORY.credit);
  const image = figure.locator('img');
  assert.equal(await image.getAttribute('alt'), STORY.alt);
  assert.match(await image.getAttribute('srcset') ?? '', /\b480w\b.*\b640w\b/, 'the upload is offered in stored widths');
  assert.ok(
    await image.evaluate((img) => img.decode().then(() => img.naturalWidth > 0, () => false)),
    'the uploaded image loads',
  );

  const edit = page.getByRole('link', { name: 'Edit post' });
  assert.ok(await edit.isVisible(), 'staff see the Edit post link');
  await edit.click();
  await page.waitForURL((url) => url.pathname === `/admin/posts/${made.story.id}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Edit post');
  await page.close();

  // A reader has no desk session: the same page without the link.
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  const response = await readerPage.goto(`${base}/${made.story.slug}/`);
  assert.equal(response.status(), 200);
  assert.equal(await readerPage.locator('h1.story-title').textContent(), STORY.headline);
  assert.equal(await readerPage.getByRole('link', { name: 'Edit post' }).count(), 0, 'readers do not see Edit post');
  await reader.close();
});

test("a correction: the fixed text plus an editor's note, shown above the body, marks the article Updated and joins the corrections log", async () => {
  assert.ok(made.story?.slug, 'needs the post published above');
  const page = await desk.newPage();
  await page.goto(`${base}/admin/posts/${made.story.id}`);
  // Fix the text first (a second revision, which the diff page below shows)...
  const body = page.getByLabel('Body (Markdown)');
  await body.fill((await body.inputValue()).replace('7–2', STORY.correctedVote));
  await page.getByRole('button', { name: 'Update', exact: true }).press('Enter');
  await page.waitForURL(/\?notice=saved$/);

  // ...then tell readers with a note.
  await page.getByLabel('Kind of note').selectOption('correction');
  await page.getByLabel('Note for readers').fill(STORY.note);
  await page.getByRole('button', { name: 'Add the note' }).press('Enter');
  await page.waitForURL(/\?notice=note-added$/);
  assert.match(await page.locator('.notice').textContent(), /Editor's note added/);
  assert.match(await page.locator('.note-list').textContent(), /It was 6–3\./);

  await page.goto(`${base}/${made.story.slug}/`);
  const updated = page.locator('.story-meta .updated');
  assert.ok(await updated.isVisible(), 'the dateline says the article was updated');
  assert.match(await updated.textContent(), /Updated/);
  const notes = page.locator('.editor-notes');
  assert.match(await notes.textContent(), /Correction/);
  assert.match(await notes.textContent(), /It was 6–3\./);
  const notesBox = await notes.boundingBox();
  const bodyBox = await page.locator('.article-body').boundingBox();
  assert.ok(notesBox.y + notesBox.height <= bodyBox.y, 'the note is shown above the body');
  assert.match(await page.locator('.article-body').textContent(), /voted 6–3/, 'the body is corrected');

  await page.goto(`${base}/corrections/`);
  const entry = page.locator('.correction-entry', { hasText: STORY.headline });
  assert.equal(await entry.count(), 1, 'the corrections log lists the note');
  assert.equal(await entry.getByRole('link', { name: STORY.headline }).getAttribute('href'), `/${made.story.slug}/`);
  assert.match(await entry.textContent(), /It was 6–3\./);
  await page.close();
});

test('a draft can be read signed out through its secret preview link, while its public address stays 404', async () => {
  const page = await desk.newPage();
  await page.goto(base + '/admin/posts/new');
  await page.getByLabel('Headline').fill(DRAFT.headline);
  await page.getByLabel('Body (Markdown)').fill(DRAFT.body);
  await page.getByRole('button', { name: 'Save draft' }).press('Enter');
  await page.waitForURL(/\/admin\/posts\/\d+\?notice=created$/);
  made.draft = {
    id: Number(/\/admin\/posts\/(\d+)/.exec(page.url())[1]),
    slug: await page.getByLabel('Slug', { exact: true }).inputValue(),
  };
  assert.equal(await page.locator('.post-facts .status').textContent(), 'Draft');
  await page.getByRole('button', { name: 'Make a preview link' }).click();
  const previewLink = await page.getByRole('link', { name: 'Secret preview link' }).getAttribute('href');
  assert.match(previewLink, /\/preview\/[0-9a-f]{64}\/$/);
  await page.close();

  const stranger = await browser.newContext();
  const strangerPage = await stranger.newPage();
  const preview = await strangerPage.goto(new URL(previewLink, base).href);
  assert.equal(preview.status(), 200);
  assert.ok(await strangerPage.getByText(DRAFT.body).isVisible(), 'the draft body is readable');
  const publicPage = await strangerPage.goto(`${base}/${made.draft.slug}/`);
  assert.equal(publicPage.status(), 404, 'a draft is not on the site');
  await stranger.close();
});

/**
 * Every desk page, each with how to reach it. `signedOut` pages are opened without
 * the desk session; `open` does more than a visit (returns nothing, asserts itself).
 */
function deskPages() {
  const story = made.story;
  assert.ok(story?.id && made.draft?.id, 'needs the posts made by the journey above');
  return [
    { name: 'sign-in', path: '/admin/signin', signedOut: true },
    { name: 'forgot password', path: '/admin/forgot', signedOut: true },
    { name: 'posts list', path: '/admin/' },
    { name: 'new post editor', path: '/admin/posts/new' },
    { name: 'editor of a published post', path: `/admin/posts/${story.id}?notice=note-added` },
    { name: 'editor of a draft', path: `/admin/posts/${made.draft.id}` },
    { name: 'editor with mistakes', open: showEditorWithMistakes },
    { name: 'revisions', path: `/admin/posts/${story.id}/revisions` },
    { name: 'diff', open: showLatestChange },
    { name: 'media library', path: '/admin/media' },
    { name: 'authors', path: '/admin/authors' },
    { name: 'sections', path: '/admin/tags' },
    { name: 'collections', path: '/admin/collections' },
    { name: 'settings', path: '/admin/settings' },
    { name: 'staff', path: '/admin/staff' },
    { name: 'integrations, with new keys shown', open: showNewIntegrationKeys },
    // The demo newsroom's first newsletter, its draft issue and its first reader.
    { name: 'newsletters', path: '/admin/newsletters/' },
    { name: 'newsletter settings', path: '/admin/newsletters/1' },
    { name: 'issues', path: '/admin/newsletters/issues/' },
    { name: 'new issue', path: '/admin/newsletters/issues/new' },
    { name: 'issue composer', path: '/admin/newsletters/issues/1' },
    { name: 'send confirmation', path: '/admin/newsletters/issues/1/send' },
    { name: 'subscribers', path: '/admin/subscribers/' },
    { name: 'one subscriber', path: '/admin/subscribers/1' },
    { name: 'subscriber import', path: '/admin/subscribers/import' },
  ];
}

/** Submits the story's editor with no headline and a bad slug: a 422 page listing both. */
async function showEditorWithMistakes(page) {
  await page.goto(`${base}/admin/posts/${made.story.id}`);
  await page.getByLabel('Headline').fill('');
  await page.getByLabel('Slug', { exact: true }).fill('Not a slug!');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/admin/posts/${made.story.id}`));
  await page.getByRole('button', { name: 'Update', exact: true }).press('Enter');
  assert.equal((await answer).status(), 422, 'mistakes are refused');
  // The same address comes back: wait for the new page itself, and for its script.
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  await page.waitForLoadState();
  assert.equal(await summary.locator('li').count(), 2, 'both mistakes are listed');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary', 'focus moves to the mistakes');
}

/** Adds an integration through the form: its keys are shown once, on a 201 page. */
async function showNewIntegrationKeys(page) {
  await page.goto(`${base}/admin/integrations`);
  await page.getByLabel('Name', { exact: true }).fill('Mobile app');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/admin/integrations'));
  await page.getByRole('button', { name: 'Add the integration' }).press('Enter');
  assert.equal((await answer).status(), 201, 'the integration is added');
  const key = page.locator('#content-key');
  await key.waitFor();
  await page.waitForLoadState();
  assert.match((await key.textContent()).trim(), /^[0-9a-f]{26}$/, 'the content key is shown');
  assert.equal(await page.locator('#content-key + button.copy-button').textContent(), 'Copy', 'with a copy button beside it');
}

/** The revisions page's compare form, as sent: the last two revisions. */
async function showLatestChange(page) {
  await page.goto(`${base}/admin/posts/${made.story.id}/revisions`);
  await page.getByRole('button', { name: 'Show the changes' }).press('Enter');
  await page.waitForURL(/\/revisions\/diff\?/);
  assert.ok((await page.locator('.diff-added').count()) > 0, 'the corrected line shows as added');
}

/** Opens a desk page in `page`: a plain visit must answer 200; `open` checks its own answer. */
async function openDeskPage(page, entry) {
  if (entry.open) return entry.open(page);
  const response = await page.goto(base + entry.path);
  assert.equal(response.status(), 200, `${entry.name} (${entry.path}) answers 200`);
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  test(`desk pages have no serious or critical WCAG 2 A/AA violations, and do not scroll sideways, on a ${viewportName}`, async () => {
    const signedIn = await browser.newContext({ viewport, storageState: await desk.storageState() });
    const signedOut = await browser.newContext({ viewport });
    const problems = [];
    const overflowing = [];
    for (const entry of deskPages()) {
      const page = await (entry.signedOut ? signedOut : signedIn).newPage();
      await openDeskPage(page, entry);
      for (const violation of await axeViolations(page)) {
        if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
        const targets = violation.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ');
        problems.push(`${entry.name}: ${violation.id} (${violation.impact}): ${targets}`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 1) overflowing.push(`${entry.name} overflows by ${overflow}px`);
      await page.close();
    }
    await signedIn.close();
    await signedOut.close();
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.deepEqual(overflowing, [], `at ${viewport.width}px: ${overflowing.join('; ')}`);
  });
}

test('every desk page is valid HTML for the Nu HTML Checker, with no warnings either', async () => {
  const signedIn = await browser.newContext({ viewport: VIEWPORTS.desktop, storageState: await desk.storageState() });
  const signedOut = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const documents = [];
  for (const entry of deskPages()) {
    const page = await (entry.signedOut ? signedOut : signedIn).newPage();
    await openDeskPage(page, entry);
    documents.push([entry.name, await page.content()]);
    await page.close();
  }
  await signedIn.close();
  await signedOut.close();
  const report = nuHtmlCheck(documents);
  assert.equal(report, '', report);
});

test('on the sign-in page the keyboard meets the skip link first, then email, password and the Sign in button', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto(base + '/admin/signin');
  await page.keyboard.press('Tab');
  assert.equal(await focusedName(page), 'link: Skip to content');
  const skip = await page.evaluate(() => {
    const box = document.activeElement.getBoundingClientRect();
    return { outline: getComputedStyle(document.activeElement).outlineStyle, shown: box.width > 0 && box.height > 0 };
  });
  assert.notEqual(skip.outline, 'none', 'the focused skip link is visibly focused');
  assert.ok(skip.shown, 'the focused skip link is on screen');

  // Walk on until the email field, then the next two stops must be password and button.
  const stops = [];
  for (let i = 0; i < 10 && stops.at(-1) !== 'input: email'; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focusedName(page));
  }
  assert.equal(stops.at(-1), 'input: email', `the email field is reached (stops: ${stops.join(' → ')})`);
  await page.keyboard.type(server.desk.email);
  await page.keyboard.press('Tab');
  assert.equal(await focusedName(page), 'input: password');
  await page.keyboard.type(server.desk.password);
  await page.keyboard.press('Tab');
  assert.equal(await focusedName(page), 'button: Sign in');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/admin/');
  await context.close();
});

/** "link: text", "input: name" or "button: text" for the focused element. */
function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const kind = el.tagName === 'A' ? 'link' : el.tagName.toLowerCase();
    return `${kind}: ${el.tagName === 'INPUT' ? el.name : el.textContent.trim()}`;
  });
}

/** Selects the first real option of a picker (after "— none —"); returns its text. */
async function chooseFirstOption(select) {
  const first = select.locator('option:not([value=""])').first();
  await select.selectOption(await first.getAttribute('value'));
  return (await first.textContent()).trim();
}

/**
 * A valid PNG of `width` × `height` pixels, a blue-to-orange gradient, built by hand:
 * signature, IHDR, one zlib-compressed IDAT, IEND, each chunk with its CRC-32.
 */
function gradientPng(width, height) {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // each row starts with filter type 0 (none)
    for (let x = 0; x < width; x++) {
      const t = x / (width - 1);
      rows[row + 1 + x * 3] = Math.round(20 + 220 * t);
      rows[row + 2 + x * 3] = Math.round(40 + 100 * t * (1 - y / height));
      rows[row + 3 + x * 3] = Math.round(160 * (1 - t));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** CRC-32 (IEEE, as PNG uses), bit by bit: small images need no lookup table. */
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
