/**
 * A screenshot of a local HTML file with headless Chromium from Debian's `chromium` package
 * (`CHROMIUM` names another binary), in a throwaway profile, for the email and demo screenshots.
 *
 * @example
 * const failure = screenshot('/tmp/report.html', 'docs/demo/report.png', { width: 1200, height: 4300 });
 * if (failure) console.error(failure);
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Takes the screenshot; returns why it could not (no chromium, a crash), or undefined when it did. */
export function screenshot(
  page: string,
  output: string,
  size: { width: number; height: number },
): string | undefined {
  const chromium = process.env['CHROMIUM'] ?? 'chromium';
  const profile = mkdtempSync(path.join(tmpdir(), 'atbalsts-chromium-'));
  try {
    const result = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${output}`,
        `--window-size=${size.width},${size.height}`,
        `file://${page}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
    if (result.status === 0 && existsSync(output)) return undefined;
    return result.error?.message ?? result.stderr.toString().trim().split('\n').at(-1) ?? 'chromium failed';
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
