import { describe, expect, it } from 'vitest';
import { occupantBuckets, occupantKeys, sameOccupant } from './occupant.ts';

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
