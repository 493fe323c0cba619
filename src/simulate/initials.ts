/**
 * A guest's name with only the initial of the given name, as some channels and GDS feeds write
 * it: "J. DUBOIS", "Dubois J", "J DUBOIS", "DUBOIS/J". A compatible initial proves neither the
 * same guest nor another one (root-causes.md, "Initials"), so a set that only an initial
 * separates is labelled undecidable. The surname keeps its letters; the initial is the given
 * name's first letter without diacritics.
 */
import { asciiFold } from './channel-name.ts';
import type { Prng } from './prng.ts';

const STYLES = { dotted: 30, surnameFirst: 25, plain: 20, gds: 25 } as const;

/** The name as a feed that keeps only the initial writes it ("Jan Dubois" -> "DUBOIS/J"). */
export function initialName(prng: Prng, name: string): string {
  const at = name.indexOf(' ');
  const given = at < 0 ? name : name.slice(0, at);
  const surname = at < 0 ? '' : name.slice(at + 1);
  const initial = asciiFold(given).charAt(0).toUpperCase();
  const style = prng.weighted(STYLES);
  switch (style) {
    case 'dotted':
      return `${initial}. ${prng.chance(0.5) ? surname.toUpperCase() : surname}`;
    case 'surnameFirst':
      return `${surname} ${initial}`;
    case 'plain':
      return `${initial} ${surname.toUpperCase()}`;
    case 'gds':
      return `${asciiFold(surname)
        .toUpperCase()
        .replace(/[^A-Z ]/g, '')}/${initial}`;
    default:
      throw new Error(`unknown initials style ${String(style)}`);
  }
}
