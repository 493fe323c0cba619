import { describe, expect, it } from 'vitest';
import { occupantBuckets, occupantGuests, occupantKeys, sameOccupant } from './occupant.ts';

/** Pairs a channel or a re-delivery writes for one guest. */
const SAME: readonly [string, string][] = [
  ['Jana Nováková', 'NOVAKOVA/JANA'],
  ['Jana Nováková', 'Novakova, Jana'],
  ['Jana Nováková', 'JANA NOVAKOVA'],
  ['Markus Müller', 'MULLER/MARKUS'],
  ['Markus Müller', 'MUELLER/MARKUS MR'],
  ['Søren Kierkegaard', 'KIERKEGAARD/SOREN'],
  ['Łukasz Żółć', 'ZOLC/LUKASZ'],
  ['Siobhán O’Connor', "O'CONNOR/SIOBHAN MS"],
  ['Siobhán O’Connor', 'OConnor, Siobhan'],
  ['José María García', 'GARCIA/JOSE MARIA'],
  ['Anne-Marie Dupont', 'DUPONT/ANNE MARIE MRS'],
  ['  John   Smith ', 'Mr. John Smith'],
  ['Nguyễn Văn Thành', 'NGUYEN/VAN THANH'],
  ['Zoë Brontë', 'Zoe Bronte'],
  ['Dr Priya Raman', 'RAMAN/PRIYA'],
  ['Straße Hans', 'STRASSE/HANS'],
];

/** Pairs that are different people, however alike. */
const DIFFERENT: readonly [string, string][] = [
  ['John Smith', 'Jane Smith'],
  ['John Smith', 'John Smyth'],
  ['John Smith', 'J. Smith'],
  ['John Smith', 'J Smith'],
  ['John Smith', 'John Paul Smith'],
  ['Maria Garcia', 'Mario Garcia'],
  ['Anna Müller', 'Anna Miller'],
  ['Kenji Sato', 'Kenta Sato'],
  ['Lea Haddad', 'Leah Haddad'],
  ['Mueller Hans', 'Muller Hans'],
];

describe('sameOccupant', () => {
  it.each(SAME)('takes %j and %j for one guest', (a, b) => {
    expect(sameOccupant(a, b)).toBe(true);
    expect(sameOccupant(b, a)).toBe(true);
  });

  it.each(DIFFERENT)('keeps %j and %j apart', (a, b) => {
    expect(sameOccupant(a, b)).toBe(false);
  });

  it('has no key for a missing or blank name, and two missing names are alike', () => {
    expect(occupantKeys(null)).toEqual([]);
    expect(occupantKeys('   ')).toEqual([]);
    expect(sameOccupant(null, '')).toBe(true);
    expect(sameOccupant(null, 'John Smith')).toBe(false);
  });

  it('keeps a name that is only a title rather than making it no name', () => {
    expect(occupantKeys('Sir')).toEqual(['sir']);
  });
});

describe('occupantBuckets', () => {
  it('puts every way of writing one guest in one bucket and other guests in theirs', () => {
    const names = ['Markus Müller', 'MUELLER/MARKUS', 'MULLER, MARKUS', 'Anna Müller', null, ''];
    const b = occupantBuckets(names);
    expect(new Set([b.get('Markus Müller'), b.get('MUELLER/MARKUS'), b.get('MULLER, MARKUS')]).size).toBe(1);
    expect(b.get('Anna Müller')).not.toBe(b.get('Markus Müller'));
    expect(b.get(null)).toBe('');
    expect(b.get('')).toBe('');
  });
});

