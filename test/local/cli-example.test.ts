/**
 * `atbalsts example`, what `npm start` printed before the local system: the examples in
 * docs/examples/ settled and printed as tables, exit code 0; an extra argument is a usage error.
 */
import { describe, expect, it } from 'vitest';
import { atbalsts } from '../cli/run-cli.ts';

describe('atbalsts example', () => {
  it('prints the example month as a table', () => {
    const { code, stdout } = atbalsts(['example']);
    expect(code).toBe(0);
    expect(stdout).toContain('== docs/examples/settle-case.json');
    expect(stdout).toContain('Paid: 80 h, EUR 408,89');
    expect(stdout).toContain('MONTH_CAP');
  });

  it('takes no arguments', () => {
    const { code, stderr } = atbalsts(['example', 'more']);
    expect(code).toBe(64);
    expect(stderr).toContain('Unexpected argument: more');
  });

  it('is listed in the usage', () => {
    expect(atbalsts(['--help']).stdout).toMatch(/example .*\n.*\n?\s*clock/);
  });
});
