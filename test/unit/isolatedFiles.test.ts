/**
 * Test files share worker processes and their imported modules (vitest.config.ts), except those
 * that replace a module: a vi.mock in a shared worker would miss a module another file imported
 * first, or leak its fake into the files after it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISOLATED } from '../../vitest.config.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

describe('test isolation', () => {
  it('runs every file that mocks a module in a process of its own, and only those', () => {
    const mocking = testFiles('test').filter((file) => /\bvi\.(?:mock|doMock)\(/.test(readFileSync(path.join(REPO, file), 'utf8')));
    expect(mocking.length).toBeGreaterThan(0);
    expect([...ISOLATED].sort()).toEqual(mocking.sort());
  });
});
