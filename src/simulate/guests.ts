/**
 * Guests and agencies. A guest is derived from its number alone (a hash, not the main generator),
 * so a returning guest always has the same name and address without keeping a million guests in
 * memory. People type their address differently from one booking to the next; `spell` produces
 * the variants (case, stray spaces) that normalisation must see through.
 */
import type { Prng } from './prng.ts';

const FIRST = [
  'Anna',
  'Liam',
  'Sofia',
  'Noah',
  'Emma',
  'Lukas',
  'Mia',
  'Mateo',
  'Olivia',
  'Hugo',
  'Chloe',
  'Yuki',
  'Hiro',
  'Aiko',
  'Priya',
  'Arjun',
  'Fatima',
  'Omar',
  'Elena',
  'Marco',
  'Giulia',
  'Pierre',
  'Camille',
  'Jonas',
  'Freya',
  'Lars',
  'Ingrid',
  'Mateusz',
  'Zofia',
  'Carlos',
  'Lucia',
  'James',
  'Grace',
  'Ethan',
  'Charlotte',
  'Daniel',
  'Amelia',
  'Wei',
  'Mei',
  'Chen',
  'Ava',
  'Leon',
  'Nora',
  'Felix',
  'Clara',
  'Samuel',
  'Isabel',
  'Tomás',
  'Inês',
  'Aisha',
  'Kwame',
  'Zanele',
  'Oliver',
  'Ruby',
  'Jack',
  'Maya',
  'Ben',
  'Lea',
];
const LAST = [
  'Berg',
  'Müller',
  'Schmidt',
  'Rossi',
  'Bianchi',
  'Martin',
  'Bernard',
  'Dubois',
  'García',
  'López',
  'Silva',
  'Santos',
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Wilson',
  "O'Brien",
  'Murphy',
  'Kowalski',
  'Nowak',
  'Andersson',
  'Johansson',
  'Nielsen',
  'Hansen',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Kim',
  'Park',
  'Wang',
  'Li',
  'Zhang',
  'Patel',
  'Sharma',
  'Khan',
  'Haddad',
  'Cohen',
  'Novak',
  'Horvat',
  'Papadopoulos',
  'Costa',
  'Ferreira',
  'Jansen',
  'de Vries',
  'Van den Berg',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
];
const DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com', 'post.example.net'];
const AGENCY_DOMAINS = [
  'globetrotter-travel',
  'acme-corp',
  'blueline-tours',
  'northwind-events',
  'contoso-travel',
  'fabrikam-group',
  'alpine-incentives',
  'sunrise-holidays',
  'metro-business-travel',
  'oceanic-tours',
];
const AGENCY_BOXES = ['reservations', 'travel', 'bookings', 'groups', 'events'];

export interface Person {
  readonly name: string;
  readonly email: string;
}

/** A 32-bit integer hash (murmur3 finaliser) of the seed and a number. */
function hash(seed: number, n: number, salt: number): number {
  let h = (Math.imul(n, 0x9e3779b1) ^ seed ^ Math.imul(salt, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

const FIRST_ASCII = FIRST.map(ascii);
const LAST_ASCII = LAST.map(ascii);

/** Guest number n of this seed: always the same person. */
export function guest(seed: number, n: number): Person {
  const fi = hash(seed, n, 1) % FIRST.length;
  const li = hash(seed, n, 2) % LAST.length;
  const first = FIRST[fi]!;
  const last = LAST[li]!;
  const a = FIRST_ASCII[fi]!;
  const b = LAST_ASCII[li]!;
  const domain = DOMAINS[hash(seed, n, 3) % DOMAINS.length]!;
  const style = hash(seed, n, 4) % 3;
  const local = style === 0 ? `${a}.${b}${n}` : style === 1 ? `${a.slice(0, 1)}${b}${n}` : `${b}.${a}.${n}`;
  return { name: `${first} ${last}`, email: `${local}@${domain}` };
}

/** Agency number n: one shared mailbox many travellers are booked under. */
export function agencyEmail(seed: number, n: number): string {
  const box = AGENCY_BOXES[hash(seed, n, 5) % AGENCY_BOXES.length]!;
  const domain = AGENCY_DOMAINS[n % AGENCY_DOMAINS.length]!;
  return `${box}@${domain}${n >= AGENCY_DOMAINS.length ? n : ''}.example.com`;
}

/** Given names by their first letter (without diacritics), for letters that begin two or more. */
const BY_INITIAL: readonly (readonly string[])[] = (() => {
  const groups = new Map<string, string[]>();
  for (const n of FIRST) groups.set(ascii(n).charAt(0), [...(groups.get(ascii(n).charAt(0)) ?? []), n]);
  return [...groups.values()].filter((names) => names.length >= 2);
})();

/** Two different given names that begin with the same letter ("Jan" and "Julie"), for one family. */
export function givenNamesSharingInitial(prng: Prng): readonly [string, string] {
  const names = prng.pick(BY_INITIAL);
  const a = prng.pick(names);
  const others = names.filter((n) => n !== a);
  return [a, prng.pick(others)];
}

/** A traveller's name for a multi-room or agency booking: fresh names from the main generator. */
export function travellerName(prng: Prng): string {
  return `${prng.pick(FIRST)} ${prng.pick(LAST)}`;
}

/** How a person typed their address this time: mostly as always, sometimes capitalised or padded. */
export function spell(prng: Prng, email: string, variation: number): string {
  if (!prng.chance(variation)) return email;
  switch (prng.int(0, 3)) {
    case 0:
      return email.charAt(0).toUpperCase() + email.slice(1);
    case 1:
      return email.toUpperCase();
    case 2:
      return `${email} `;
    case 3:
      return ` ${email.replace(/^(.)([^.]*)\./, (_m, a: string, b: string) => `${a.toUpperCase()}${b}.`)}`;
    default:
      throw new Error('unreachable spelling variant');
  }
}
