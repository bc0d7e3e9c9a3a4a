// The Admin API's OpenAPI description, read from a running Byline and handed to
// schemathesis (PyPI) with a token signed from an integration's admin key: it
// generates reads and writes from the description and checks every answer (no 5xx,
// statuses and content types the description lists, bodies that match their
// schemas, and a token that is really asked for).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, startByline } from '../browser/support.mjs';

const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
let server;
let adminKey;
let workDir;

before(async () => {
  server = await startByline();
  const printed = execFileSync(binary, ['integration', 'add', 'Admin OpenAPI test', '--data', server.dataDir], {
    encoding: 'utf8',
  });
  adminKey = /^admin_key=([0-9a-f]{24}:[0-9a-f]{64})$/m.exec(printed)[1];
  workDir = mkdtempSync(join(tmpdir(), 'byline-schemathesis-admin-'));
});

after(() => {
  server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A token as Ghost's client signs one: HS256 over base64url JSON, five minutes. */
function token() {
  const [id, secret] = adminKey.split(':');
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT', kid: id })}.${encode({ iat, exp: iat + 300, aud: '/admin/' })}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'hex')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

async function admin(path, init = {}) {
  const response = await fetch(`${server.base}/ghost/api/admin/${path}`, {
    ...init,
    headers: { authorization: `Ghost ${token()}`, 'content-type': 'application/json', ...init.headers },
  });
  assert.ok(response.ok, `${path} answers ${response.status}`);
  return response.json();
}

test('the description is OpenAPI 3.1, public, and asks for the token everywhere but site/', async () => {
  const response = await fetch(`${server.base}/ghost/api/admin/openapi.json`);
  assert.equal(response.status, 200);
  const description = await response.json();
  assert.match(description.openapi, /^3\.1\./);
  assert.deepEqual(description.servers, [{ url: `${server.base}/ghost/api/admin` }]);
  assert.equal(description.components.securitySchemes.admin_token.in, 'header');
  assert.equal(description.components.securitySchemes.admin_token.name, 'Authorization');
  for (const [path, item] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (path === '/site/') {
        assert.equal(operation.security, undefined, 'site/ is public');
      } else {
        assert.deepEqual(operation.security, [{ admin_token: [] }], `${method} ${path} asks for the token`);
      }
    }
  }
  for (const path of ['/posts/', '/posts/{id}/', '/images/upload/', '/members/{id}/', '/webhooks/{id}/']) {
    assert.ok(description.paths[path], `${path} is described`);
  }
  // What an integration may not do is not offered.
  assert.equal(description.paths['/settings/'], undefined);
});

test('schemathesis finds no server error and no answer that breaks its schema', async () => {
  const list = (values) => values.map((value) => JSON.stringify(value)).join(', ');
  const hook = await admin('webhooks/', {
    method: 'POST',
    body: JSON.stringify({ webhooks: [{ event: 'post.added', target_url: 'https://hooks.example.org/in' }] }),
  });
  const member = await admin('members/', {
    method: 'POST',
    body: JSON.stringify({ members: [{ email: 'schemathesis@example.org', byline_consent: true }] }),
  });
  // Each resource's real ids (and slugs) for half its reads and writes, so they
  // reach the 2xx answers too.
  const dictionary = (name, values, path) => `
[dictionaries.${name}]
values = [${list(values)}]

[[operations]]
include-path-regex = "^/${path}/"
parameters = { "path.id" = { dictionary = "${name}", probability = 0.5 } }
`;
  let config = `[auth.openapi.admin_token]
api_key = "Ghost \${BYLINE_ADMIN_TOKEN}"
`;
  config += dictionary('webhooks_ids', hook.webhooks.map((row) => row.id), 'webhooks');
  config += dictionary('members_ids', member.members.map((row) => row.id), 'members');
  for (const resource of ['posts', 'pages', 'tags', 'users']) {
    const rows = (await admin(`${resource}/?limit=all`))[resource];
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
      `${server.base}/ghost/api/admin/openapi.json`,
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
      '30',
      '--workers',
      '2',
      '--generation-database',
      'none',
      '--no-color',
    ],
    // A token lives five minutes; the run takes well under that.
    { cwd: workDir, encoding: 'utf8', env: { ...process.env, BYLINE_ADMIN_TOKEN: token() }, timeout: 280_000 },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `schemathesis failed:\n${output}`);
  assert.match(output, /Operations:\s+32 selected \/ 32 total/);
  assert.match(output, /\d+ generated, \d+ passed/);
});
