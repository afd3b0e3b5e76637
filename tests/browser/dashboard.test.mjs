// The trainers' dashboard (/analytics) in a real browser against the real coach and web app:
// a leader's unanswered question with an e-mail address and a phone number reaches the
// overview and the transcript masked, and neither appears anywhere in the pages' HTML.
// Run: npm run test:browser (the screenshot goes to docs/dashboard.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Harness, ROOT, addTrainer, launchBrowser, newPage } from './support.mjs';

const EMAIL = 'jane.doe@example.org';
const PHONE = '07700 900123';
// The coach cannot place this (NLU fallback, then "outside my curated knowledge base"), so it is
// counted as unanswered. (Off-topic questions such as sourdough are declined as out of scope instead.)
const PRIVATE_QUESTION = `xkcd blorp wibble ${EMAIL} ${PHONE}`;
const TRAINER = 'trainer.tess';
const PASSWORD = 'a long browser-test password';
const LEAKS = [EMAIL, 'jane.doe', 'example.org', PHONE, '07700', '900123'];

let harness;
let browser;
const requests = [];

async function say(sender, message) {
  const response = await fetch(`${harness.rasa}/webhooks/rest/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sender, message }),
  });
  assert.equal(response.status, 200);
  return response.json();
}

function assertNoLeaks(html, where) {
  for (const leak of LEAKS) assert.ok(!html.includes(leak), `${where} must not contain ${leak}`);
}

describe('the trainers\' dashboard with the real coach', () => {
  before(async () => {
    [harness, browser] = await Promise.all([Harness.start(), launchBrowser()]);
    await say('dashboard-greeter', 'Hello');
    await say('dashboard-private', PRIVATE_QUESTION);
    await say('dashboard-asker', 'What does system leadership actually mean?');
    await addTrainer(harness, TRAINER, PASSWORD);
  });

  after(async () => {
    await browser?.close();
    await harness?.stop();
  });

  test('sign in, read the overview, open a masked transcript, tag it, sign out', async () => {
    const { context, page } = await newPage(browser, requests);
    try {
      // No session: the overview sends the browser to the sign-in form.
      await page.goto(`${harness.web}/analytics`);
      assert.match(new URL(page.url()).pathname, /^\/analytics\/login$/);
      await page.getByLabel('Name').fill(TRAINER);
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      assert.match(await page.getByRole('alert').innerText(), /name or password is not right/);

      await page.getByLabel('Password').fill(PASSWORD);
      const [overviewResponse] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/analytics' && r.request().method() === 'GET'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: /^Overview:/ }).waitFor();
      const cookies = await context.cookies(harness.web + '/analytics');
      const session = cookies.find((c) => c.name === 'slc_session');
      assert.ok(session, 'a session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Strict');
      assert.equal(session.path, '/analytics');
      assert.match(overviewResponse.headers()['content-security-policy'], /default-src 'self'; style-src 'self'/);

      // The overview: three conversations today, the chart, and the masked unanswered question.
      assert.equal(await page.locator('#card-conversations').innerText(), '3');
      const chart = page.getByRole('img', { name: /Conversations per day/ });
      assert.equal(await chart.count(), 1);
      const unanswered = await page.locator('#unanswered').innerText();
      assert.match(unanswered, /\[EMAIL\]/);
      assert.match(unanswered, /\[PHONE\]/);
      assertNoLeaks(await overviewResponse.text(), 'the overview HTML');
      assertNoLeaks(await page.content(), 'the overview DOM');
      mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'docs', 'dashboard.png'), fullPage: true });

      // A CSV export with the session: masked too.
      const csv = await page.evaluate(async () => {
        const link = document.querySelector('a[href^="/analytics/export/unanswered.csv"]');
        const response = await fetch(link.getAttribute('href'));
        return { status: response.status, body: await response.text() };
      });
      assert.equal(csv.status, 200);
      assert.match(csv.body, /\[EMAIL\]/);
      assertNoLeaks(csv.body, 'the unanswered CSV');

      // The conversation list: pseudonyms only; find the one with the question.
      await page.getByRole('link', { name: 'Conversations', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Conversations' }).waitFor();
      const listHtml = await page.content();
      assert.ok(!listHtml.includes('dashboard-private'), 'no sender ids');
      const links = await page.locator('#conversations a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(links.length, 3);
      let found = null;
      for (const href of links) {
        const response = await page.goto(`${harness.web}${href}`);
        const html = await response.text();
        assertNoLeaks(html, `the transcript ${href}`);
        assertNoLeaks(await page.content(), `the transcript DOM ${href}`);
        assert.ok(!html.includes('dashboard-'), 'no sender ids in transcripts');
        if (html.includes('blorp')) found = href;
      }
      assert.ok(found, 'one transcript has the question');
      await page.goto(`${harness.web}${found}`);
      const transcript = await page.locator('#transcript').innerText();
      assert.match(transcript, /xkcd blorp wibble \[EMAIL\] \[PHONE\]/);

      // Tag it (the form carries the session's CSRF token).
      await page.getByLabel('Tag', { exact: true }).fill('content gap');
      await page.getByLabel('Note (optional)').fill('Not a leadership question');
      await page.getByRole('button', { name: 'Add tag' }).click();
      await page.locator('.tags').getByText('content gap').waitFor();
      assert.match(await page.locator('.tags').innerText(), /content gap by trainer\.tess/);

      // A trainer is not an admin.
      const trainers = await page.goto(`${harness.web}/analytics/trainers`);
      assert.equal(trainers.status(), 403);

      // Sign out: the session is gone.
      await page.goto(`${harness.web}/analytics`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.goto(`${harness.web}/analytics/conversations`);
      assert.match(new URL(page.url()).pathname, /^\/analytics\/login$/);

      // Chromium logs the expected 401 (wrong password) and 403 (trainers page) as console errors.
      const unexpected = page.errors.filter((e) => !/status of (401 \(Unauthorized\)|403 \(Forbidden\))$/.test(e));
      assert.deepEqual(unexpected, [], 'no other console errors, page errors or CSP violations');
      const foreign = requests.filter((url) => !url.startsWith(harness.web) && !url.startsWith('data:'));
      assert.deepEqual(foreign, [], 'the dashboard loads nothing from anywhere else');
    } finally {
      await context.close();
    }
  });

  test('the dashboard works on a narrow screen with the keyboard', async () => {
    const { context, page } = await newPage(browser, requests, { viewport: { width: 375, height: 740 } });
    try {
      await page.goto(`${harness.web}/analytics/login`);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
      await page.getByLabel('Name').focus();
      await page.keyboard.type(TRAINER);
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: /^Overview:/ }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
      const outline = await page.evaluate(() => {
        document.querySelector('a[href^="/analytics/export/summary.csv"]').focus();
        return getComputedStyle(document.activeElement).outlineStyle;
      });
      assert.equal(outline, 'solid', 'focus is visible');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});
