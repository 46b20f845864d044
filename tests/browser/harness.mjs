// What the browser tests share: a scratch folder, `vigie serve` on a free
// port, Debian's headless Chromium through playwright-core (no browser
// download), a page that may reach nothing but the local server and whose
// console errors fail the test, and fail() that says why and cleans up.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export class Harness {
  constructor(name) {
    this.work = mkdtempSync(path.join(tmpdir(), `vigie-${name}-`));
    this.server = null;
    this.browser = null;
    this.outside = [];
    this.consoleErrors = [];
    this.allowBadRequest = false;  // while a test sends a filter the server refuses
  }

  fail(message) {
    console.error('FAIL: ' + message);
    this.cleanup();
    process.exit(1);
  }

  cleanup() {
    if (this.server) this.server.kill('SIGTERM');
    this.server = null;
    rmSync(this.work, { recursive: true, force: true });
  }

  // Starts `vigie serve`; resolves with its address once it listens.
  async serve(vigie, db) {
    this.server = spawn(vigie, ['serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.address = await new Promise((resolve, reject) => {
      let out = '';
      this.server.stdout.on('data', (chunk) => {
        out += chunk;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
        if (m) resolve(m[0]);
      });
      this.server.on('exit', (code) => reject(new Error('vigie serve exited with ' + code)));
    }).catch((e) => this.fail(e.message));
    return this.address;
  }

  async launch() {
    this.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync'],
    });
    return this.browser;
  }

  // A page (in a context of its own) of the given size.
  async page(width, height, options = {}) {
    const context = await this.browser.newContext({ viewport: { width, height }, acceptDownloads: true, ...options });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (this.allowBadRequest && m.text().includes('status of 400')) return;
      this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(e.message));
    // What the Content-Security-Policy refuses is a console error too.
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
      (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI || 'inline'}`)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(this.address)) return route.continue();
      this.outside.push(url);
      return route.abort();
    });
    return page;
  }

  // Opens a path of the page and waits until it has drawn its first view.
  async open(page, pathAndQuery = '') {
    const res = await page.goto(this.address + pathAndQuery.replace(/^\//, ''));
    if (!(res.headers()['content-security-policy'] || '').includes("script-src 'self'"))
      this.fail('the page came without its Content-Security-Policy');
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
    await idle(page);
  }

  checkClean() {
    if (this.outside.length) this.fail('requests outside the local server: ' + this.outside.join(', '));
    if (this.consoleErrors.length) this.fail('console errors: ' + this.consoleErrors.join(' | '));
  }

  async close() {
    if (this.browser) await this.browser.close();
    this.browser = null;
    this.cleanup();
  }
}

// Waits until no request of the page is in flight (body[data-busy]).
export async function idle(page) {
  await page.waitForSelector('body[data-busy="false"]', { timeout: 60000 });
}
