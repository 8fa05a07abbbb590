/**
 * `npm run emails:screenshots`: renders one email per recipient kind (coordinator, parent,
 * assistant) from the test fixtures and photographs each with headless Chromium from Debian's
 * `chromium` package (`apt-get install -y chromium`), into docs/emails/*.png. CI does not run it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderNotification } from '../functions/notify/render/kinds.ts';
import { screenshot } from './chromium.ts';
import { sampleContext, sampleData } from './email-samples.ts';

const shots = [
  { file: 'coordinator-monthly-anomalies.lv.png', kind: 'monthly-anomalies', height: 1150 },
  { file: 'parent-plan-activated.lv.png', kind: 'plan-activated', height: 1050 },
  { file: 'assistant-pay-statement.lv.png', kind: 'pay-statement', height: 1000 },
] as const;

const outputDirectory = path.resolve(import.meta.dirname, '../docs/emails');
const work = mkdtempSync(path.join(tmpdir(), 'atbalsts-emails-'));
try {
  for (const shot of shots) {
    const email = renderNotification(shot.kind, sampleData[shot.kind], sampleContext('lv'));
    const page = path.join(work, `${shot.kind}.html`);
    writeFileSync(page, email.html);
    const output = path.join(outputDirectory, shot.file);
    const failure = screenshot(page, output, { width: 760, height: shot.height });
    if (failure) throw new Error(`chromium failed for ${shot.kind}: ${failure}`);
    console.log(`wrote docs/emails/${shot.file}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
