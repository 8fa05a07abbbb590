/**
 * The pages' stylesheet and script: the committed module is what the sources build to now, and the
 * first visit stays small.
 */

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ASSETS } from '../../functions/pages/assets.ts';
import { buildPageAssets, GENERATED } from '../../scripts/pages-assets.ts';

describe('the pages’ assets', () => {
  it('are up to date with app.scss and enhance.ts (run npm run pages:assets after a change)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(buildPageAssets());
  }, 60_000);

  it('carry no crown, no GOV.UK font and no image of GOV.UK’s, and stay small', () => {
    expect(ASSETS.styles.body).not.toMatch(/crest|crown|GDS Transport|\.woff/i);
    expect(ASSETS.styles.body).not.toMatch(/url\(/);
    expect(gzipSync(ASSETS.styles.body).length).toBeLessThan(15_000);
    expect(gzipSync(ASSETS.script.body).length).toBeLessThan(2_000);
  });
});
