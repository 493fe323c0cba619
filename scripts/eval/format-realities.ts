/** The per-reality tables and the targets, as the evaluation prints them. */
import type { RealityScore, VariantScore } from './score-realities.ts';
import type { Target } from './targets.ts';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const of = (n: number, d: number): string => `${n}/${d}`;

function table(head: readonly string[], rows: readonly (readonly string[])[], first: number): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(Math.max(first, widths[i]!)) : c.padStart(widths[i]! + 2))).join('');
  return [line(head), ...rows.map(line)];
}

function variantRow(v: VariantScore): string[] {
  return [
    v.variant,
    String(v.sets),
    String(v.foundExactly),
    v.sets ? pct(v.foundExactly / v.sets) : '-',
    v.withLogs ? `${pct(v.rightWithLogs / v.withLogs)} of ${v.withLogs}` : '-',
    String(v.doubted),
    String(v.bulkApprovable),
    of(v.missedCopies, v.copies),
    of(v.plansExact, v.foundExactly),
    String(v.wrongRefunds),
    v.decidable ? `${pct(v.settled / v.decidable)} of ${v.decidable}` : '-',
    v.undecidable ? `${v.undecidableDoubted} of ${v.undecidable}` : '-',
  ];
}

const counts = (m: Readonly<Record<string, number>>): string =>
  Object.entries(m)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || 'none';

export function formatRealities(r: RealityScore): string {
  const lines: string[] = ['duplicate sets by variant (one reality of real traffic per set)'];
  lines.push(
    ...table(
      [
        'variant',
        'sets',
        'found exactly',
        'recall',
        'cause accuracy (logs)',
        'doubted',
        'bulk-approvable',
        'missed copies',
        'plans exact',
        'wrong refunds',
        'settled (decidable)',
        'undecidable doubted',
      ],
      [...r.variants, r.all].map(variantRow),
      22,
    ),
  );
  lines.push(
    'settled: found exactly, cause right, plan exact and no human diagnosis needed (needsDiagnosis); ' +
      'wrong refunds: refunds of payments the truth expects none of, outside doubted sets',
  );
  lines.push(
    `not settled, of ${r.all.decidable} decidable sets: ${counts(r.all.unsettled)}` +
      (r.all.unsettled['needs diagnosis'] > 0 ? ` (diagnosis: ${counts(r.all.diagnosisWhy)})` : ''),
  );
  if (r.all.undecidable > 0)
    lines.push(
      `undecidable: doubted ${r.all.undecidableDoubted} of ${r.all.undecidable}, bulk-approvable ${r.all.undecidableBulk}`,
    );
  const confused = [...r.variants]
    .filter((v) => Object.keys(v.confusion).length > 0)
    .map(
      (v) =>
        `${v.variant}: ${Object.entries(v.confusion)
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
    );
  lines.push(`cause confusion: ${confused.length ? confused.join('; ') : 'none'}`);
  lines.push('');
  lines.push('look-alike groups by kind (rooms booked on purpose)');
  lines.push(
    ...table(
      [
        'kind',
        'groups',
        'indistinguishable',
        'labelled DUPLICATE',
        'doubted (indistinguishable)',
        'bulk-approvable',
        'refunds on intended (in doubted sets)',
        'voids on intended (in doubted sets)',
      ],
      r.kinds.map((k) => [
        k.kind,
        String(k.groups),
        String(k.indistinguishable),
        String(k.labelledDuplicate),
        `${k.doubted} (${k.doubtedIndistinguishable})`,
        String(k.bulkApprovable),
        `${k.refunds} (${k.refundsDoubted})`,
        `${k.voids} (${k.voidsDoubted})`,
      ]),
      22,
    ),
  );
  lines.push(
    'labelled DUPLICATE: two or more intended bookings in one DUPLICATE set, except an indistinguishable group that is only doubted',
  );
  if (r.planFailures.length)
    lines.push(
      `sets the planner refused: ${r.planFailures.map((f) => `${f.setId} (${f.error})`).join('; ')}`,
    );
  return lines.join('\n');
}

export function formatTargets(name: string, targets: readonly Target[]): string {
  const pass = targets.every((t) => t.pass);
  return [
    `${name}: ${pass ? 'PASS' : 'FAIL'}`,
    ...targets.map((t) => `  ${t.pass ? 'pass' : 'FAIL'}  ${t.name}: ${t.detail}`),
  ].join('\n');
}
