/**
 * The Node versions the project says it runs on agree with what runs: package.json's `engines`,
 * the README, the machine running this test (CI and the machines: Node 20), the Lambda runtime,
 * and the one dependency whose own `engines` asks for more (aws-local-stepfunctions, Node 22),
 * whose one newer function the local runtime supplies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withResolvers } from '../../local/stepfunctions/promise-with-resolvers.ts';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const packageJson = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
};

/** `>=major.minor` as numbers; the only form this project's `engines` uses. */
function floorOf(range: string): [number, number] {
  const found = /^>=\s*(\d+)\.(\d+)(?:\.\d+)?$/.exec(range.trim());
  if (!found) throw new Error(`engines.node is not a plain ">=x.y" range: ${range}`);
  return [Number(found[1]), Number(found[2])];
}
const atLeast = (version: string, [major, minor]: [number, number]) => {
  const [have, haveMinor] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  return have > major || (have === major && haveMinor >= minor);
};

describe('the Node versions', () => {
  const floor = floorOf(packageJson.engines.node);

  it('package.json accepts the Node this runs on and the Lambda runtime, and the README states the same floor', () => {
    expect(atLeast(process.version, floor)).toBe(true);
    expect(atLeast('22.0', floor)).toBe(true);
    expect(read('infra/constructs/atbalsts-function.ts')).toMatch(/NODEJS_22_X/);
    expect(read('README.md')).toContain(`Node ${floor.join('.')} or newer`);
  });

  it('every dependency asking for a newer Node than ours is named in the README, with the reason', () => {
    const stricter = Object.entries(lock.packages)
      .filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => {
        const range = (entry.engines as { node: string }).node;
        const plain = /^>=\s*(\d+)\.(\d+)(?:\.\d+)?$/.exec(range.trim());
        return plain !== null && !atLeast(`${floor[0]}.${floor[1]}`, [Number(plain[1]), Number(plain[2])]);
      })
      .map(([name]) => name.replace(/^.*node_modules\//, ''));
    expect(stricter).toEqual(['aws-local-stepfunctions']);
    const readme = read('README.md').replace(/\s+/g, ' ');
    expect(readme).toContain('`EBADENGINE` warning, for `aws-local-stepfunctions`');
    expect(readme).toContain('`Promise.withResolvers`');
  });

  it('the one Node 22 function aws-local-stepfunctions calls is there on this Node, and it calls no other', async () => {
    const { promise, resolve } = withResolvers<number>();
    resolve(7);
    expect(await promise).toBe(7);
    const library = read('node_modules/aws-local-stepfunctions/build/main.node.esm.js');
    expect(library).toContain('withResolvers');
    // Functions that arrived after Node 20; any of them would need its own answer here.
    for (const newer of ['Array.fromAsync', 'Object.groupBy', 'Map.groupBy', 'Promise.try', '.isSubsetOf(']) {
      expect(library).not.toContain(newer);
    }
  });
});
