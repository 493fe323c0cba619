import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRules, prepareThresholds } from './load-rules.ts';

const CATALOG = new URL('./catalog/', import.meta.url);
const PREPARE = new URL('./sql/prepare.json', import.meta.url);

interface Declaration {
  thresholds: Record<string, number>;
  why?: Record<string, string>;
}
const declarations = (): [string, Declaration][] => [
  ...readdirSync(CATALOG)
    .filter((f) => f.endsWith('.json'))
    .map((f): [string, Declaration] => [
      `catalog/${f}`,
      JSON.parse(readFileSync(new URL(f, CATALOG), 'utf8')),
    ]),
  ['sql/prepare.json', JSON.parse(readFileSync(PREPARE, 'utf8'))],
];

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** A catalog of one rule with the given declaration, in a fresh folder. */
function catalogOf(declaration: object): URL {
  dir = mkdtempSync(join(tmpdir(), 'resrecon-catalog-'));
  writeFileSync(join(dir, 'probe.json'), JSON.stringify(declaration));
  writeFileSync(join(dir, 'probe.sql'), 'SELECT 1');
  return pathToFileURL(`${dir}/`);
}
const probe = {
  id: 'probe',
  cause: 'NO_KEY',
  precedence: 99,
  description: 'a probe',
  thresholds: { gap_ms: 1000 },
};

describe('threshold justifications', () => {
  it('gives every threshold of the catalog and the preparation its why, and no why lacks its threshold', () => {
    const all = declarations();
    expect(all.length).toBeGreaterThan(1);
    for (const [file, d] of all) {
      const whys = d.why ?? {};
      expect(Object.keys(whys).sort(), `${file}: a why per threshold, no other`).toEqual(
        Object.keys(d.thresholds).sort(),
      );
      for (const [name, why] of Object.entries(whys)) {
        expect(why.trim().length, `${file}: why of ${name}`).toBeGreaterThan(20);
        expect(why, `${file}: why of ${name} is one line`).not.toMatch(/\n/);
      }
    }
  });

  it('loads each rule with the whys of its thresholds and the preparation with its own', () => {
    const rules = loadRules();
    for (const rule of rules)
      expect(Object.keys(rule.why).sort()).toEqual(Object.keys(rule.thresholds).sort());
    expect(Object.keys(prepareThresholds())).toEqual(
      expect.arrayContaining(['late_commit_max_ms', 'link_clock_tolerance_ms', 'link_slack_ms']),
    );
  });

  it('accepts the measured-precision settings beside the thresholds, and never makes them a rule threshold', () => {
    const rules = loadRules({ minPrecision: 0.8, precisionDays: 14, minDecisions: 5 });
    for (const r of rules) {
      expect(Object.keys(r.thresholds)).not.toContain('minPrecision');
      expect(Object.keys(r.thresholds)).not.toContain('precisionDays');
    }
    expect(() => loadRules({ minPrecisio: 0.8 })).toThrow(/unknown rule threshold "minPrecisio"/);
  });

  it('refuses a rule whose threshold has no why', () => {
    expect(() => loadRules({}, catalogOf({ ...probe, why: {} }))).toThrow(
      /threshold\(s\) without a why: gap_ms/,
    );
    expect(() => loadRules({}, catalogOf(probe))).toThrow(/probe\.json is invalid/);
  });

  it('refuses a why that justifies no threshold', () => {
    expect(() =>
      loadRules(
        {},
        catalogOf({ ...probe, why: { gap_ms: 'a retry comes within a second', gap_s: 'stray' } }),
      ),
    ).toThrow(/why without a threshold: gap_s/);
  });
});
