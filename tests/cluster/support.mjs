// Shared by the cluster tests: scripts/cluster.sh driven from Node (its own state
// folder under a temp dir), a desk session that signs in through the real form and
// posts the real forms, pictures made on the spot, and a load loop that counts what
// every request came back with.

import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'cluster.sh');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A cluster of `nodes` byline nodes (narration with espeak-ng on the nodes listed in
 * `narrationNodes` only), PostgreSQL, s3s-fs and nginx, in a fresh state folder.
 * `up()` starts it and reads the addresses it prints; `run(command, …)` runs any
 * other cluster.sh command; `down()` stops everything and removes the folder
 * (kept when BYLINE_KEEP_CLUSTER=1, for a look at the logs).
 */
export class Cluster {
  constructor({ nodes = 3, narrationNodes = '' } = {}) {
    this.temp = mkdtempSync(join(tmpdir(), 'byline-cluster-'));
    // As root, PostgreSQL runs as the postgres user: it must be able to enter here.
    chmodSync(this.temp, 0o755);
    this.dir = join(this.temp, 'cluster');
    this.env = {
      ...process.env,
      CLUSTER_DIR: this.dir,
      BYLINE_BIN: process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline'),
      CLUSTER_S3: 's3s',
      CLUSTER_MEDIA: 's3',
      CLUSTER_NODES: String(nodes),
      CLUSTER_NARRATION: narrationNodes ? 'espeak-ng' : 'off',
      CLUSTER_NARRATION_NODES: narrationNodes,
    };
  }

  /** Runs `scripts/cluster.sh ARGS…`; resolves to its `name=value` lines as an object. */
  run(args, timeoutSeconds = 90) {
    return new Promise((resolve, reject) => {
      execFile('bash', [script, ...args], { env: this.env, timeout: timeoutSeconds * 1000, maxBuffer: 1 << 20 },
        (failure, stdout, stderr) => {
          if (failure) {
            const what = failure.killed ? `timed out after ${timeoutSeconds} s` : `exited with ${failure.code}`;
            reject(new Error(`cluster.sh ${args.join(' ')} ${what}\n${stdout}${stderr}`));
            return;
          }
          resolve(Object.fromEntries(stdout.split('\n').filter((l) => l.includes('=')).map((l) => {
            const at = l.indexOf('=');
            return [l.slice(0, at), l.slice(at + 1)];
          })));
        });
    });
  }

  /** `cluster.sh status` as printed (it exits 3 when a part is down: that is an answer too). */
  status() {
    return new Promise((resolve) => {
      execFile('bash', [script, 'status'], { env: this.env, timeout: 30_000 }, (_, stdout) => resolve(stdout));
    });
  }

  async up() {
    // A first run may install nginx, PostgreSQL or s3s-fs (minutes for s3s-fs).
    this.addresses = await this.run(['up'], 600);
    return this.addresses;
  }

  async down() {
    try {
      await this.run(['down'], 120);
    } finally {
      if (process.env.BYLINE_KEEP_CLUSTER === '1') console.log(`cluster: kept ${this.dir}`);
      else rmSync(this.temp, { recursive: true, force: true });
    }
  }

