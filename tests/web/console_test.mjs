// Browser tests of the web console: a real parcoursd (free port, temporary data directory,
// --web-root at the built web/dist), journeys created through the API, and Debian's Chromium
// driven headless by playwright-core. Run by ctest (web_console_browser_test) with:
//   PARCOURSD          the server binary
//   PARCOURS_WEB_ROOT  the built console (web/dist)
//   PARCOURS_WEB_DIR   web/ (where playwright-core is installed)
//   PARCOURS_ARTIFACTS where screenshots go (build/test-artifacts)
//   CHROMIUM           the browser (default /usr/bin/chromium)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (!v) throw new Error(`${name} is not set (run this test through ctest)`);
  return v;
};
const PARCOURSD = env('PARCOURSD');
const WEB_ROOT = env('PARCOURS_WEB_ROOT');
const WEB_DIR = env('PARCOURS_WEB_DIR');
const ARTIFACTS = env('PARCOURS_ARTIFACTS');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const { chromium } = createRequire(path.join(WEB_DIR, 'package.json'))('playwright-core');

const WAIT = 15000; // longest wait for anything on a page (a loaded 2-core machine)

// --- a real parcoursd ----------------------------------------------------------------------

async function startServer(extraArgs = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-web-test-'));
  const log = fs.openSync(path.join(dir, 'parcoursd.log'), 'w');
  const child = spawn(
    PARCOURSD,
    ['--listen', '127.0.0.1:0', '--data', path.join(dir, 'data'), '--web-root', WEB_ROOT, ...extraArgs],
    { stdio: ['ignore', 'pipe', log] },
  );
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('parcoursd did not start in 15 s')), 15000);
    child.once('exit', (code) =>
      reject(new Error(`parcoursd exited (${code}): ${fs.readFileSync(path.join(dir, 'parcoursd.log'), 'utf8')}`)),
    );
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const m = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function client(base, token) {
  return async (method, p, body) => {
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

// --- journeys ------------------------------------------------------------------------------

// A draft, published in the browser; every signup ends at once at its generated end tag.
const welcome = {
  id: 'welcome',
  name: 'Welcome mails',
  entry: { type: 'event', event: 'signup' },
  start: 'greet',
  nodes: [{ id: 'greet', type: 'updateProfile', label: 'Mark welcomed', set: { welcomed: 'true' } }],
};

// Published through the API; its profiles wait a day; closed through the "…" menu.
const cart = {
  id: 'cart',
  name: 'Cart reminders',
  entry: { type: 'event', event: 'cart' },
  start: 'wait-day',
  nodes: [
    { id: 'wait-day', type: 'wait', label: 'One day', duration: 'P1D', next: 'end-waited' },
    { id: 'end-waited', type: 'end', label: 'Waited' },
  ],
};

// Published through the API; big spenders wait, others end at "Small cart"; stopped from its page.
const lapsed = {
  id: 'lapsed',
  name: 'Win back lapsed',
  entry: { type: 'event', event: 'visit' },
  start: 'big',
  nodes: [
    {
      id: 'big',
      type: 'condition',
      label: 'Big spender?',
      branches: [{ label: 'Big', when: 'event.data.total > 100', next: 'wait-week' }],
      otherwise: 'end-small',
    },
    { id: 'wait-week', type: 'wait', label: 'One week', duration: 'P7D', next: 'end-done' },
    { id: 'end-small', type: 'end', label: 'Small cart' },
    { id: 'end-done', type: 'end', label: 'Waited a week' },
  ],
};

// Saved as an invalid draft: a path to an activity that does not exist.
const broken = {
  id: 'broken',
  name: 'Broken draft',
  entry: { type: 'event', event: 'ping' },
  start: 'first',
  nodes: [{ id: 'first', type: 'wait', label: 'First wait', duration: 'PT1H', next: 'nowhere' }],
};

// 60 activities: a four-way condition, then four paths of mixed activities, each with side exits.
function sixtyActivities() {
  const nodes = [];
  const lengths = [15, 15, 15, 14];
  const seg = {
    id: 'segment',
    type: 'condition',
    label: 'Which segment?',
    branches: [
      { label: 'New', when: "profile.segment == 'new'", next: 'p0-1' },
      { label: 'Active', when: "profile.segment == 'active'", next: 'p1-1' },
      { label: 'Lapsed', when: "profile.segment == 'lapsed'", next: 'p2-1' },
    ],
    otherwise: 'p3-1',
  };
  nodes.push(seg);
  lengths.forEach((len, p) => {
    for (let k = 1; k <= len; k++) {
      const id = `p${p}-${k}`;
      const next = k < len ? `p${p}-${k + 1}` : `end-p${p}`;
      switch (k % 5) {
        case 1:
          nodes.push({ id, type: 'action', label: `Mail ${k} (path ${p + 1})`, action: { kind: 'log', message: `mail ${k}` }, next });
          break;
        case 2:
          nodes.push({ id, type: 'wait', label: `Wait ${k} days`, duration: `P${k}D`, next });
          break;
        case 3:
          nodes.push({
            id,
            type: 'waitForEvent',
            label: `Opened mail ${k - 2}?`,
            event: 'mail_opened',
            timeout: 'P2D',
            next,
            onTimeout: `exit-p${p}-${k}`,
          });
          nodes.push({ id: `exit-p${p}-${k}`, type: 'end', label: 'Did not open' });
          break;
        case 4:
          nodes.push({
            id,
            type: 'condition',
            label: `Clicked ${k}?`,
            branches: [{ label: 'Clicked', when: 'profile.clicks > 0', next }],
            otherwise: `exit-p${p}-${k}`,
          });
          nodes.push({ id: `exit-p${p}-${k}`, type: 'end', label: 'No click' });
          break;
        default:
          nodes.push({ id, type: 'updateProfile', label: `Score step ${k}`, set: { score: `${k}` }, next });
      }
    }
    nodes.push({ id: `end-p${p}`, type: 'end', label: `Path ${p + 1} done` });
  });
  return { id: 'big-journey', name: 'Sixty activities', entry: { type: 'event', event: 'big' }, start: 'segment', nodes };
}

// --- the tests -----------------------------------------------------------------------------

describe('web console', { timeout: 150000 }, () => {
  let server;
  let browser;
  let page;
  let call;

  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: scripts/install-deps installs Debian's chromium`);
    if (!fs.existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`the console is not built in ${WEB_ROOT}: make build`);
    server = await startServer();
    call = client(server.url);
    for (const def of [welcome, cart, lapsed, broken]) await call('POST', '/v1/journeys', def);
    await call('POST', '/v1/journeys/cart/versions/1/publish');
    await call('POST', '/v1/journeys/lapsed/versions/1/publish');
    const send = (type, profileId, data) => call('POST', '/v1/events?sync=true', { type, profileId, data });
    await send('cart', 'c-1', {});
    await send('cart', 'c-2', {});
    await send('visit', 'big-1', { total: 500 });
    await send('visit', 'big-2', { total: 300 });
    await send('visit', 'small-1', { total: 5 });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.setDefaultTimeout(WAIT);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const row = (id) => page.locator(`tr[data-journey="${id}"]`);
  const rowCount = (id, name) => row(id).locator(`[data-count="${name}"]`);
  // A row's count once loaded ('…' while its report is being fetched).
  const countText = async (id, name) => {
    await rowCount(id, name).filter({ hasNotText: '…' }).waitFor();
    return rowCount(id, name).textContent();
  };
  const openMenu = async (id) => {
    await row(id).getByRole('button', { name: /^Actions for / }).click();
    return page.getByRole('menu');
  };

  it('lists journeys with their status and counts, and offers only the actions their status allows', async () => {
    await page.goto(server.url + '/');
    await assert.doesNotReject(row('cart').locator('.badge-live').waitFor());
    assert.equal(await countText('cart', 'entered'), '2');
    assert.equal(await countText('cart', 'in_progress'), '2');
    assert.equal(await countText('lapsed', 'entered'), '3');
    assert.equal(await countText('lapsed', 'in_progress'), '2');
    assert.equal(await row('welcome').locator('.badge').textContent(), 'draft');

    let menu = await openMenu('welcome');
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), ['Publish', 'Duplicate', 'Delete']);
    await page.keyboard.press('Escape');
    menu = await openMenu('cart');
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), [
      'Pause',
      'Close to new entrances',
      'Stop',
      'New version',
      'Duplicate',
    ]);
    await page.keyboard.press('Escape');

    await page.getByLabel('Search by name').fill('cart');
    await row('welcome').waitFor({ state: 'detached' });
    assert.equal(await page.locator('tr[data-journey]').count(), 1);
    await page.getByLabel('Search by name').fill('');
    await page.getByLabel('Filter by status').selectOption('draft');
    await row('cart').waitFor({ state: 'detached' });
    assert.deepEqual(
      (await page.locator('tr[data-journey]').evaluateAll((rows) => rows.map((r) => r.dataset.journey))).sort(),
      ['broken', 'welcome'],
    );
    await page.getByLabel('Filter by status').selectOption('');
    await row('cart').waitFor();
  });

  it('publishes a draft from the "…" menu', async () => {
    await page.goto(server.url + '/');
    const menu = await openMenu('welcome');
    await menu.getByRole('menuitem', { name: 'Publish' }).click();
    await row('welcome').locator('.badge-live').waitFor();
    const v = await call('GET', '/v1/journeys/welcome/versions/1');
    assert.equal(v.status, 'live');
    // Now live, it takes entries, and the list counts them.
    await call('POST', '/v1/events?sync=true', { type: 'signup', profileId: 'w-1' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(
      () => document.querySelector('tr[data-journey="welcome"] [data-count="entered"]')?.textContent === '1',
    );
    assert.equal(await countText('welcome', 'in_progress'), '0');
  });

  it('publishing an invalid draft shows the server\'s error, and the canvas shows it on its activity', async () => {
    await page.goto(server.url + '/');
    const menu = await openMenu('broken');
    await menu.getByRole('menuitem', { name: 'Publish' }).click();
    const alert = page.getByRole('dialog').getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /HTTP 422/);
    assert.match(await alert.textContent(), /nowhere/);
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    await page.goto(server.url + '/journeys/broken');
    const box = page.getByTestId('node-first');
    await box.locator('.problem-error').waitFor();
    assert.match(await box.locator('.problem-error').textContent(), /nowhere/);
    await page.getByTestId('node-nowhere').waitFor(); // the missing target, drawn as such
    assert.match(await page.getByTestId('validation').textContent(), /1 validation error/);
  });

  it('closes a journey through the "…" menu after a confirmation saying what happens to the people inside', async () => {
    await page.goto(server.url + '/');
    const menu = await openMenu('cart');
    await menu.getByRole('menuitem', { name: 'Close to new entrances' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const text = await dialog.textContent();
    assert.match(text, /no new entries; profiles already inside go on to their end/);
    assert.match(text, /The 2 profiles inside right now go on to their end/);
    assert.match(text, /can never be reopened/);
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await call('GET', '/v1/journeys/cart/versions/1')).status, 'live');

    await (await openMenu('cart')).getByRole('menuitem', { name: 'Close to new entrances' }).click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-close-dialog.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Close to new entrances' }).click();
    await row('cart').locator('.badge-closed').waitFor();
    assert.equal(await countText('cart', 'entered'), '2');
    assert.equal(await countText('cart', 'in_progress'), '2');
    assert.equal((await call('GET', '/v1/journeys/cart/versions/1')).status, 'closed');
    // A closed version allows Stop, New version and Duplicate only.
    const after = await openMenu('cart');
    assert.deepEqual(await after.getByRole('menuitem').allTextContents(), ['Stop', 'New version', 'Duplicate']);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-journey-list.png') });
  });

  it('draws the journey canvas with live counts, renames a label after publishing, and stops it from the journey page', async () => {
    await page.goto(server.url + '/journeys/lapsed');
    const node = (id) => page.getByTestId(`node-${id}`);
    const count = (id, name) => node(id).locator(`[data-count="${name}"]`);
    await page.waitForFunction(() => document.querySelector('[data-testid="node-wait-week"] [data-count="here"]')?.textContent.includes('2'));
    assert.match(await count('big', 'entered').textContent(), /3/);
    assert.match(await count('wait-week', 'entered').textContent(), /2/);
    assert.match(await count('wait-week', 'here').textContent(), /2/);
    assert.match(await count('wait-week', 'failed').textContent(), /0/);
    assert.equal(await count('end-small', 'end').textContent(), '1');
    assert.equal(await count('end-done', 'end').textContent(), '0');
    await page.locator('.path-label', { hasText: 'Big' }).waitFor();
    await page.locator('.path-label', { hasText: 'Otherwise' }).waitFor();
    await page.getByTestId('node-__entry__').waitFor();
    const allTime = page.locator('.report-col[data-window="All time"]');
    assert.equal(await allTime.locator('[data-report="entered"]').textContent(), '3');
    assert.equal(await allTime.locator('[data-report="in_progress"]').textContent(), '2');
    const day = page.locator('.report-col[data-window="Last 24 hours"]');
    assert.equal(await day.locator('[data-report="entered"]').textContent(), '3');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-journey-canvas.png') });

    // Labels stay editable on a live version.
    await node('wait-week').hover();
    await node('wait-week').getByRole('button', { name: /^Rename/ }).click();
    await node('wait-week').getByLabel('Label').fill('A whole week');
    await node('wait-week').getByLabel('Label').press('Enter');
    await node('wait-week').locator('.box-title', { hasText: 'A whole week' }).waitFor();
    const renamed = await call('GET', '/v1/journeys/lapsed/versions/1');
    assert.equal(renamed.definition.nodes.find((n) => n.id === 'wait-week').label, 'A whole week');
    assert.equal(renamed.status, 'live');
    // So do branch labels.
    const branch = page.locator('.path-label', { hasText: 'Big' });
    await branch.hover();
    await branch.getByRole('button', { name: /^Rename/ }).click();
    const input = page.locator('.path-label').getByLabel('Label');
    await input.fill('Big spender');
    await input.press('Enter');
    await page.locator('.path-label', { hasText: 'Big spender' }).waitFor();
    const branched = await call('GET', '/v1/journeys/lapsed/versions/1');
    assert.equal(branched.definition.nodes.find((n) => n.id === 'big').branches[0].label, 'Big spender');

    // Stop from the lifecycle drop-down.
    await page.getByRole('button', { name: 'Lifecycle' }).click();
    await page.getByRole('menuitem', { name: 'Stop' }).click();
    const dialog = page.getByRole('dialog');
    const text = await dialog.textContent();
    assert.match(text, /every profile inside is halted at once/);
    assert.match(text, /The 2 profiles inside right now end at once as timed_out with exit reason journey_stopped/);
    await dialog.getByRole('button', { name: 'Stop now' }).click();
    await page.locator('h1 .badge-stopped').waitFor();
    await page.waitForFunction(
      () => document.querySelector('.report-col[data-window="All time"] [data-report="timed_out"]')?.textContent === '2',
    );
    assert.equal(await allTime.locator('[data-report="in_progress"]').textContent(), '0');
    assert.match(await count('wait-week', 'here').textContent(), /0/);
    const inside = await call('GET', '/v1/journeys/lapsed/versions/1/instances?status=timed_out');
    assert.equal(inside.instances.length, 2);
    assert.ok(inside.instances.every((i) => i.exitReason === 'journey_stopped'));

    await page.goto(server.url + '/');
    await row('lapsed').locator('.badge-stopped').waitFor();
    assert.equal(await countText('lapsed', 'in_progress'), '0');
  });

  it('pauses and resumes, makes a new version, switches versions, duplicates and deletes', async () => {
    await page.goto(server.url + '/');
    await (await openMenu('welcome')).getByRole('menuitem', { name: 'Pause' }).click();
    let dialog = page.getByRole('dialog');
    assert.match(await dialog.textContent(), /new entries are discarded; profiles inside are held \(or discarded\)/);
    await dialog.getByText(/^Discard:/).click();
    await page.getByLabel('Pause duration').fill('P2D');
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await row('welcome').locator('.badge-paused').waitFor();
    const paused = await call('GET', '/v1/journeys/welcome/versions/1');
    assert.equal(paused.pauseMode, 'discard');
    await (await openMenu('welcome')).getByRole('menuitem', { name: 'Resume' }).click();
    await row('welcome').locator('.badge-live').waitFor();

    // New version from the journey page: a draft v2 beside the live v1, with the version switcher.
    await page.goto(server.url + '/journeys/welcome');
    await page.locator('h1 .badge-live').waitFor();
    await page.getByRole('button', { name: 'Lifecycle' }).click();
    await page.getByRole('menuitem', { name: 'New version' }).click();
    await page.locator('h1 .badge-draft').waitFor();
    assert.match(page.url(), /\/journeys\/welcome\?version=2$/);
    assert.deepEqual(await page.getByLabel('Version').locator('option').allTextContents(), ['v2 · draft', 'v1 · live']);
    await page.getByLabel('Version').selectOption('1');
    await page.locator('h1 .badge-live').waitFor();
    await page.getByTestId('node-greet').waitFor();

    // In the list, the journey shows its live version; the menu publishes the draft (after a
    // confirmation: the live version will close) and has no New version while a draft exists.
    await page.goto(server.url + '/');
    const menu = await openMenu('welcome');
    assert.deepEqual(await menu.getByRole('menuitem').allTextContents(), [
      'Publish (v2)',
      'Pause (v1)',
      'Close to new entrances (v1)',
      'Stop (v1)',
      'Duplicate (v1)',
      'Delete (v2)',
    ]);
    await menu.getByRole('menuitem', { name: 'Publish (v2)' }).click();
    dialog = page.getByRole('dialog');
    assert.match(await dialog.textContent(), /Publishing it closes the previous live version/);
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.waitForFunction(() => document.querySelector('tr[data-journey="welcome"] td:nth-child(2)')?.textContent.startsWith('v2'));
    const versions = (await call('GET', '/v1/journeys/welcome')).versions.map((v) => v.status);
    assert.deepEqual(versions, ['closed', 'live']);

    // Duplicate, then delete the copy (a draft: its last version, so the journey goes).
    await (await openMenu('broken')).getByRole('menuitem', { name: 'Duplicate' }).click();
    await page.getByRole('status').filter({ hasText: 'Duplicated as' }).waitFor();
    const copies = (await call('GET', '/v1/journeys')).journeys.filter((j) => j.id !== 'broken' && j.name.startsWith('Broken draft'));
    assert.equal(copies.length, 1);
    await row(copies[0].id).waitFor();
    await (await openMenu(copies[0].id)).getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await row(copies[0].id).waitFor({ state: 'detached' });
  });

  it('looks up a profile: its journeys, status, current activity and the reason for each branch', async () => {
    await page.goto(server.url + '/profiles');
    await page.getByLabel('Profile id').fill('big-1');
    await page.getByRole('button', { name: 'Look up' }).click();
    const inst = page.locator('article.instance');
    await inst.first().waitFor();
    assert.equal(await inst.count(), 1);
    const text = await inst.textContent();
    assert.match(text, /Win back lapsed · v1/);
    assert.match(text, /timed_out/);
    assert.match(text, /journey_stopped/);
    assert.match(text, /A whole week \(wait-week\)/);
    assert.match(text, /Big: event\.data\.total > 100 was true/); // the label when it was taken
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-profile.png') });
    assert.match(page.url(), /\/profiles\?id=big-1$/);
    await page.goto(server.url + '/profiles?id=small-1');
    await page.locator('article.instance', { hasText: 'no branch matched' }).waitFor();
    assert.match(await page.locator('article.instance').textContent(), /Small cart/);
  });

  it('shows API errors: an unknown journey', async () => {
    await page.goto(server.url + '/journeys/no-such-journey');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /HTTP 404/);
    assert.match(await alert.textContent(), /GET \/v1\/journeys\/no-such-journey/);
  });

  it('keeps a 60-activity journey readable', async () => {
    const def = sixtyActivities();
    assert.equal(def.nodes.filter((n) => n.type !== 'end').length, 60);
    await call('POST', '/v1/journeys', def);
    await call('POST', '/v1/journeys/big-journey/versions/1/publish');
    await call('PUT', '/v1/profiles/sixty-1', { attributes: { segment: 'active', clicks: 2 } });
    for (const pid of ['sixty-1', 'sixty-2', 'sixty-3']) {
      await call('POST', '/v1/events?sync=true', { type: 'big', profileId: pid });
    }
    const big = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    big.setDefaultTimeout(WAIT);
    try {
      await big.goto(server.url + '/journeys/big-journey');
      await big.getByTestId('node-segment').waitFor();
      await big.waitForFunction(() => document.querySelector('[data-testid="node-segment"] [data-count="entered"]')?.textContent.includes('3'));
      // Text is drawn at no less than 70 % of its size.
      const zoom = await big.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
      assert.ok(zoom >= 0.7, `zoom ${zoom}`);
      await big.screenshot({ path: path.join(ARTIFACTS, 'console-60-activities.png') });
      // The whole journey at once, on a screen wide enough to show it at a readable size.
      await big.setViewportSize({ width: 4800, height: 1300 });
      await big.locator('.react-flow__controls-fitview').click();
      await big.waitForTimeout(300);
      const whole = await big.locator('.react-flow__viewport').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
      assert.ok(whole >= 0.7, `whole journey at zoom ${whole}`);
      await big.locator('.canvas-wrap').screenshot({ path: path.join(ARTIFACTS, 'console-60-activities-whole.png') });
    } finally {
      await big.close();
    }
  });

  it('works with tokens: asks for one, keeps it for the session', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parcours-web-tokens-'));
    const tokens = path.join(dir, 'tokens.json');
    fs.writeFileSync(tokens, JSON.stringify({ tokens: [{ name: 'console', secret: 's3cret-token', scopes: ['admin'] }] }));
    const secured = await startServer(['--tokens', tokens]);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const p = await ctx.newPage();
    p.setDefaultTimeout(WAIT);
    try {
      await client(secured.url, 's3cret-token')('POST', '/v1/journeys', welcome);
      await p.goto(secured.url + '/');
      const alert = p.getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.textContent(), /HTTP 401/);
      await p.getByRole('button', { name: 'Set token' }).click();
      await p.getByLabel('API token').fill('s3cret-token');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.locator('tr[data-journey="welcome"]').waitFor();
      assert.equal(await p.evaluate(() => sessionStorage.getItem('parcours.token')), 's3cret-token');
      await p.reload();
      await p.locator('tr[data-journey="welcome"]').waitFor();
    } finally {
      await ctx.close();
      await secured.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
