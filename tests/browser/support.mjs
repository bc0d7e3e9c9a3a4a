// Shared by the browser tests: start the real `byline serve --demo` on a free port,
// launch Debian's Chromium, run axe-core in a page, and run the Nu HTML Checker.

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.BYLINE_BIN ?? join(root, 'target', 'debug', 'byline');
const axeSource = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
];
export const VIEWPORTS = { phone: { width: 375, height: 740 }, desktop: { width: 1280, height: 900 } };

/**
 * Starts `byline serve --demo` with a fresh data folder (narration off unless
 * `narration` names an engine). Resolves once the server
 * logs its address (JSON on stderr) and has printed the demo desk sign-in on stdout.
 * Returns { base, desk: { email, password }, dataDir, stop }; `dataDir` is the data
 * folder (emails arrive in its `mail/` as .eml files), removed by `stop`.
 */
export async function startByline({ narration = 'off' } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'byline-browser-'));
  const args = ['serve', '--demo', '--listen', '127.0.0.1:0', '--log-format', 'json', '--data', dataDir, '--narration', narration];
  const server = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [base, desk] = await Promise.all([listenAddress(server), deskSignIn(server)]);
    return { base, desk, dataDir, stop };
  } catch (failure) {
    stop();
    throw failure;
  }
}

/** The address from the server's JSON log line that carries `listen`. */
function listenAddress(server) {
  return new Promise((resolve, reject) => {
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
}

/** The demo account from stdout: `Demo desk sign-in: URL  email: EMAIL  password: PASSWORD`. */
function deskSignIn(server) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('byline serve printed no desk sign-in in 60 s')), 60_000);
    server.on('exit', (code) => reject(new Error(`byline serve exited with ${code}`)));
    createInterface({ input: server.stdout }).on('line', (line) => {
      const found = /^Demo desk sign-in: \S+\s+email: (\S+)\s+password: (\S+)/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve({ email: found[1], password: found[2] });
      }
    });
  });
}

export function launchChromium() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/**
 * Runs axe-core's WCAG 2 A and AA rules on the page; resolves to its violations.
 * axe is evaluated through the DevTools protocol: a `<script>` tag with its text
 * would be inline script, which the site's Content-Security-Policy rightly blocks.
 */
export async function axeViolations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  return result.violations;
}

/**
 * Runs the Nu HTML Checker (warnings count as errors) on documents given as
 * [name, html] pairs. Resolves to its report with each file replaced by its name:
 * empty when every document is valid.
 */
export function nuHtmlCheck(documents) {
  // vnu refuses loopback URLs, so the pages are saved to files first.
  const folder = mkdtempSync(join(tmpdir(), 'byline-vnu-'));
  const files = documents.map(([, html], i) => {
    const file = join(folder, `${i}.html`);
    writeFileSync(file, html);
    return file;
  });
  const vnu = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  let report = '';
  try {
    execFileSync('java', ['-jar', vnu, '--Werror', '--format', 'text', ...files], { stdio: 'pipe' });
  } catch (failure) {
    report = failure.stderr.toString();
  }
  rmSync(folder, { recursive: true, force: true });
  return documents.reduce((text, [name], i) => text.replaceAll(files[i], name), report);
}
