// Byline as a cluster (scripts/cluster.sh): three stateless nodes on one PostgreSQL,
// media in an S3 bucket (s3s-fs), nginx in front. What one node writes every other
// serves at once, narration made on the one node with a speech engine plays from the
// others, and the cluster rides out a node killed under load, the bucket going away
// for 30 s and a PostgreSQL restart without losing anything written. Each fault
// prints its figures as a `cluster:` line.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Cluster, Desk, imageFiles, load, png, sleep } from './support.mjs';

// Only node 3 has a speech engine; nodes 1 and 2 run with --narration off.
const cluster = new Cluster({ nodes: 3, narrationNodes: '3' });
let front;
let node1;
let node2;
let node3;
let desk;
const stamp = Date.now().toString(36);

// Set by the first test, read by the later ones.
const article = { slug: `harbour-cranes-${stamp}`, title: `Harbour cranes return to the east quay ${stamp}` };
let articleId;
let photoFiles; // [path, bytes] of every size of the article's photo

before(async () => {
  const addresses = await cluster.up();
  ({ front, node1, node2, node3 } = addresses);
  assert.ok(front && node1 && node2 && node3, `cluster.sh up printed ${JSON.stringify(addresses)}`);
  desk = await Desk.signIn(node1, addresses.signin_email, addresses.signin_password);
}, { timeout: 660_000 });

after(() => cluster.down(), { timeout: 180_000 });

/** A test whose failure message ends with the last lines of every part's log. */
function clusterTest(name, options, body) {
  test(name, options, async () => {
    try {
      await body();
    } catch (failure) {
      failure.message += `\n${cluster.logTails()}`;
      throw failure;
    }
  });
}

const bytesOf = async (response) => Buffer.from(await response.arrayBuffer());
const get = (url, headers = {}) => fetch(url, { headers, signal: AbortSignal.timeout(15_000) });

/** Publishes a short article through `base`; resolves to its slug and title. */
async function publishShort(base, label) {
  const slug = `${label}-${stamp}`;
  const title = `Quay notice ${label} ${stamp}`;
  const answer = await desk.publish(base, { title, slug, body: `Notice ${label}: the quay closes at six tonight.` });
  assert.equal(answer.status, 303, `publishing ${slug} through ${base}: ${answer.status} ${await answer.text()}`);
  return { slug, title };
}

/** Waits (at most `seconds`) for `check()` to return something truthy; returns it. */
async function eventually(seconds, what, check) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const found = await check().catch(() => undefined);
    if (found) return found;
    assert.ok(Date.now() < deadline, `${what}: not within ${seconds} s`);
    await sleep(250);
  }
}

