// Feedback in a real browser against the real coach: a leader rates an answer "Not helpful" with
// a reason and a comment, by keyboard; the rating never interrupts the conversation; and a trainer
// sees the figure and the queue item on the dashboard within a minute (screenshot: docs/feedback.png).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  Harness, ROOT, addTrainer, launchBrowser, newPage, openWidget, send, userMessages, waitForReply,
} from './support.mjs';

const QUESTION = 'What does system leadership actually mean?';
const COMMENT = 'I wanted the ICS board view, call me on 07700 900123';
const TRAINER = 'trainer.fay';
const PASSWORD = 'a long feedback-test password';

let harness;
let browser;
const requests = [];


describe('feedback on answers with the real coach', () => {
  before(async () => {
    [harness, browser] = await Promise.all([Harness.start(), launchBrowser()]);
    await addTrainer(harness, TRAINER, PASSWORD);
  });

  after(async () => {
    await browser?.close();
    await harness?.stop();
  });

  test('a leader rates an answer Not helpful with a reason, and a trainer sees it within a minute', async () => {
    const { context, page } = await newPage(browser, requests);
    try {
      await page.goto(`${harness.web}/`);
      await openWidget(page);
      await page.waitForSelector('#slc-widget .slc-quick-reply');  // the greeting first
      await send(page, QUESTION);
      const reply = await waitForReply(page, QUESTION, { quickReplies: true });
      assert.match(reply.botTexts.join(' '), /Source/);
      const answer = page.locator('#slc-widget .slc-msg-bot').last();
      const group = answer.getByRole('group', { name: 'Was this helpful?' });
      assert.equal(await group.getByRole('button', { name: 'Helpful', exact: true }).count(), 1);

      // By keyboard: focus "Not helpful", press Enter; the reasons open and take the focus.
      const notHelpful = group.getByRole('button', { name: 'Not helpful' });
      await notHelpful.focus();
      const rated = Date.now();
      await page.keyboard.press('Enter');
      assert.equal(await notHelpful.getAttribute('aria-pressed'), 'true');
      const reason = group.getByRole('radio', { name: 'Too general' });
      await reason.waitFor();
      assert.equal(await group.getByRole('radio').count(), 4);
      await reason.check();
      await group.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill(COMMENT);
      await group.getByRole('button', { name: 'Send feedback' }).press('Enter');
      await group.getByRole('status').filter({ hasText: 'Thanks' }).waitFor();

      // Nothing was interrupted: no bubble for the feedback, the suggestions stay, the next message is answered.
      assert.deepEqual(await userMessages(page), [QUESTION]);
      assert.ok(await page.locator('#slc-widget .slc-quick-reply').count() >= 1, 'the suggested replies stay');
      await send(page, 'hello');
      await waitForReply(page, 'hello');

      // The trainer's dashboard.
      const trainer = await newPage(browser, requests);
      try {
        await trainer.page.goto(`${harness.web}/analytics/login?next=/analytics/feedback`);
        await trainer.page.getByLabel('Name').fill(TRAINER);
        await trainer.page.getByLabel('Password').fill(PASSWORD);
        await trainer.page.getByRole('button', { name: 'Sign in' }).click();
        await trainer.page.getByRole('heading', { level: 1, name: /^Feedback and review:/ }).waitFor();
        assert.equal(await trainer.page.locator('#card-not-helpful').innerText(), '1');
        assert.equal(await trainer.page.locator('#card-answered').innerText(), '1');
        const seenAfterS = (Date.now() - rated) / 1000;
        assert.ok(seenAfterS < 60, `seen on the dashboard ${seenAfterS.toFixed(1)} s after the rating`);
        console.log(`# the trainer saw the rating ${seenAfterS.toFixed(1)} s after the leader gave it`);
        const queue = await trainer.page.locator('#queue').innerText();
        assert.match(queue, /What does system leadership actually mean\?/);
        assert.match(queue, /too general \(1\)/);
        assert.match(queue, /call me on \[PHONE\]/);
        assert.ok(!(await trainer.page.content()).includes('07700'), 'the comment is masked');
        const chart = trainer.page.getByRole('img', { name: /Answers rated, per topic/ });
        assert.equal(await chart.count(), 1);

        await trainer.page.getByRole('combobox', { name: /^Mark for/ }).first().selectOption('content_gap');
        await trainer.page.getByRole('button', { name: /^Mark/ }).first().click();
        await trainer.page.locator('#queue .tag', { hasText: 'content gap' }).waitFor();
        mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
        await trainer.page.screenshot({ path: path.join(ROOT, 'docs', 'feedback.png'), fullPage: true });
        const cases = await trainer.page.evaluate(async () => {
          const response = await fetch(document.querySelector('a[href^="/analytics/export/review-cases.yml"]').getAttribute('href'));
          return response.text();
        });
        assert.match(cases, /turns:\n\s+- What does system leadership actually mean\?/);
        assert.match(cases, /marked content gap/);
        assert.deepEqual(trainer.page.errors, []);
      } finally {
        await trainer.context.close();
      }
      assert.deepEqual(page.errors, [], 'no console errors, page errors or CSP violations');
      const foreign = requests.filter((url) => !url.startsWith(harness.web) && !url.startsWith(harness.rasa)
        && !url.startsWith('ws://127.0.0.1') && !url.startsWith('data:') && !url.startsWith('blob:'));
      assert.deepEqual(foreign, [], 'nothing left this machine');
    } finally {
      await context.close();
    }
  });
});
