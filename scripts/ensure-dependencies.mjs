#!/usr/bin/env node
// Runs before `npm start` and `npm test` (the prestart and pretest scripts), so that either works
// as the very first command on a fresh clone: when node_modules is missing, or was installed from
// another package-lock.json than the one checked out, it runs `npm ci` and says so in one line.
// Plain Node with no dependencies of its own: it must run before any are installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lockFile = path.join(root, 'package-lock.json');
// npm ci empties node_modules first, so a stamp inside it never outlives the install it describes.
const stampFile = path.join(root, 'node_modules', '.atbalsts-installed-lock');

const lockHash = createHash('sha256').update(readFileSync(lockFile)).digest('hex');
const installedHash = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : undefined;

if (installedHash !== lockHash) {
  const reason = existsSync(path.join(root, 'node_modules'))
    ? 'differ from package-lock.json'
    : 'are missing';
  process.stdout.write(
    `Atbalsts: the dependencies ${reason}; installing them with npm ci (once, about a minute).\n`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('Atbalsts: npm ci failed; see the messages above.\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, `${lockHash}\n`);
}
