// Ghost's own Admin API client, unchanged from npm, signing its own tokens against a
// Byline site: reading the site and tags, writing a post from draft to deleted, and
// how a wrong key or a stale edit is refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import GhostAdminAPI from '@tryghost/admin-api';
import { root, startByline } from '../browser/support.mjs';

const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
let server;
let adminKey;
let contentKey;

before(async () => {
  server = await startByline();
  const printed = execFileSync(binary, ['integration', 'add', 'Admin client test', '--data', server.dataDir], {
    encoding: 'utf8',
  });
  adminKey = /^admin_key=([0-9a-f]{24}:[0-9a-f]{64})$/m.exec(printed)[1];
  contentKey = /^content_key=([0-9a-f]{26})$/m.exec(printed)[1];
});

after(() => server?.stop());

const client = (key, version = 'v6.0') => new GhostAdminAPI({ url: server.base, key, version });

test("Ghost's client reads the site and the tags with its own tokens, on every version it speaks", async () => {
  for (const version of ['v6.0', 'v5.0', 'v4', 'v3', 'canary']) {
    const api = client(adminKey, version);
    const site = await api.site.read();
    assert.equal(site.url, `${server.base}/`, version);
    assert.equal(typeof site.title, 'string');
    const tags = await api.tags.browse({ limit: 'all', include: 'count.posts' });
    assert.ok(tags.length >= 3, `${version}: the demo's sections`);
    for (const tag of tags) {
      assert.match(tag.id, /^[0-9a-f]{24}$/);
      assert.equal(typeof tag.count.posts, 'number');
    }
    assert.equal(tags.meta.pagination.total, tags.length);
  }
});

