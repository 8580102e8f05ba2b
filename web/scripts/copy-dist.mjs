// Copies the browser builds that LiveServer's pages load from node_modules into
// src/LiveServer.Api/wwwroot/lib, and records which package-lock.json they came from so that
// scripts/setup.sh can tell when they are stale. Nothing else of node_modules is served.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? join(web, '..', 'src', 'LiveServer.Api', 'wwwroot', 'lib');

const files = [
  ['hls.js/dist/hls.min.js', 'hls.min.js'],
  ['hls.js/LICENSE', 'hls.js.LICENSE.txt'],
  ['@microsoft/signalr/dist/browser/signalr.min.js', 'signalr.min.js'],
];

mkdirSync(target, { recursive: true });
for (const [from, to] of files) {
  copyFileSync(join(web, 'node_modules', from), join(target, to));
}

const lock = createHash('sha256').update(readFileSync(join(web, 'package-lock.json'))).digest('hex');
writeFileSync(join(target, 'package-lock.sha256'), lock + '\n');
console.log(`web: copied ${files.map(([, to]) => to).join(', ')} to ${relative(join(web, '..'), target) || '.'}`);