  /** A file in the bucket, as s3s-fs keeps it on disk (bucket "byline", prefix "media"). */
  bucketFile(urlPath) {
    return join(this.dir, 's3', 'data', 'byline', 'media', urlPath.replace(/^\/content\//, ''));
  }

  /** Whether node N keeps a media file of its own in its data folder (it must not). */
  nodeHasFile(n, urlPath) {
    return existsSync(join(this.dir, `node${n}`, 'data', urlPath.replace(/^\//, '')));
  }

  /** The PostgreSQL postmaster's pid, as cluster.sh recorded it. */
  postgresPid() {
    return readFileSync(join(this.dir, 'postgres', 'pid'), 'utf8').trim();
  }

  log(name) {
    try {
      return readFileSync(join(this.dir, name, name === 'nginx' ? 'error.log' : 'log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** The last lines of every part's log, for a failure's message. */
  logTails(lines = 15) {
    const parts = ['node1', 'node2', 'node3', 'nginx'];
    return parts.map((p) => `--- ${p}\n${this.log(p).trimEnd().split('\n').slice(-lines).join('\n')}`).join('\n');
  }
}

/** The value `name=value` of a response's Set-Cookie headers, as a Cookie header part. */
function cookie(response, name) {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${name}=`));
}

/**
 * A desk session: the session lives in the database, so one sign-in works on every
 * node. Forms carry the session's CSRF token, read from a desk page as a browser would.
 */
export class Desk {
  static async signIn(base, email, password) {
    const form = await fetch(`${base}/admin/signin`);
    const token = cookie(form, 'byline_signin');
    if (!token) throw new Error(`the sign-in form set no token cookie (${form.status})`);
    const answer = await fetch(`${base}/admin/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: token },
      body: new URLSearchParams({ csrf: token.split('=')[1], email, password, next: '/admin/' }),
    });
    const session = cookie(answer, 'byline_session');
    if (answer.status !== 303 || !session) throw new Error(`sign-in answered ${answer.status}: ${await answer.text()}`);
    const desk = new Desk(session);
    const page = await (await desk.get(`${base}/admin/media`)).text();
    desk.csrf = /name="csrf" value="([0-9a-f]+)"/.exec(page)?.[1];
    if (!desk.csrf) throw new Error('no CSRF token on the media page');
    return desk;
  }

  constructor(session) {
    this.session = session;
  }

  get(url) {
    return fetch(url, { headers: { cookie: this.session }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  }

  post(url, fields, file) {
    const form = new FormData();
    form.append('csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (file) form.append(file.field, new Blob([file.bytes], { type: file.type }), file.name);
    return fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.session },
      body: form,
      signal: AbortSignal.timeout(60_000),
    });
  }

  /** Publishes an article (with `photo` as its lead image, uploaded with the form). */
  publish(base, { title, slug, body }, photo) {
    const fields = { title, slug, body, kind: 'post', action: 'publish' };
    if (!photo) return this.post(`${base}/admin/posts`, fields);
    Object.assign(fields, { image_alt: photo.alt, image_caption: photo.caption ?? '', image_credit: photo.credit ?? '' });
    return this.post(`${base}/admin/posts`, fields, { field: 'image_file', bytes: photo.bytes, type: 'image/png', name: 'photo.png' });
  }

  /** Uploads an image to the media library. */
  upload(base, bytes, alt) {
    return this.post(`${base}/admin/media`, { alt, caption: '', credit: 'Ledger staff' },
      { field: 'file', bytes, type: 'image/png', name: 'upload.png' });
  }

  /** How many images the library holds, as its page says. */
  async libraryCount(base) {
    const answer = await this.get(`${base}/admin/media`);
    const html = await answer.text();
    if (answer.status !== 200) throw new Error(`the media library answered ${answer.status}`);
    if (html.includes('The library is empty')) return 0;
    const count = /(\d+) images?, newest first/.exec(html);
    if (!count) throw new Error('the media library page gives no count');
    return Number(count[1]);
  }
}

// --- pictures -------------------------------------------------------------------

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG of WIDTH × HEIGHT; each `seed` gives other pixels, so another file. */
export function png(width, height, seed) {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = y * stride + 1 + x * 3;
      raw[at] = (x + seed * 37) & 0xff;
      raw[at + 1] = (y * 2 + seed * 11) & 0xff;
      raw[at + 2] = ((x ^ y) + seed * 5) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Every `/content/images/…` file a page's `<img>` and `<source>` name (src and srcset). */
export function imageFiles(html) {
  const files = new Set();
  for (const [, value] of html.matchAll(/\s(?:src|srcset)="([^"]*\/content\/images\/[^"]*)"/g)) {
    for (const candidate of value.split(',')) files.add(candidate.trim().split(/\s+/)[0]);
  }
  return [...files];
}

// --- load -----------------------------------------------------------------------

/**
 * GETs `paths` from `base` in `loops` concurrent loops for `seconds` (each loop
 * resting `pauseMs` between requests), with `events`
 * ([{ at: ms, run: async () => … }]) run alongside. Resolves to what came back:
 * every answer with its time (ms from the start), status and the node nginx names,
 * every error, and each event's result.
 */
export async function load(base, paths, { loops = 8, seconds = 6, pauseMs = 0, events = [] } = {}) {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const answers = [];
  const errors = [];
  const loop = async (index) => {
    for (let i = index; performance.now() < deadline; i += 1) {
      const path = paths[i % paths.length];
      try {
        const response = await fetch(base + path, { signal: AbortSignal.timeout(15_000) });
        await response.arrayBuffer();
        answers.push({ at: performance.now() - started, status: response.status, node: response.headers.get('x-byline-node') });
      } catch (error) {
        errors.push({ at: performance.now() - started, message: String(error.cause?.code ?? error.message) });
      }
      if (pauseMs) await sleep(pauseMs);
    }
  };
  const timed = events.map(async ({ at, run }) => {
    await sleep(at);
    const value = await run();
    return { value, at: performance.now() - started };
  });
  const [results] = await Promise.all([Promise.all(timed), ...Array.from({ length: loops }, (_, i) => loop(i))]);
  const statuses = {};
  for (const { status } of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  return { answers, errors, statuses, events: results, seconds: (performance.now() - started) / 1000 };
}