test("every post's url carries its edition's prefix", async () => {
  const api = client(adminKey, 'v5.0');
  const posts = await api.posts.browse({ limit: 'all' });
  // Written in Ukrainian: more Cyrillic letters than Latin ones (an English title may
  // quote a Ukrainian name).
  const letters = (text, pattern) => (text.match(pattern) ?? []).length;
  const ukrainian = posts.filter((post) => letters(post.title, /[\u0400-\u04FF]/g) > letters(post.title, /[A-Za-z]/g));
  assert.ok(ukrainian.length >= 3, "the demo's Ukrainian edition");
  for (const post of ukrainian) assert.match(new URL(post.url).pathname, /^\/uk\//, post.title);
  assert.ok(posts.some((post) => !new URL(post.url).pathname.startsWith('/uk/')));
});

test('a key that is not the site\'s is refused with the errors Ghost clients throw', async () => {
  const [id, secret] = adminKey.split(':');
  const forged = `${id}:${secret.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`;
  await assert.rejects(client(forged).tags.browse(), (error) => {
    assert.equal(error.type, 'UnauthorizedError');
    assert.match(error.message, /^Invalid token: invalid signature/);
    return true;
  });
  const unknown = `${'ab'.repeat(12)}:${secret}`;
  await assert.rejects(client(unknown).tags.browse(), (error) => {
    assert.equal(error.type, 'UnauthorizedError');
    assert.equal(error.message, 'Unknown Admin API Key');
    return true;
  });
  // No token at all: Ghost's 403, in its envelope.
  const bare = await fetch(`${server.base}/ghost/api/admin/tags/`);
  assert.equal(bare.status, 403);
  assert.equal((await bare.json()).errors[0].type, 'NoPermissionError');
});

/** Waits (up to two seconds) for `path` to answer 200, then returns the answer. */
async function eventually(path) {
  for (let tries = 0; ; tries += 1) {
    const response = await fetch(`${server.base}${path}`);
    if (response.ok || tries === 100) return response;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("Ghost's client writes a post from HTML, edits it, is stopped by a stale edit, publishes and deletes it", async () => {
  const api = client(adminKey);
  const draft = await api.posts.add(
    {
      title: 'Ferry timetable changes from Monday',
      html: '<p>The <em>early</em> ferry moves to 6:40.</p><iframe src="https://www.youtube.com/embed/abc"></iframe>',
      tags: ['Transport desk'],
      custom_excerpt: 'Twenty minutes later.',
    },
    { source: 'html' },
  );
  assert.equal(draft.status, 'draft');
  assert.match(draft.id, /^[0-9a-f]{24}$/);
  assert.match(draft.html, /<em>early<\/em>/);
  assert.doesNotMatch(draft.html, /<iframe/);
  assert.deepEqual(
    draft.tags.map((tag) => tag.name),
    ['Transport desk'],
  );
  assert.equal((await fetch(`${server.base}/${draft.slug}/`)).status, 404, 'a draft stays off the site');

  const edited = await api.posts.edit({
    id: draft.id,
    updated_at: draft.updated_at,
    title: 'Ferry timetable changes on Monday',
  });
  assert.equal(edited.title, 'Ferry timetable changes on Monday');
  assert.equal(edited.custom_excerpt, 'Twenty minutes later.', 'fields not sent are kept');
  assert.notEqual(edited.updated_at, draft.updated_at);

  // The updated_at it read before its own edit is stale now.
  await assert.rejects(
    api.posts.edit({ id: draft.id, updated_at: draft.updated_at, title: 'Overwritten' }),
    (error) => {
      assert.equal(error.type, 'UpdateCollisionError');
      return true;
    },
  );

  const published = await api.posts.edit({ id: draft.id, updated_at: edited.updated_at, status: 'published' });
  assert.equal(published.status, 'published');
  assert.equal(published.title, 'Ferry timetable changes on Monday');
  const page = await eventually(`/${published.slug}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Ferry timetable changes on Monday/);
  const fromContentApi = await eventually(`/ghost/api/content/posts/${published.id}/?key=${contentKey}`);
  assert.equal(fromContentApi.status, 200);
  assert.equal((await fromContentApi.json()).posts[0].title, 'Ferry timetable changes on Monday');

  const drafts = await api.posts.browse({ filter: 'status:draft', limit: 'all' });
  assert.ok(drafts.every((post) => post.status === 'draft'));
  assert.ok(!drafts.some((post) => post.id === published.id));
  const bySlug = await api.posts.read({ slug: published.slug });
  assert.equal(bySlug.id, published.id);

  await api.posts.delete({ id: published.id });
  await assert.rejects(api.posts.read({ id: published.id }), (error) => {
    assert.equal(error.type, 'NotFoundError');
    return true;
  });
});

test("Ghost's client adds, edits and deletes a tag, and reads the authors as users", async () => {
  const api = client(adminKey);
  const tag = await api.tags.add({ name: 'Harbour works', description: 'The rebuilding of the old quay.' });
  assert.equal(tag.slug, 'harbour-works');
  assert.match(tag.id, /^[0-9a-f]{24}$/);
  const renamed = await api.tags.edit({ id: tag.id, name: 'Harbour rebuild' });
  assert.equal(renamed.name, 'Harbour rebuild');
  assert.equal(renamed.description, 'The rebuilding of the old quay.', 'fields not sent are kept');
  assert.equal((await api.tags.read({ slug: 'harbour-works' })).id, tag.id);
  await assert.rejects(api.tags.add({ name: 'Clash', slug: 'harbour-works' }), (error) => {
    assert.equal(error.type, 'ValidationError');
    return true;
  });
  await api.tags.delete({ id: tag.id });
  await assert.rejects(api.tags.read({ id: tag.id }), (error) => {
    assert.equal(error.type, 'NotFoundError');
    return true;
  });

  const users = await api.users.browse({ limit: 'all' });
  assert.ok(users.length >= 1, "the demo's authors");
  const first = await api.users.read({ id: users[0].id });
  assert.equal(first.slug, users[0].slug);
});

test("Ghost's client uploads an image and sets it as a feature image; a text file posing as a PNG is refused", async () => {
  const api = client(adminKey);
  const file = join(root, 'crates/byline/tests/fixtures/import/ghost/content/images/2024/05/lighthouse.jpg');
  const image = await api.images.upload({ file, ref: 'lighthouse-at-dusk' });
  assert.equal(image.ref, 'lighthouse-at-dusk');
  assert.ok(image.url.startsWith(`${server.base}/content/images/`), image.url);
  const served = await fetch(image.url);
  assert.equal(served.status, 200);
  assert.match(served.headers.get('content-type'), /^image\//);

  const post = await api.posts.add({
    title: 'The lighthouse keeps its light',
    feature_image: image.url,
    feature_image_alt: 'The lighthouse against an evening sky',
    feature_image_caption: 'The point at <em>dusk</em>',
  });
  assert.equal(post.feature_image, image.url);
  assert.equal(post.feature_image_alt, 'The lighthouse against an evening sky');
  assert.equal(post.feature_image_caption, 'The point at dusk');
  await api.posts.delete({ id: post.id });

  const folder = mkdtempSync(join(tmpdir(), 'byline-upload-'));
  const fake = join(folder, 'chart.png');
  writeFileSync(fake, 'Not a picture at all, only words in a file with a picture\'s name.\n');
  await assert.rejects(api.images.upload({ file: fake }), (error) => {
    assert.equal(error.type, 'ValidationError');
    assert.match(error.context, /not an image/);
    return true;
  });
});

test("Ghost's client lists newsletters, adds a member with the double opt-in, finds, edits and deletes it, and adds a webhook", async () => {
  const api = client(adminKey);
  const newsletters = await api.newsletters.browse({ limit: 'all' });
  assert.ok(newsletters.length >= 2, "the demo's newsletters");
  const member = await api.members.add(
    { email: 'reader.one@example.org', name: 'Reader One', newsletters: [{ id: newsletters[0].id }] },
    { send_email: true, email_type: 'signup' },
  );
  assert.match(member.id, /^[0-9a-f]{24}$/);
  assert.equal(member.subscribed, false, 'waiting for the reader to confirm');
  const found = await api.members.browse({ filter: "email:'reader.one@example.org'" });
  assert.equal(found.length, 1);
  assert.equal(found[0].id, member.id);
  const renamed = await api.members.edit({ id: member.id, name: 'Reader Uno' });
  assert.equal(renamed.name, 'Reader Uno');
  await assert.rejects(api.members.add({ email: 'reader.two@example.org' }), (error) => {
    assert.equal(error.type, 'ValidationError');
    assert.match(error.context, /consent/);
    return true;
  });
  await api.members.delete({ id: member.id });
  await assert.rejects(api.members.read({ id: member.id }), (error) => {
    assert.equal(error.type, 'NotFoundError');
    return true;
  });

  // The test server runs without leave to reach private addresses, so a webhook to
  // this machine is refused; one to a public name is kept.
  await assert.rejects(
    api.webhooks.add({ event: 'post.published', target_url: 'http://127.0.0.1:9/hook' }),
    (error) => {
      assert.equal(error.type, 'ValidationError');
      assert.match(error.context, /private webhook targets|loopback/);
      return true;
    },
  );
  const webhook = await api.webhooks.add({ event: 'post.published', target_url: 'https://hooks.example.org/byline', secret: 'shh' });
  assert.equal(webhook.event, 'post.published');
  const edited = await api.webhooks.edit({ id: webhook.id, event: 'post.published.edited' });
  assert.equal(edited.event, 'post.published.edited');
  await api.webhooks.delete({ id: webhook.id });
});
