// The web widget in a real browser (Chromium) against the real coach and the widget's web app.
// Run: npm run test:browser (about 2-3 minutes; the coach starts twice).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  Harness, ROOT, input, launchBrowser, launcher, newPage, openWidget, send, sleep, userMessages,
  waitForReply, waitForStatus,
} from './support.mjs';

const GREETING = 'System Leadership Coach';
const MENU = ['Ask about system leadership', 'Reflect on my leadership', 'Find programmes and networks'];
const HOSTILE = '<img src=x onerror=alert(1)><script>window.pwned=1</script>';

let harness;
let browser;
const requests = [];

function assertNoErrors(page) {
  assert.deepEqual(page.errors, [], 'no console errors, page errors or CSP violations');
}

function httpGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body }));
    }).on('error', reject);
  });
}

describe('the web widget with the real coach', () => {
  before(async () => {
    [harness, browser] = await Promise.all([Harness.start(), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    await harness?.stop();
  });

  test('the web app serves the demo page with a strict Content-Security-Policy, and /health', async () => {
    const page = await httpGet(`${harness.web}/`);
    assert.equal(page.status, 200);
    const csp = page.headers['content-security-policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, new RegExp(`connect-src 'self' ${harness.rasa} ws://127\\.0\\.0\\.1:${harness.rasaPort}(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(page.body, /<script src="\/widget\.js"[^>]*><\/script>/);
    assert.doesNotMatch(page.body, /https?:\/\//, 'the demo page names no other site');

    const health = await httpGet(`${harness.web}/health`);
    assert.deepEqual([health.status, JSON.parse(health.body)], [200, { status: 'ok' }]);
    const widget = await httpGet(`${harness.web}/widget.js`);
    assert.equal(widget.status, 200);
    assert.match(widget.headers['content-type'], /javascript/);
    assert.match(widget.body, /Socket\.IO v4\./, 'the socket.io client is bundled');
    assert.match(widget.body, new RegExp(`"rasaPort": ${harness.rasaPort}`));
  });

  test("the coach's socket accepts the web app's origins and refuses others", async () => {
    const url = `${harness.rasa}/socket.io/?EIO=4&transport=polling`;
    const foreign = await httpGet(url, { Origin: 'http://evil.example' });
    assert.equal(foreign.status, 400);
    assert.equal(foreign.headers['access-control-allow-origin'], undefined);
    for (const origin of [harness.web, `http://localhost:${harness.webPort}`]) {
      const allowed = await httpGet(url, { Origin: origin });
      assert.equal(allowed.status, 200, origin);
      assert.equal(allowed.headers['access-control-allow-origin'], origin);
    }
  });

  test('keyboard only: open, send hello, pick a quick reply with Space, Escape closes', async () => {
    const { context, page } = await newPage(browser, requests);
    await page.goto(`${harness.web}/`);
    await launcher(page).waitFor();
    assert.equal(await launcher(page).evaluate((el) => el.tagName), 'BUTTON');
    const launcherName = await page.getByRole('button', { name: /chat/i, expanded: false }).textContent();
    assert.match(launcherName, /chat/i);

    let focused = false;
    for (let i = 0; i < 30 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await launcher(page).evaluate((el) => el === document.activeElement);
    }
    assert.ok(focused, 'the launcher is reachable with Tab');
    const outline = await launcher(page).evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.equal(outline, 'solid', 'visible focus outline');
    await page.keyboard.press('Enter');
    await waitForStatus(page, 'online');
    assert.ok(await input(page).evaluate((el) => el === document.activeElement), 'the textbox has focus');
    const log = page.getByRole('log');
    assert.equal(await log.getAttribute('aria-live'), 'polite');

    // The first open sends the greeting; then "hello" gets the same introduction.
    await page.waitForSelector('#slc-widget .slc-quick-reply');
    await page.keyboard.type('hello');
    await page.keyboard.press('Enter');
    const reply = await waitForReply(page, 'hello', { quickReplies: true });
    assert.match(reply.botTexts.join(' '), new RegExp(GREETING));
    assert.deepEqual(reply.quickReplies, MENU);
    assert.ok(await input(page).evaluate((el) => el === document.activeElement), 'focus stays in the textbox');

    // Quick replies come before the textbox in the tab order: Shift+Tab three times reaches the first.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    const picked = await page.evaluate(() => document.activeElement.textContent);
    assert.equal(picked, MENU[0]);
    await page.keyboard.press('Space');
    const answer = await waitForReply(page, MENU[0], { quickReplies: true });
    assert.ok(answer.botTexts.length >= 1);
    assert.ok(answer.quickReplies.length >= 1);
    assert.deepEqual((await userMessages(page)).slice(-2), ['hello', MENU[0]]);

    // Enter on a quick reply picks it too.
    await input(page).focus();
    await page.keyboard.press('Shift+Tab');
    const second = await page.evaluate(() => document.activeElement.textContent);
    await page.keyboard.press('Enter');
    await waitForReply(page, second);

    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#slc-panel').isHidden(), true);
    assert.ok(await launcher(page).evaluate((el) => el === document.activeElement), 'focus is back on the launcher');
    assert.equal(await launcher(page).getAttribute('aria-expanded'), 'false');
    assertNoErrors(page);
    await context.close();
  });

  test('clicking quick replies; links open in a new tab; screenshot for docs/widget.png', async () => {
    const { context, page } = await newPage(browser, requests);
    await page.goto(`${harness.web}/`);
    await openWidget(page);
    await page.getByRole('button', { name: MENU[0] }).click();
    const topics = await waitForReply(page, MENU[0], { quickReplies: true });
    assert.ok(topics.quickReplies.includes('What system leadership is'), JSON.stringify(topics));
    mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
    await page.mouse.move(10, 10);
    await page.screenshot({ path: path.join(ROOT, 'docs', 'widget.png') });
    await page.getByRole('button', { name: 'What system leadership is' }).click();
    await waitForReply(page, 'What system leadership is', { quickReplies: true });
    assert.deepEqual((await userMessages(page)).slice(-2), [MENU[0], 'What system leadership is']);

    const links = await page.$$eval('#slc-widget .slc-msg-bot a', (anchors) => anchors.map((a) => ({
      href: a.href, target: a.target, rel: a.rel, text: a.textContent,
    })));
    assert.ok(links.length >= 1, 'the answer names its source as a link');
    for (const link of links) {
      assert.match(link.href, /^https?:\/\//);
      assert.equal(link.target, '_blank');
      assert.deepEqual(link.rel.split(' ').sort(), ['noopener', 'noreferrer']);
      assert.match(link.text, /opens in a new tab/);
    }
    assertNoErrors(page);
    await context.close();
  });

  test('HTML and script in a message stay inert text; reload keeps the session and its history', async () => {
    const { context, page } = await newPage(browser, requests);
    await page.goto(`${harness.web}/`);
    await openWidget(page);
    await send(page, HOSTILE);
    await waitForReply(page, HOSTILE);
    assert.equal((await userMessages(page)).at(-1), HOSTILE, 'shown literally');
    const injected = await page.evaluate(() => ({
      pwned: window.pwned,
      elements: document.querySelectorAll('#slc-widget img, #slc-widget script').length,
    }));
    assert.deepEqual(injected, { pwned: undefined, elements: 0 });
    await sleep(500);
    assert.deepEqual(page.dialogs, [], 'no alert');

    const before = await userMessages(page);
    const sessionToken = await page.evaluate(() => JSON.parse(
      Object.entries(localStorage).find(([key]) => key.startsWith('slc-widget:'))[1],
    ).sessionToken);
    assert.match(sessionToken, /^v1\.[0-9a-f]{32}\.[A-Za-z0-9_-]+$/, 'a token the server signed');
    await page.reload();
    await launcher(page).click();
    assert.deepEqual(await userMessages(page), before, 'the history is shown again');
    await waitForStatus(page, 'online');
    await send(page, 'hello');
    const reply = await waitForReply(page, 'hello');
    assert.match(reply.botTexts.join(' '), new RegExp(GREETING));
    assert.equal(await page.evaluate(() => window.pwned), undefined);

    // One conversation in the tracker store, before and after the reload, each message with the cohort.
    const { metadata } = await harness.command(`metadata web:${sessionToken.split('.')[1]}`, 'metadata');
    assert.ok(metadata.length >= 3, JSON.stringify(metadata));
    for (const item of metadata) assert.equal(item.cohort, 'demo');
    assertNoErrors(page);
    await context.close();
  });

  test("export my data arrives as two download links: the document and the data", async () => {
    const { context, page } = await newPage(browser, requests, { acceptDownloads: true });
    await page.goto(`${harness.web}/`);
    await openWidget(page);
    await send(page, '/export_journal');
    const links = page.locator('#slc-widget a.slc-download-link');
    await links.nth(1).waitFor({ timeout: 30_000 });
    const link = links.first();
    assert.equal(await link.getAttribute('download'), 'my-data.md');
    assert.equal(await links.nth(1).getAttribute('download'), 'my-data.json');
    assert.match(await link.getAttribute('href'), /^blob:http:\/\/127\.0\.0\.1:/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'my-data.md');
    const content = readFileSync(await download.path(), 'utf8');
    assert.match(content, /^# Everything the coach holds about you/);
    const [data] = await Promise.all([page.waitForEvent('download'), links.nth(1).click()]);
    const exported = JSON.parse(readFileSync(await data.path(), 'utf8'));
    assert.ok(Array.isArray(exported.reflections) && Array.isArray(exported.conversations));
    assertNoErrors(page);
    await context.close();
  });

  test('a session id the browser made up is refused and the widget starts afresh with one the server signed', async () => {
    const { context, page } = await newPage(browser, requests);
    await page.goto(`${harness.web}/`);
    const key = `slc-widget:v2:${harness.rasa}`;
    const forged = 'v1.0123456789abcdef0123456789abcdef.forged';
    await page.evaluate(([storageKey, token]) => localStorage.setItem(storageKey, JSON.stringify(
      { sessionToken: token, signedIn: false, greeted: true, messages: [] })), [key, forged]);
    await page.reload();
    await openWidget(page, { greeting: false });
    await send(page, 'hello');
    const reply = await waitForReply(page, 'hello');
    assert.match(reply.botTexts.join(' '), new RegExp(GREETING));
    const stored = await page.evaluate((storageKey) => JSON.parse(localStorage.getItem(storageKey)).sessionToken, key);
    assert.notEqual(stored, forged);
    assert.match(stored, /^v1\.[0-9a-f]{32}\.[A-Za-z0-9_-]+$/);
    const { metadata } = await harness.command(`metadata web:${stored.split('.')[1]}`, 'metadata');
    assert.equal(metadata.length >= 1, true, 'the conversation is under the session the server issued');
    const forgedOnes = await harness.command('metadata web:0123456789abcdef0123456789abcdef', 'metadata');
    assert.deepEqual(forgedOnes.metadata, [], 'nothing reached the made-up session');
    await context.close();
  });

  for (const [name, options] of [
    ['a 375 px wide phone', { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true }],
    ['200% zoom on a 1280 x 720 screen', { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }],
  ]) {
    test(`on ${name} the panel fills the screen without horizontal scrolling`, async () => {
      const { context, page } = await newPage(browser, requests, options);
      const { width, height } = options.viewport;
      await page.goto(`${harness.web}/`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'demo page');
      await openWidget(page);
      await send(page, 'hello');
      await waitForReply(page, 'hello', { quickReplies: true });
      const box = await page.locator('#slc-panel').boundingBox();
      assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, width, height], 'full screen');
      const layout = await page.evaluate(() => {
        const log = document.querySelector('#slc-widget .slc-log');
        const field = document.querySelector('#slc-input').getBoundingClientRect();
        const sendButton = document.querySelector('#slc-widget .slc-send').getBoundingClientRect();
        return {
          pageScrolls: document.documentElement.scrollWidth > window.innerWidth,
          logScrolls: log.scrollWidth > log.clientWidth,
          fieldInside: field.left >= 0 && sendButton.right <= window.innerWidth && sendButton.bottom <= window.innerHeight,
          quickRepliesInside: [...document.querySelectorAll('#slc-widget .slc-quick-reply')]
            .every((b) => b.getBoundingClientRect().right <= window.innerWidth),
        };
      });
      assert.deepEqual(layout, { pageScrolls: false, logScrolls: false, fieldInside: true, quickRepliesInside: true });
      await page.keyboard.press('Escape');
      assert.ok(await launcher(page).isVisible(), 'the launcher is back after closing');
      assertNoErrors(page);
      await context.close();
    });
  }

  test('after the coach restarts the widget reconnects and sends what was typed offline', async () => {
    const { context, page } = await newPage(browser, requests);
    await page.goto(`${harness.web}/`);
    await openWidget(page);
    await send(page, 'hello');
    await waitForReply(page, 'hello');

    await harness.command('stop-coach', 'coach-stopped', 90_000);
    await waitForStatus(page, 'offline', 30_000);
    assert.match(await page.locator('#slc-widget .slc-status').textContent(), /Offline/);
    await send(page, 'are you a real person?');
    const queued = page.locator('#slc-widget .slc-msg-user.slc-queued');
    assert.match(await queued.locator('.slc-msg-note').textContent(), /Not sent yet/);

    await harness.command('start-coach', 'coach-started', 240_000);
    await waitForStatus(page, 'online', 60_000);
    const reply = await waitForReply(page, 'are you a real person?');
    assert.match(reply.botTexts.join(' '), /not a person/);
    assert.equal(await queued.count(), 0, 'the queued message was sent');
    await send(page, 'hello');
    assert.match((await waitForReply(page, 'hello')).botTexts.join(' '), new RegExp(GREETING));
    const unexpected = page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket connection/.test(e));
    assert.deepEqual(unexpected, []);
    await context.close();
  });

  test('no request left this machine', () => {
    assert.ok(requests.length > 20, `${requests.length} requests recorded`);
    const elsewhere = requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !['blob:', 'data:'].includes(protocol) && !['127.0.0.1', 'localhost'].includes(hostname);
    });
    assert.deepEqual(elsewhere, []);
  });
});
