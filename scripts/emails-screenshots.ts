/**
 * `npm run emails:screenshots`: renders one email per recipient kind (coordinator, parent,
 * assistant) from the test fixtures and photographs each with headless Chromium from Debian's
 * `chromium` package (`apt-get install -y chromium`), into docs/emails/*.png. CI does not run it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderNotification } from '../functions/notify/render/kinds.ts';
import { sampleContext, sampleData } from '../test/notify/fixtures.ts';

const shots = [
  { file: 'coordinator-monthly-anomalies.lv.png', kind: 'monthly-anomalies', height: 1150 },
  { file: 'parent-plan-activated.lv.png', kind: 'plan-activated', height: 1050 },
  { file: 'assistant-pay-statement.lv.png', kind: 'pay-statement', height: 1000 },
] as const;

const chromium = process.env['CHROMIUM'] ?? 'chromium';
const outputDirectory = path.resolve(import.meta.dirname, '../docs/emails');
const work = mkdtempSync(path.join(tmpdir(), 'atbalsts-emails-'));
try {
  for (const shot of shots) {
    const email = renderNotification(shot.kind, sampleData[shot.kind], sampleContext('lv'));
    const page = path.join(work, `${shot.kind}.html`);
    writeFileSync(page, email.html);
    const profile = mkdtempSync(path.join(work, 'profile-'));
    const output = path.join(outputDirectory, shot.file);
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
        `--window-size=760,${shot.height}`,
        `file://${page}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
    if (result.status !== 0) {
      throw new Error(
        `chromium failed for ${shot.kind}: ${result.error?.message ?? result.stderr.toString().slice(-500)}`,
      );
    }
    console.log(`wrote docs/emails/${shot.file}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