clusterTest('an article published with its photo through node 1 is served, photo and every size, by nodes 2 and 3 and the front at once', { timeout: 60_000 }, async () => {
  const photo = { bytes: png(1000, 700, 1), alt: 'Two cranes over the east quay', caption: 'The cranes at dawn', credit: 'Ledger staff' };
  const answer = await desk.publish(node1, { ...article, body: 'The two cranes came back on Tuesday.\n\nThey will unload the first ship on Friday.' }, photo);
  assert.equal(answer.status, 303, await answer.text());
  const location = answer.headers.get('location');
  assert.match(location, /^\/admin\/posts\/\d+\?notice=published$/);
  articleId = /\/admin\/posts\/(\d+)/.exec(location)[1];

  // No waiting: the other nodes read the article from the shared database.
  const pages = await Promise.all([node2, node3, front].map((base) => get(`${base}/${article.slug}/`)));
  const htmls = await Promise.all(pages.map((page) => page.text()));
  pages.forEach((page, i) => assert.equal(page.status, 200, `${[node2, node3, front][i]}/${article.slug}/`));
  for (const html of htmls) assert.ok(html.includes(article.title));

  const files = imageFiles(htmls[0]);
  // 480, 800 and the photo's own 1000 px, each as WebP and as the original PNG.
  assert.deepEqual(files.map((f) => f.replace(/^.*\//, '')).sort(),
    ['1000.png', '1000.webp', '480.png', '480.webp', '800.png', '800.webp'], files.join(' '));
  for (const html of htmls.slice(1)) assert.deepEqual(imageFiles(html), files, 'every node links the same files');

  photoFiles = [];
  for (const file of files) {
    const answers = await Promise.all([node1, node2, node3, front].map((base) => get(base + file)));
    const bodies = await Promise.all(answers.map(bytesOf));
    answers.forEach((a, i) => {
      assert.equal(a.status, 200, `${file} from ${[node1, node2, node3, front][i]}`);
      assert.match(a.headers.get('content-type'), /^image\/(png|webp)$/);
      assert.ok(bodies[i].equals(bodies[0]), `${file}: the same bytes from every node`);
    });
    assert.ok(bodies[0].equals(readFileSync(cluster.bucketFile(file))), `${file} is the file in the bucket`);
    for (const n of [1, 2, 3]) assert.ok(!cluster.nodeHasFile(n, file), `node ${n} keeps no copy of ${file}`);
    photoFiles.push([file, bodies[0]]);
  }
});

clusterTest('the narration made on node 3 plays from node 1, whole and by range, from the bucket', { timeout: 120_000 }, async () => {
  assert.ok(articleId, 'the first test published the article');
  const audio = await eventually(90, `node 1 shows an audio player on /${article.slug}/`, async () => {
    const html = await (await get(`${node1}/${article.slug}/`)).text();
    return /<audio[^>]*\ssrc="(\/content\/audio\/[0-9a-f]+\.mp3)"/.exec(html)?.[1];
  });
  const narrated = new RegExp(`article narrated post\\.id=${articleId}\\b.*engine=espeak-ng`);
  assert.match(cluster.log('node3'), narrated, 'node 3 narrated it');
  assert.doesNotMatch(cluster.log('node1') + cluster.log('node2'), /article narrated/, 'nodes 1 and 2 narrate nothing');

  const whole = await get(node1 + audio);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('content-type'), 'audio/mpeg');
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  const mp3 = await bytesOf(whole);
  assert.ok(mp3.length > 10_000, `${mp3.length} bytes`);
  assert.ok(mp3.subarray(0, 3).toString('latin1') === 'ID3' || (mp3[0] === 0xff && (mp3[1] & 0xe0) === 0xe0), 'an MP3 stream');
  assert.ok(mp3.equals(readFileSync(cluster.bucketFile(audio))), 'the bytes in the bucket');
  assert.ok(!cluster.nodeHasFile(3, audio), 'node 3 keeps no copy');

  const part = await get(node1 + audio, { range: 'bytes=1000-4999' });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 1000-4999/${mp3.length}`);
  assert.ok((await bytesOf(part)).equals(mp3.subarray(1000, 5000)), 'the asked bytes');
  const tail = await get(`${front}${audio}`, { range: 'bytes=-500' });
  assert.equal(tail.status, 206, 'a suffix range through the front');
  assert.ok((await bytesOf(tail)).equals(mp3.subarray(mp3.length - 500)));
  article.audio = audio;
  article.mp3 = mp3;
});

clusterTest('kill -9 of node 2 under load through the front: no 5xx, nothing written is lost, node 2 comes back', { timeout: 90_000 }, async () => {
  try {
    await killUnderLoad();
  } finally {
    await cluster.run(['start', '2']); // does nothing when the test started it already
  }
});

async function killUnderLoad() {
  const loops = 8;
  const written = [await publishShort(node1, 'before-load')];
  const result = await load(front, ['/', `/${article.slug}/`], {
    loops,
    seconds: 6,
    events: [{
      at: 1500,
      run: async () => {
        // Written through node 2 itself, then node 2 dies: its answer came after
        // the commit, so the article must outlive it.
        written.push(await publishShort(node2, 'just-before-kill'));
        await cluster.run(['kill', '2']);
      },
    }],
  });
  const killedAt = result.events[0].at;
  const node2Address = new URL(node2).host;
  const fromNode2 = result.answers.filter((a) => a.node === node2Address && a.at < killedAt);
  const failed = result.answers.filter((a) => a.status >= 500);
  console.log(`cluster: kill -9 node 2 under load: ${result.answers.length + result.errors.length} requests in ${result.seconds.toFixed(1)} s, `
    + `${failed.length} 5xx, ${result.errors.length} errors in flight; node 2 killed at ${(killedAt / 1000).toFixed(1)} s `
    + `after answering ${fromNode2.length} (${JSON.stringify(result.statuses)})`);
  assert.ok(result.answers.length > 100, `the load ran: ${result.answers.length} answers`);
  assert.ok(fromNode2.length > 0, 'node 2 took its share before the kill');
  assert.ok(killedAt < result.seconds * 1000 - 2000, 'the kill came with load still to run');
  // nginx passes a GET that node 2 dropped to another node (proxy_next_upstream), so
  // no reader sees a 5xx; only an answer node 2 had begun to send can break off
  // (a client error), at most one per loop that was on node 2 at that moment.
  assert.equal(failed.length, 0, `no 5xx: ${JSON.stringify(failed.slice(0, 5))}`);
  assert.ok(result.errors.length <= Math.ceil(loops / 3), `errors in flight: ${JSON.stringify(result.errors.slice(0, 5))}`);
  assert.deepEqual(Object.keys(result.statuses).filter((s) => s !== '200' && Number(s) < 500), [], 'no other answers');

  const status = await cluster.status();
  assert.match(status, /^node2\s+stopped/m, 'node 2 is gone');
  assert.match(status, /^node1\s+running.*healthz ok$/m);
  assert.match(status, /^node3\s+running.*healthz ok$/m);
  for (const { slug, title } of written) {
    for (const base of [front, node1, node3]) {
      const page = await get(`${base}/${slug}/`);
      assert.equal(page.status, 200, `${base}/${slug}/ after the kill`);
      assert.ok((await page.text()).includes(title));
    }
  }

  const started = await cluster.run(['start', '2']);
  assert.equal(started.node2, node2, 'node 2 comes back on its address');
  assert.equal((await get(`${node2}/healthz`)).status, 200);
  const again = await get(`${node2}/${written[1].slug}/`);
  assert.equal(again.status, 200, 'node 2 serves what was written through it before it died');
}

clusterTest('with the bucket stopped for 30 s pages keep serving, an upload is refused with 503 naming the media storage, and all comes back', { timeout: 120_000 }, async () => {
  assert.ok(photoFiles?.length, 'the first test stored a photo');
  const outage = 30;
  const libraryBefore = await desk.libraryCount(node1);
  const refusedPhoto = png(900, 600, 2);
  await cluster.run(['s3-stop']);
  const stoppedAt = Date.now();
  let checks;
  let during;
  try {
    during = await load(front, ['/', `/${article.slug}/`], {
      loops: 4,
      seconds: outage,
      pauseMs: 20,
      events: [{
        at: 500,
        run: async () => {
          const uploads = [];
          for (const base of [node1, front]) {
            const started = performance.now();
            const answer = await desk.upload(base, refusedPhoto, 'Gulls on the breakwater');
            uploads.push({ base, status: answer.status, text: await answer.text(), ms: performance.now() - started });
          }
          const media = [];
          for (const file of [photoFiles[0][0], photoFiles.at(-1)[0], article.audio].filter(Boolean)) {
            for (const base of [node2, front]) {
              const answer = await get(base + file);
              media.push({ file, base, status: answer.status, retry: answer.headers.get('retry-after'), text: await answer.text() });
            }
          }
          checks = { uploads, media, library: await desk.libraryCount(node1) };
        },
      }],
    });
  } finally {
    await cluster.run(['s3-start']);
  }
  const outageSeconds = (Date.now() - stoppedAt) / 1000;

  const slowest = Math.max(...checks.uploads.map((u) => u.ms));
  console.log(`cluster: S3 stopped ${outageSeconds.toFixed(0)} s: ${during.answers.length} page requests through the front `
    + `(${JSON.stringify(during.statuses)}, ${during.errors.length} errors); uploads answered ${checks.uploads.map((u) => u.status).join(', ')} `
    + `(slowest ${slowest.toFixed(0)} ms); media GETs answered ${[...new Set(checks.media.map((m) => m.status))].join(', ')}`);
  assert.ok(outageSeconds >= outage, `the bucket was away ${outageSeconds} s`);
  assert.ok(during.answers.length > 50, 'pages were asked for during the outage');
  assert.deepEqual(Object.keys(during.statuses), ['200'], 'every page answered 200');
  assert.equal(during.errors.length, 0, JSON.stringify(during.errors.slice(0, 3)));
  for (const upload of checks.uploads) {
    assert.equal(upload.status, 503, `upload through ${upload.base}`);
    assert.match(upload.text, /media storage/, 'the message names the media storage');
    assert.match(upload.text, /Nothing was saved/);
    assert.ok(upload.ms < 15_000, `refused in ${upload.ms} ms`);
  }
  assert.equal(checks.library, libraryBefore, 'no library entry was made');
  for (const m of checks.media) {
    assert.equal(m.status, 503, `${m.file} from ${m.base} while the bucket is away`);
    assert.ok(m.retry, 'with Retry-After');
  }

  // Back: the same upload goes through, and what was stored before serves again.
  const accepted = await eventually(15, 'an upload after s3-start', async () => {
    const answer = await desk.upload(node1, refusedPhoto, 'Gulls on the breakwater');
    return answer.status === 303 ? answer : undefined;
  });
  assert.equal(accepted.headers.get('location'), '/admin/media?notice=uploaded');
  assert.equal(await desk.libraryCount(node1), libraryBefore + 1);
  const stored = article.audio ? [...photoFiles, [article.audio, article.mp3]] : photoFiles;
  for (const [file, bytes] of stored) {
    for (const base of [node2, front]) {
      const answer = await get(base + file);
      assert.equal(answer.status, 200, `${file} from ${base} after s3-start`);
      assert.ok((await bytesOf(answer)).equals(bytes), `${file}: the same bytes as before`);
    }
  }
});

clusterTest('a PostgreSQL restart: pages keep serving or are back within 15 s, and a write after it works', { timeout: 90_000 }, async () => {
  const paths = ['/', `/${article.slug}/`];
  for (const path of paths) assert.equal((await get(front + path)).status, 200, `${path} before the restart`);
  const postmaster = cluster.postgresPid();
  const during = await load(front, paths, {
    loops: 4,
    seconds: 8,
    pauseMs: 5,
    events: [{ at: 1000, run: () => cluster.run(['pg-restart']) }],
  });
  const restarted = during.events[0].at;
  assert.notEqual(cluster.postgresPid(), postmaster, 'PostgreSQL really restarted');
  const failed = during.answers.filter((a) => a.status !== 200);
  const lastFailure = failed.length ? Math.max(...failed.map((a) => a.at)) : null;
  // Whatever was not 200 during the load must be over within 15 s of the restart.
  await eventually(15 - (during.seconds * 1000 - restarted) / 1000, 'every page answers 200 on every node after the restart', async () => {
    const answers = await Promise.all([node1, node2, node3, front].flatMap((base) => paths.map((p) => get(base + p))));
    return answers.every((a) => a.status === 200);
  });
  let attempts = 0;
  // A write after the restart (the nodes' pools reconnect; retried for 15 s at most).
  const written = await eventually(15, 'publishing through node 1 after the restart', async () => {
    attempts += 1;
    const slug = `after-restart-${stamp}`;
    const answer = await desk.publish(node1, { title: `Quay reopens ${stamp}`, slug, body: 'The quay reopens at seven.' });
    if (answer.status === 303) return slug;
    // An attempt whose answer was lost may have saved it all the same.
    return answer.status === 422 && (await answer.text()).includes('already uses the slug') ? slug : undefined;
  });
  console.log(`cluster: PostgreSQL restart under load: ${during.answers.length} requests through the front, ${JSON.stringify(during.statuses)}, `
    + `${during.errors.length} errors; pg-restart took ${(restarted - 1000).toFixed(0)} ms; `
    + `${lastFailure === null ? 'no answer but 200' : `last non-200 answer ${(lastFailure - restarted).toFixed(0)} ms after it`}; `
    + `first write after it took ${attempts} attempt(s)`);
  assert.ok(during.answers.length > 50, 'the load ran');
  assert.ok(Object.keys(during.statuses).every((s) => s === '200' || s === '503'), `only 200 or 503: ${JSON.stringify(during.statuses)}`);
  assert.equal(during.errors.length, 0, JSON.stringify(during.errors.slice(0, 3)));
  assert.ok(lastFailure === null || lastFailure - restarted < 15_000, 'pages are back within 15 s');

  assert.equal((await get(`${node3}/${written}/`)).status, 200, 'node 3 serves it');
  // Node 2's cached home page hears of the change (LISTEN again, or polling).
  await eventually(5, "node 2's home page lists the new article", async () =>
    (await (await get(`${node2}/`)).text()).includes(`/${written}/`));
  for (const base of [node1, node2]) {
    const page = await get(`${base}/${article.slug}/`);
    assert.equal(page.status, 200);
    assert.ok((await page.text()).includes(article.title), 'written before, still there');
  }
});
