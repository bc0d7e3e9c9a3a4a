// The Content API's OpenAPI description, read from a running Byline and handed to
// schemathesis (PyPI), which generates requests from it and checks every answer: no
// 5xx, statuses and content types the description lists, bodies that match their
// schemas, and a key that is really asked for.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startByline } from '../browser/support.mjs';

const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
let server;
let key;
let workDir;

before(async () => {
  server = await startByline();
  const printed = execFileSync(binary, ['integration', 'add', 'OpenAPI test', '--data', server.dataDir], {
    encoding: 'utf8',
  });
  key = /^content_key=([0-9a-f]{26})$/m.exec(printed)[1];
  workDir = mkdtempSync(join(tmpdir(), 'byline-schemathesis-'));
});

after(() => {
  server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const describe = async (prefix = '/ghost/api/content') => {
  const response = await fetch(`${server.base}${prefix}/openapi.json`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /^application\/json/);
  return response.json();
};

const read = async (resource) => {
  const response = await fetch(`${server.base}/ghost/api/content/${resource}/?limit=all&key=${key}`);
  assert.equal(response.status, 200, `${resource}/ answers`);
  return (await response.json())[resource];
};

test('the description is OpenAPI 3.1, public, and names every endpoint and the key', async () => {
  const description = await describe();
  assert.match(description.openapi, /^3\.1\./);
  assert.deepEqual(description.servers, [{ url: `${server.base}/ghost/api/content` }]);
  const paths = Object.keys(description.paths).sort();
  const expected = ['posts', 'pages', 'tags', 'authors'].flatMap((resource) => [
    `/${resource}/`,
    `/${resource}/{id}/`,
    `/${resource}/slug/{slug}/`,
  ]);
  assert.deepEqual(paths, [...expected, '/settings/', '/newsletters/', '/tiers/'].sort());
  assert.deepEqual(description.components.securitySchemes.content_key, {
    type: 'apiKey',
    in: 'query',
    name: 'key',
    description: description.components.securitySchemes.content_key.description,
  });
  for (const [path, item] of Object.entries(description.paths)) {
    assert.deepEqual(item.get.security, [{ content_key: [] }], `${path} asks for the key`);
    assert.ok(item.get.responses['200'], `${path} describes its answer`);
  }
  const post = description.components.schemas.PostObject;
  for (const field of ['id', 'uuid', 'html', 'feature_image', 'published_at', 'byline_notes', 'byline_audio_url']) {
    assert.ok(post.properties[field], `PostObject has ${field}`);
  }
  // The older prefixes serve the same description.
  assert.deepEqual(Object.keys((await describe('/ghost/api/v4/content')).paths).sort(), paths);
});

test('schemathesis finds no server error and no answer that breaks its schema', async () => {
  // Each resource's real ids and slugs for half its reads, so they reach the 200
  // answers too.
  const list = (values) => values.map((value) => JSON.stringify(value)).join(', ');
  let config = `[auth.openapi.content_key]
api_key = "\${BYLINE_CONTENT_KEY}"
`;
  for (const resource of ['posts', 'pages', 'tags', 'authors']) {
    const rows = await read(resource);
    assert.ok(rows.length > 0, `the demo has ${resource}`);
    config += `
[dictionaries.${resource}_ids]
values = [${list(rows.map((row) => row.id))}]

[dictionaries.${resource}_slugs]
values = [${list(rows.map((row) => row.slug))}]

[[operations]]
include-path-regex = "^/${resource}/"
parameters = { "path.id" = { dictionary = "${resource}_ids", probability = 0.5 }, "path.slug" = { dictionary = "${resource}_slugs", probability = 0.5 } }
`;
  }
  const configFile = join(workDir, 'schemathesis.toml');
  writeFileSync(configFile, config);
  const run = spawnSync(
    'python3',
    [
      '-m',
      'schemathesis.cli',
      '--config-file',
      configFile,
      'run',
      `${server.base}/ghost/api/content/openapi.json`,
      '--checks',
      [
        'not_a_server_error',
        'status_code_conformance',
        'content_type_conformance',
        'response_schema_conformance',
        'response_headers_conformance',
        'ignored_auth',
      ].join(','),
      '--max-examples',
      '60',
      '--workers',
      '2',
      '--generation-database',
      'none',
      '--no-color',
    ],
    { cwd: workDir, encoding: 'utf8', env: { ...process.env, BYLINE_CONTENT_KEY: key }, timeout: 600_000 },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `schemathesis failed:\n${output}`);
  assert.match(output, /Operations:\s+15 selected \/ 15 total/);
  assert.match(output, /\d+ generated, \d+ passed/);
  assert.doesNotMatch(output, /Missing test data/, 'every read reached real rows');
});
