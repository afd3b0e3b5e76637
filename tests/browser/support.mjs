// Helpers for the browser tests: the servers (harness.py), Chromium and the widget on a page.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = process.env.COACH_ROOT || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PYTHON = process.env.PYTHON || path.join(ROOT, '.venv', 'bin', 'python');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Chromium must not try to reach Google (updates, sync, field trials): every request stays local.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--no-pings',
];

/** The coach and the web app, started by `python -m tests.browser.harness`. */
export class Harness {
  static async start(timeoutMs = 300_000) {
    const harness = new Harness();
    const ready = await harness.next('ready', timeoutMs);
    Object.assign(harness, ready);
    return harness;
  }

  constructor() {
    this.queue = [];
    this.waiters = [];
    this.process = spawn(PYTHON, ['-m', 'tests.browser.harness'], {
      cwd: ROOT,
      env: { ...process.env, PYTHONPATH: ROOT },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
    this.process.on('exit', (code) => this.deliver({ event: 'exit', code }));
    readline.createInterface({ input: this.process.stdout }).on('line', (line) => {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        process.stderr.write(`[harness] ${line}\n`);
        return;
      }
      this.deliver(event);
    });
  }

  deliver(event) {
    const waiter = this.waiters.find((w) => w.name === event.event || event.event === 'error' || event.event === 'exit');
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      clearTimeout(waiter.timer);
      if (event.event === waiter.name) waiter.resolve(event);
      else waiter.reject(new Error(`harness: ${JSON.stringify(event, null, 1)}`));
    } else {
      this.queue.push(event);
    }
  }

  next(name, timeoutMs = 120_000) {
    const queued = this.queue.findIndex((e) => e.event === name || e.event === 'error' || e.event === 'exit');
    if (queued >= 0) {
      const [event] = this.queue.splice(queued, 1);
      return event.event === name ? Promise.resolve(event) : Promise.reject(new Error(`harness: ${JSON.stringify(event)}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`harness: no "${name}" within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ name, resolve, reject, timer });
    });
  }

  async command(line, answer, timeoutMs) {
    this.process.stdin.write(`${line}\n`);
    return this.next(answer, timeoutMs);
  }

  async stop() {
    if (this.process.exitCode !== null) return;
    this.process.stdin.end('quit\n');
    const timer = setTimeout(() => this.process.kill('SIGTERM'), 90_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // Playwright gives each launch a fresh temporary profile (--user-data-dir).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A new browser context (fresh localStorage, so a new conversation) that records every URL it
 * asks for in `requests`, and a page on which console errors and page errors are collected.
 */
export async function newPage(browser, requests, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.errors = [];
  page.dialogs = [];
  page.on('websocket', (socket) => requests.push(socket.url()));
  page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    page.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  return { context, page };
}

export const launcher = (page) => page.locator('#slc-widget .slc-launcher');
export const input = (page) => page.getByRole('textbox', { name: 'Message' });

/** Open the widget with the mouse and wait until it is connected. */
/** Open the widget and wait until it is online and, unless `greeting` is false (a conversation the
 * widget has already greeted), has shown the greeting or earlier history: a late greeting must never
 * be taken for the reply to the next message. */
export async function openWidget(page, { greeting = true, timeout = 30_000 } = {}) {
  await launcher(page).click();
  await waitForStatus(page, 'online');
  if (greeting) {
    await page.waitForFunction(() => document.querySelector('#slc-widget .slc-log .slc-msg-bot') !== null,
      null, { timeout });
  }
}

export async function waitForStatus(page, status, timeout = 30_000) {
  await page.waitForFunction(
    (wanted) => document.querySelector('#slc-widget')?.dataset.status === wanted, status, { timeout },
  );
}

/** Type a message in the textbox and press Enter. */
export async function send(page, text) {
  await input(page).fill(text);
  await input(page).press('Enter');
}

/** Wait for the bot's reply to the last user message shown as `userText`; returns what it shows. */
export async function waitForReply(page, userText, { quickReplies = false, timeout = 30_000 } = {}) {
  await page.waitForFunction(
    ({ userText, quickReplies }) => {
      const log = document.querySelector('#slc-widget .slc-log');
      const nodes = [...log.children];
      const users = nodes.map((n, i) => (n.classList.contains('slc-msg-user')
        && n.querySelector('.slc-bubble').textContent === userText ? i : -1)).filter((i) => i >= 0);
      if (!users.length) return false;
      const after = nodes.slice(users[users.length - 1] + 1);
      const answered = after.some((n) => n.classList.contains('slc-msg-bot'));
      return answered && (!quickReplies || after.some((n) => n.classList.contains('slc-quick')));
    },
    { userText, quickReplies },
    { timeout },
  );
  return lastExchange(page, userText);
}

export async function lastExchange(page, userText) {
  return page.evaluate((userText) => {
    const nodes = [...document.querySelector('#slc-widget .slc-log').children];
    const users = nodes.map((n, i) => (n.classList.contains('slc-msg-user')
      && n.querySelector('.slc-bubble').textContent === userText ? i : -1)).filter((i) => i >= 0);
    const after = nodes.slice(users[users.length - 1] + 1);
    return {
      botTexts: after.filter((n) => n.classList.contains('slc-msg-bot')).map((n) => n.querySelector('.slc-bubble').textContent),
      quickReplies: after.flatMap((n) => [...n.querySelectorAll('.slc-quick-reply')].map((b) => b.textContent)),
    };
  }, userText);
}

export async function userMessages(page) {
  return page.$$eval('#slc-widget .slc-msg-user .slc-bubble', (nodes) => nodes.map((n) => n.textContent));
}

/** Add a trainer account to the harness's database (`python -m bot trainers add`). */
export function addTrainer(harness, name, password, role = 'trainer') {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'bot', 'trainers', 'add', name, '--password-stdin', '--role', role], {
      cwd: ROOT,
      env: { ...process.env, PYTHONPATH: ROOT, DATABASE_URL: `sqlite:///${path.join(harness.folder, 'coach.db')}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`trainers add: ${code} ${output}`))));
    child.stdin.end(`${password}\n`);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
