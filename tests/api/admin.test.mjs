// Ghost's own Admin API client, unchanged from npm, signing its own tokens against a
// Byline site: what it reads now (site/, tags/) and how a wrong key is refused.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import GhostAdminAPI from '@tryghost/admin-api';
import { root, startByline } from '../browser/support.mjs';

const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
let server;
let adminKey;

before(async () => {
  server = await startByline();
  const printed = execFileSync(binary, ['integration', 'add', 'Admin client test', '--data', server.dataDir], {
    encoding: 'utf8',
  });
  adminKey = /^admin_key=([0-9a-f]{24}:[0-9a-f]{64})$/m.exec(printed)[1];
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
