/**
 * The rooms and the one direction data flows (docs/architecture.md), checked on the sources: no
 * import cycle between files or rooms, the domain imports only its libraries, and nothing that is
 * deployed imports the local system, the command line, scripts or tests.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, PROJECT_ROOT, readImportGraph, roomOf } from './import-graph.ts';

const graph = readImportGraph();

const edgesBetween = (key: (file: string) => string) => {
  const edges = new Map<string, Set<string>>();
  for (const { file, imports } of graph) {
    const from = key(file);
    const targets = edges.get(from) ?? new Set<string>();
    edges.set(from, targets);
    for (const target of imports) if (key(target) !== from || key === identity) targets.add(key(target));
  }
  return edges;
};
const identity = (file: string) => file;

/** Code that runs on AWS or defines what runs there. */
const DEPLOYED = ['functions/', 'workflows/', 'infra/'];
/** What deployed code must never reach. */
const NOT_DEPLOYED = ['local/', 'cli/', 'scripts/', 'bench/', 'test/', 'bin/'];
/** The domain's own libraries: validation, dates, and Node's built-ins for hashing. */
const DOMAIN_PACKAGES = /^(zod|temporal-polyfill|node:[a-z]+)$/;

describe('the import graph', () => {
  it('reads every relative import as a file that exists', () => {
    const missing = graph.flatMap(({ file, imports }) =>
      imports
        .filter((target) => !existsSync(path.join(PROJECT_ROOT, target)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(missing).toEqual([]);
    expect(graph.length).toBeGreaterThan(200);
  });

  it('has no cycle between files', () => {
    expect(cyclesOf(edgesBetween(identity))).toEqual([]);
  });

  it('has no cycle between rooms', () => {
    expect(cyclesOf(edgesBetween(roomOf))).toEqual([]);
  });

  it('keeps the domain pure: it imports only the domain and its libraries', () => {
    const outside = graph
      .filter(({ file }) => file.startsWith('functions/domain/'))
      .flatMap(({ file, imports, packages }) => [
        ...imports
          .filter((target) => !target.startsWith('functions/domain/'))
          .map((target) => `${file} -> ${target}`),
        ...packages.filter((name) => !DOMAIN_PACKAGES.test(name)).map((name) => `${file} -> ${name}`),
      ]);
    expect(outside).toEqual([]);
  });

  it('never lets deployed code import the local system, the command line, scripts or tests', () => {
    const leaks = graph
      .filter(({ file }) => DEPLOYED.some((folder) => file.startsWith(folder)))
      .flatMap(({ file, imports }) =>
        imports
          .filter((target) => NOT_DEPLOYED.some((folder) => target.startsWith(folder)))
          .map((target) => `${file} -> ${target}`),
      );
    expect(leaks).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cyclesOf(edges)).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf(new Map([['a', new Set(['b'])]]))).toEqual([]);
  });
});
