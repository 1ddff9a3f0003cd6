import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The recorded data lives in shared/data beside the repository, not inside
 * it, and CI clones the repository under another name. So look upward for
 * the repository root (the folder with package.json) and step beside it.
 */
export function sharedData(...parts: string[]): string {
  const root = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  const dir = path.resolve(root, '..', 'shared', 'data');
  if (!existsSync(dir)) {
    throw new Error(`Recorded data not found at ${dir}; clone shared/ beside the repo`);
  }
  return path.join(dir, ...parts);
}

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