describe('occupantGuests: names that only an initial or a missing part separates', () => {
  it.each(['J. DUBOIS', 'Dubois J', 'J DUBOIS', 'DUBOIS/J', 'Dubois, J.', 'DUBOIS', 'Jan D.'])(
    'puts %j with "Jan Dubois" and says so in a doubt',
    (partial) => {
      const { bucketOf, doubts } = occupantGuests(['Jan Dubois', partial]);
      expect(bucketOf.get(partial)).toBe(bucketOf.get('Jan Dubois'));
      const doubt = doubts.get(bucketOf.get('Jan Dubois')!);
      expect(doubt).toMatchObject({ partialNames: [partial], fullNames: ['Jan Dubois'] });
      expect(doubt!.detail).toContain(`"${partial.trim()}"`);
      expect(doubt!.detail).toContain('"Jan Dubois"');
    },
  );

  it('tells an initial from a part left out', () => {
    const initial = occupantGuests(['Jan Dubois', 'Dubois, J.']);
    expect([...initial.doubts.values()][0]!.detail).toBe(
      'only an initial separates "Dubois, J." from "Jan Dubois"',
    );
    const surname = occupantGuests(['Jan Dubois', 'DUBOIS']);
    expect([...surname.doubts.values()][0]!.detail).toBe(
      '"DUBOIS" is "Jan Dubois" with part of the name left out',
    );
  });

  it('keeps full given names that differ two guests, with no doubt', () => {
    const { bucketOf, doubts } = occupantGuests(['Jan Dubois', 'Julie Dubois']);
    expect(bucketOf.get('Jan Dubois')).not.toBe(bucketOf.get('Julie Dubois'));
    expect(doubts.size).toBe(0);
  });

  it('keeps names whose initials differ, or that share no whole word, apart with no doubt', () => {
    for (const [a, b] of [
      ['Jan Dubois', 'K. Dubois'],
      ['Jan Dubois', 'J. Durand'],
      ['John Smith', 'John Smyth'],
      ['Jan Dubois', 'J. D.'],
    ] as const) {
      const { bucketOf, doubts } = occupantGuests([a, b]);
      expect(bucketOf.get(a)).not.toBe(bucketOf.get(b));
      expect(doubts.size).toBe(0);
    }
  });

  it('puts every partial writing of one guest with the guest, and other guests apart', () => {
    const names = ['Jan Dubois', 'J. DUBOIS', 'DUBOIS/JAN MR', 'Anna Berg', null];
    const { bucketOf, doubts } = occupantGuests(names);
    expect(new Set(['Jan Dubois', 'J. DUBOIS', 'DUBOIS/JAN MR'].map((n) => bucketOf.get(n))).size).toBe(1);
    expect(bucketOf.get('Anna Berg')).not.toBe(bucketOf.get('Jan Dubois'));
    expect(bucketOf.get(null)).toBe('');
    expect(doubts.get(bucketOf.get('Jan Dubois')!)!.fullNames).toEqual(['DUBOIS/JAN MR', 'Jan Dubois']);
  });

  it('puts an initial that fits two guests with the one booked nearest in time, keeps the two apart and names both', () => {
    const times = new Map<string | null, number[]>([
      ['Jan Dubois', [1_000]],
      ['Julie Dubois', [60_000]],
      ['J. Dubois', [61_400]],
    ]);
    const { bucketOf, doubts } = occupantGuests(['Jan Dubois', 'Julie Dubois', 'J. Dubois'], times);
    expect(bucketOf.get('Jan Dubois')).not.toBe(bucketOf.get('Julie Dubois'));
    expect(bucketOf.get('J. Dubois')).toBe(bucketOf.get('Julie Dubois'));
    const doubt = doubts.get(bucketOf.get('Julie Dubois')!)!;
    expect(doubt.detail).toContain('only an initial separates "J. Dubois" from "Julie Dubois"');
    expect(doubt.detail).toContain('it fits "Jan Dubois" and "Julie Dubois" alike');
    expect(doubt.detail).toContain('may be a copy of either or another guest');
    expect(doubts.size).toBe(1);
  });

  it('decides the same whatever order the names arrive in', () => {
    const names = ['Jan Dubois', 'Julie Dubois', 'J. Dubois', 'Dubois'];
    const a = occupantGuests(names);
    const b = occupantGuests([...names].reverse());
    expect([...a.bucketOf].sort()).toEqual([...b.bucketOf].sort());
    expect([...a.doubts].sort()).toEqual([...b.doubts].sort());
  });
});
