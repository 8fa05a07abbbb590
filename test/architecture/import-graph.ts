/**
 * The project's import graph, read from the sources: every static `import … from`, `export … from`
 * and dynamic `import('…')` of a relative path. The project imports `.ts` files by their full
 * relative path (no index files, no path aliases), so a path resolves to exactly one file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCE_FOLDERS = ['functions', 'workflows', 'infra', 'local', 'cli', 'scripts', 'bench', 'bin', 'test'];

export interface SourceFile {
  /** Path from the project root, with forward slashes. */
  file: string;
  /** Relative imports, resolved to paths from the project root. */
  imports: string[];
  /** Package imports (bare specifiers), e.g. `zod` or `node:fs`. */
  packages: string[];
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function listSources(folder: string): string[] {
  const entries = readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const child = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listSources(child);
    return /\.(ts|tsx|js)$/.test(entry.name) ? [child] : [];
  });
}

export function readImportGraph(): SourceFile[] {
  return SOURCE_FOLDERS.flatMap(listSources).map((file) => {
    const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
    const imports: string[] = [];
    const packages: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.'))
        imports.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
      else packages.push(specifier);
    }
    return { file, imports, packages };
  });
}

/** The room a file lives in: its first two folders under functions/, local/ and infra/, else its first. */
export function roomOf(file: string): string {
  const parts = file.split('/');
  const nested = ['functions', 'local', 'infra'].includes(parts[0] ?? '') && parts.length > 2;
  return nested ? parts.slice(0, 2).join('/') : (parts[0] ?? file);
}

/** Every cycle of a directed graph, each as the path that closes it (Tarjan's components of size > 1 or self-loops). */
export function cyclesOf(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) closeComponent(node);
  };
  const closeComponent = (root: string): void => {
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== root);
    if (component.length > 1 || edges.get(root)?.has(root)) components.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return components;
}
