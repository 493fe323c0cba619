/**
 * A guest's name as a channel manager or a GDS-fed system writes it: "SURNAME/GIVEN MR",
 * "Surname, Given", all capitals, ASCII without diacritics, stray spaces, or a title in front.
 * Only the writing changes, never the person: the given name and the surname stay the same
 * letters. Names here are "Given Surname", the surname possibly several words ("de Vries").
 */
import type { Prng } from './prng.ts';

const STYLES = { slash: 30, capitals: 20, comma: 15, title: 15, ascii: 10, spaces: 10 } as const;
type Style = keyof typeof STYLES;
const TITLES = ['MR', 'MRS', 'MS', 'Mr', 'Mrs', 'Ms'] as const;

/** Diacritics removed, as a 7-bit channel sends them ("Müller" -> "Muller"). */
export function asciiFold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

function write(prng: Prng, style: Style, given: string, surname: string): string {
  switch (style) {
    case 'slash': {
      const gds = (s: string): string =>
        asciiFold(s)
          .toUpperCase()
          .replace(/[^A-Z ]/g, '');
      return `${gds(surname)}/${gds(given)}${prng.chance(0.5) ? ` ${prng.pick(TITLES.slice(0, 3))}` : ''}`;
    }
    case 'capitals':
      return `${given} ${surname}`.toUpperCase();
    case 'comma':
      return `${surname}, ${given}`;
    case 'title':
      return `${prng.pick(TITLES)} ${given} ${surname}`;
    case 'ascii':
      return asciiFold(`${given} ${surname}`);
    case 'spaces':
      return `${prng.chance(0.5) ? ' ' : ''}${given}  ${surname.replaceAll(' ', '  ')}${prng.chance(0.6) ? ' ' : ''}`;
    default:
      throw new Error(`unknown name style ${String(style)}`);
  }
}

/** The name as a channel writes it; always written differently from `name`. */
export function channelName(prng: Prng, name: string): string {
  const at = name.indexOf(' ');
  const given = at < 0 ? name : name.slice(0, at);
  const surname = at < 0 ? '' : name.slice(at + 1);
  const first = prng.weighted(STYLES);
  const written = write(prng, first, given, surname);
  // ASCII or capitals can leave a name as it was ("Anna Berg" has nothing to fold).
  return written !== name ? written : write(prng, 'spaces', given, surname);
}
