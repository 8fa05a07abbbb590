/**
 * The pages' test harness: the API world (functions/api on DynamoDB Local and the local workflows,
 * test/api/support.ts) served over HTTP on a random 127.0.0.1 port, Debian's Chromium driven by
 * playwright-core, axe-core's WCAG 2.1 A and AA rules run in the page, and the parents' links taken
 * from the notifications the cycle decided.
 *
 * @example
 * const pages = await startPages('ranking');
 * const page = await pages.open(`/links/${token}`, { javaScript: false });
 * expect(await axeViolations(page)).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type ServedApi, serveApi } from '../../local/node-server.ts';
import {
  type ApiWorld,
  activeCaseOverHttp,
  assessmentOn,
  createApiWorld,
  linkTokenFrom,
  MUNICIPALITY,
  openCaseOverHttp,
} from '../api/support.ts';

export { activeCaseOverHttp, assessmentOn, linkTokenFrom, MUNICIPALITY, openCaseOverHttp };

/** Debian's chromium; `CHROMIUM` names another binary. */
export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launch headless Chromium the way every browser test and script does. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.0 and 2.1 A and AA rules over the page as it stands. The source is evaluated
 * through the DevTools protocol, which the page's content security policy does not govern, so the
 * page is checked with its real headers. A page opened without JavaScript is checked as a copy of
 * its document in a page that runs no script of its own.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!scriptless.has(page)) return runAxe(page);
  // Without JavaScript no timer fires and axe would wait for ever: the page as it stands is
  // checked again in a page that runs scripts but not the page's own (they did not run here either).
  const html = await page.content();
  const url = page.url();
  const checker = await page.context().browser()?.newContext({ viewport: page.viewportSize() });
  if (!checker) throw new Error('no browser');
  try {
    const copy = await checker.newPage();
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (request.url() === url)
        return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      if (request.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(url);
    return await runAxe(copy);
  } finally {
    await checker.close();
  }
}

const scriptless = new WeakSet<Page>();
/** Mark a page opened without JavaScript (by another harness), so axe checks it the way that works. */
export const markScriptless = (page: Page): void => {
  scriptless.add(page);
};

async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is the injected global
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    // biome-ignore lint/suspicious/noExplicitAny: axe's result shape
    return result.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      // biome-ignore lint/suspicious/noExplicitAny: axe's node shape
      nodes: violation.nodes.map((node: any) => String(node.target)),
    }));
  });
}

export interface PagesWorld {
  world: ApiWorld;
  served: ServedApi;
  browser: Browser;
  /** A new page in a fresh context (phone-sized, JavaScript on or off), at `path` of the app. */
  open(path: string, options?: { javaScript?: boolean; width?: number }): Promise<Page>;
  /** Script errors and what the browser refused (a content security policy violation among them). */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function startPages(label: string, start?: string): Promise<PagesWorld> {
  const world = await createApiWorld(label, start);
  const served = await serveApi(world.app, { port: 0 });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  return {
    world,
    served,
    browser,
    consoleErrors,
    async open(path, options = {}) {
      const context = await browser.newContext({
        javaScriptEnabled: options.javaScript ?? true,
        viewport: { width: options.width ?? 360, height: 740 },
        baseURL: served.url,
      });
      contexts.push(context);
      const page = await context.newPage();
      if (options.javaScript === false) scriptless.add(page);
      // A refused script or style (the content security policy) and any script error; the statuses
      // of error pages (404, 410, 422) are expected and not collected.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          consoleErrors.push(message.text());
        }
      });
      page.on('pageerror', (error) => consoleErrors.push(error.message));
      await page.goto(path);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await served.close();
      await world.close();
    },
  };
}

/** The element that has focus, described by tag, id and class. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element ? `${element.tagName.toLowerCase()}#${element.id}.${element.className}` : '';
  });

/** Click (or press Enter on) what submits a form, and wait for the page it leads to. */
export async function submitWith(page: Page, action: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}
