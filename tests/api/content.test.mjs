// Ghost's own Content API client, unchanged from npm, reading the demo newsroom
// through Byline's Content API: if a Ghost frontend can read Byline, this passes.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import GhostContentAPI from '@tryghost/content-api';
import { root, startByline } from '../browser/support.mjs';

const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
let server;
let api;
let key;

before(async () => {
  server = await startByline();
  const printed = execFileSync(binary, ['integration', 'add', 'Ghost client test', '--data', server.dataDir], {
    encoding: 'utf8',
  });
  key = /^content_key=([0-9a-f]{26})$/m.exec(printed)[1];
  api = new GhostContentAPI({ url: server.base, key, version: 'v5.0' });
});

after(() => server?.stop());

const slugs = (posts) => posts.map((post) => post.slug);

test('browsing pages through the posts with the pagination Ghost clients read', async () => {
  const first = await api.posts.browse({ limit: 5 });
  assert.equal(first.length, 5);
  const { pagination } = first.meta;
  assert.equal(pagination.page, 1);
  assert.equal(pagination.limit, 5);
  assert.ok(pagination.total > 5, `the demo has more than five posts (${pagination.total})`);
  assert.equal(pagination.pages, Math.ceil(pagination.total / 5));
  assert.equal(pagination.next, 2);
  assert.equal(pagination.prev, null);
  const second = await api.posts.browse({ limit: 5, page: 2 });
  assert.equal(second.meta.pagination.prev, 1);
  assert.equal(second.length, 5);
  for (const slug of slugs(second)) {
    assert.ok(!slugs(first).includes(slug), `${slug} is on one page only`);
  }
  const times = first.concat(second).map((post) => Date.parse(post.published_at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
  const all = await api.posts.browse({ limit: 'all' });
  assert.equal(all.length, pagination.total);
  assert.equal(all.meta.pagination.limit, 'all');
});

test('a post is a Ghost post: ids, urls, html, times and the included people', async () => {
  const [post] = await api.posts.browse({ limit: 1, include: 'tags,authors' });
  assert.match(post.id, /^[0-9a-f]{24}$/);
  assert.match(post.uuid, /^[0-9a-f-]{36}$/);
  assert.equal(post.url, `${server.base}/${post.slug}/`);
  assert.match(post.html, /<p>/);
  assert.equal(post.visibility, 'public');
  assert.equal(typeof post.featured, 'boolean');
  assert.equal(typeof post.reading_time, 'number');
  assert.ok(!Number.isNaN(Date.parse(post.published_at)));
  assert.ok(post.tags.length > 0 && post.authors.length > 0);
  assert.deepEqual(post.primary_tag, post.tags[0]);
  assert.deepEqual(post.primary_author, post.authors[0]);
  assert.equal(post.primary_tag.url, `${server.base}/tag/${post.primary_tag.slug}/`);
  const page = await fetch(post.url);
  assert.equal(page.status, 200, 'the url is the article page');
});

test('fields and formats shape each post', async () => {
  const posts = await api.posts.browse({ limit: 3, fields: 'title,slug,url' });
  for (const post of posts) {
    assert.deepEqual(Object.keys(post).sort(), ['slug', 'title', 'url']);
  }
  const [plain] = await api.posts.browse({ limit: 1, formats: 'plaintext' });
  assert.equal(typeof plain.plaintext, 'string');
  assert.ok(!('html' in plain), 'only the formats asked for');
  assert.doesNotMatch(plain.plaintext, /<p>/);
  const [both] = await api.posts.browse({ limit: 1, formats: ['html', 'plaintext'] });
  assert.ok('html' in both && 'plaintext' in both);
});

test('filters: a tag, its negation, featured, dates and combinations', async () => {
  const everything = await api.posts.browse({ limit: 'all', include: 'tags' });
  const tags = await api.tags.browse({ limit: 'all', include: 'count.posts' });
  const city = tags.find((tag) => tag.count.posts >= 2);
  const inCity = await api.posts.browse({ limit: 'all', filter: `tag:${city.slug}`, include: 'tags' });
  assert.equal(inCity.length, city.count.posts, 'the tag count is the filter count');
  assert.ok(inCity.every((post) => post.tags.some((tag) => tag.slug === city.slug)));
  const notCity = await api.posts.browse({ limit: 'all', filter: `tag:-${city.slug}`, include: 'tags' });
  assert.ok(notCity.every((post) => post.tags.every((tag) => tag.slug !== city.slug)));
  assert.equal(inCity.length + notCity.length, everything.length);

  const featured = await api.posts.browse({ limit: 'all', filter: 'featured:true' });
  assert.ok(featured.length > 0 && featured.every((post) => post.featured === true));
  const expectedFeatured = everything.filter((post) => post.featured).length;
  assert.equal(featured.length, expectedFeatured);

  const middle = everything[Math.floor(everything.length / 2)].published_at;
  const newer = await api.posts.browse({ limit: 'all', filter: `published_at:>'${middle}'` });
  assert.deepEqual(
    slugs(newer).sort(),
    slugs(everything.filter((post) => Date.parse(post.published_at) > Date.parse(middle))).sort(),
  );
  const lately = await api.posts.browse({ limit: 'all', filter: 'published_at:>now-3650d' });
  assert.equal(lately.length, everything.length, 'the demo is from the last ten years');
  const ancient = await api.posts.browse({ filter: 'published_at:<2000-01-01' });
  assert.equal(ancient.length, 0);

  const combined = await api.posts.browse({
    limit: 'all',
    filter: `tag:${city.slug}+featured:false,slug:${everything[0].slug}`,
    include: 'tags',
  });
  const expected = everything.filter(
    (post) => (post.tags.some((tag) => tag.slug === city.slug) && !post.featured) || post.slug === everything[0].slug,
  );
  assert.deepEqual(slugs(combined).sort(), slugs(expected).sort());

  const two = [everything[1].slug, everything[2].slug];
  const listed = await api.posts.browse({ filter: `slug:[${two.join(',')}]` });
  assert.deepEqual(slugs(listed).sort(), [...two].sort());
  const others = await api.posts.browse({ limit: 'all', filter: `id:-${everything[0].id}` });
  assert.equal(others.length, everything.length - 1, 'related posts leave out the one being read');
});

test('editions: the main one unless the filter names another', async () => {
  const main = await api.posts.browse({ limit: 'all' });
  const ukrainian = await api.posts.browse({ limit: 'all', filter: 'edition:uk' });
  assert.ok(ukrainian.length >= 3, 'the demo has a Ukrainian edition');
  const mainSlugs = new Set(slugs(main));
  assert.ok(ukrainian.every((post) => !mainSlugs.has(post.slug)), 'no article is in both');
  assert.ok(ukrainian.every((post) => new URL(post.url).pathname.startsWith('/uk/')), 'addresses carry the prefix');
  assert.ok(main.every((post) => !new URL(post.url).pathname.startsWith('/uk/')));
  const byLanguage = await api.posts.browse({ limit: 'all', filter: 'edition:en' });
  assert.deepEqual(slugs(byLanguage), slugs(main), 'the main edition by its language');
  const featured = await api.posts.browse({ limit: 'all', filter: 'edition:uk+featured:true' });
  assert.ok(featured.length > 0 && featured.every((post) => post.featured && !mainSlugs.has(post.slug)));
  const one = await api.posts.read({ slug: ukrainian[0].slug });
  assert.equal(one.url, ukrainian[0].url, 'a read finds any edition\'s article');
  for (const filter of ['edition:xx', 'edition:uk,featured:true', 'edition:-uk']) {
    await assert.rejects(api.posts.browse({ filter }), (error) => {
      assert.equal(error.name, 'BadRequestError', filter);
      assert.equal(error.response.status, 400, filter);
      assert.match(error.context, /edition/, filter);
      return true;
    });
  }
});

test('reads by id and by slug, for posts and pages', async () => {
  const [first] = await api.posts.browse({ limit: 1 });
  const byId = await api.posts.read({ id: first.id });
  const bySlug = await api.posts.read({ slug: first.slug }, { include: 'authors' });
  assert.equal(byId.slug, first.slug);
  assert.equal(bySlug.id, first.id);
  assert.ok(bySlug.authors.length > 0);
  const pages = await api.pages.browse();
  assert.ok(pages.length > 0);
  const page = await api.pages.read({ slug: pages[0].slug });
  assert.equal(page.id, pages[0].id);
  await assert.rejects(api.posts.read({ slug: pages[0].slug }), { name: 'NotFoundError' }, 'a page is not a post');
});

test('tags and authors with their counts, by id and by slug', async () => {
  const authors = await api.authors.browse({ limit: 'all', include: 'count.posts' });
  assert.ok(authors.length > 0);
  for (const author of authors) {
    assert.match(author.id, /^[0-9a-f]{24}$/);
    assert.equal(author.url, `${server.base}/author/${author.slug}/`);
    const theirs = await api.posts.browse({ limit: 'all', filter: `author:${author.slug}` });
    assert.equal(author.count.posts, theirs.length, author.slug);
  }
  const one = await api.authors.read({ slug: authors[0].slug });
  assert.equal(one.id, authors[0].id);
  assert.equal(one.count, undefined, 'counts come when asked for');
  const [tag] = await api.tags.browse({ limit: 1 });
  const again = await api.tags.read({ id: tag.id }, { include: 'count.posts' });
  assert.equal(again.slug, tag.slug);
  assert.equal(typeof again.count.posts, 'number');
});

test('settings, newsletters and the free tier', async () => {
  const settings = await api.settings.browse();
  assert.ok(settings.title.length > 0);
  assert.equal(settings.url, `${server.base}/`);
  assert.ok(Array.isArray(settings.navigation));
  const newsletters = await api.newsletters.browse();
  assert.ok(newsletters.length > 0 && newsletters.every((n) => n.name && n.slug));
  const tiers = await api.tiers.browse();
  assert.equal(tiers.length, 1);
  assert.equal(tiers[0].type, 'free');
});

test('an older client on the v3 address reads the same posts', async () => {
  const legacy = new GhostContentAPI({ url: server.base, key, version: 'v3' });
  const old = await legacy.posts.browse({ limit: 3 });
  const current = await api.posts.browse({ limit: 3 });
  assert.deepEqual(slugs(old), slugs(current));
});

test('errors: a wrong key, a missing post, a malformed filter', async () => {
  const stranger = new GhostContentAPI({ url: server.base, key: '0123456789abcdef0123456789', version: 'v5.0' });
  await assert.rejects(stranger.posts.browse(), (error) => {
    assert.equal(error.name, 'UnauthorizedError');
    assert.equal(error.response.status, 401);
    return true;
  });
  await assert.rejects(api.posts.read({ slug: 'no-such-story-anywhere' }), (error) => {
    assert.equal(error.name, 'NotFoundError');
    assert.equal(error.response.status, 404);
    return true;
  });
  await assert.rejects(api.posts.browse({ filter: 'tag:(city' }), (error) => {
    assert.equal(error.name, 'BadRequestError');
    assert.equal(error.response.status, 400);
    assert.match(error.context, /character/);
    return true;
  });
  await assert.rejects(api.posts.browse({ filter: 'password:secret' }), { name: 'BadRequestError' });
  const keyless = await fetch(`${server.base}/ghost/api/content/posts/`);
  assert.equal(keyless.status, 403);
  assert.equal((await keyless.json()).errors[0].type, 'NoPermissionError');
});

test('answers are open to any origin, say their version, and repeat as 304', async () => {
  const address = `${server.base}/ghost/api/content/posts/?key=${key}&limit=2`;
  const first = await fetch(address, { headers: { 'Accept-Version': 'v5.0', Origin: 'https://app.example' } });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('access-control-allow-origin'), '*');
  assert.match(first.headers.get('content-version'), /^v\d+\.\d+$/);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const repeat = await fetch(address, { headers: { 'If-None-Match': etag } });
  assert.equal(repeat.status, 304);
  const preflight = await fetch(address, {
    method: 'OPTIONS',
    headers: {
      Origin: 'https://app.example',
      'Access-Control-Request-Method': 'GET',
      'Access-Control-Request-Headers': 'accept-version',
    },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-headers'), /accept-version/);
});
