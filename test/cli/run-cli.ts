/** Runs the `atbalsts` command as a user does: a separate Node process, stdin in, exit code and output back. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(projectRoot, 'bin/atbalsts.js');

export function atbalsts(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: projectRoot,
    input: stdin,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
