/**
 * The Handlebars templates in templates/, loaded by path into two private environments: HTML
 * (every {{ }} escaped; data never goes through {{{ }}}) and plain text (noEscape, since the text
 * part is not HTML and "&amp;" there would be wrong). Partials are the files in partials/ and text/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { AUDIENCES, type Audience } from './types.ts';

export const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export type Template = (context: object) => string;

export interface Templates {
  readonly html: Readonly<Record<Audience, Template>>;
  readonly text: Readonly<Record<Audience, Template>>;
}

function read(path: string): string {
  return readFileSync(`${TEMPLATE_DIR}${path}`, 'utf8');
}

function partials(env: typeof Handlebars, dir: string, skip: readonly string[] = []): void {
  for (const file of readdirSync(`${TEMPLATE_DIR}${dir}`)) {
    const name = basename(file, '.hbs');
    if (file.endsWith('.hbs') && !skip.includes(name)) env.registerPartial(name, read(`${dir}/${file}`));
  }
}

let cached: Templates | undefined;

export function loadTemplates(): Templates {
  if (cached) return cached;
  const html = Handlebars.create();
  partials(html, 'partials');
  const text = Handlebars.create();
  partials(text, 'text', AUDIENCES);
  const compile = (env: typeof Handlebars, path: string, noEscape: boolean): Template => {
    const t = env.compile(read(path), { strict: false, noEscape });
    return (context) => t(context);
  };
  cached = {
    html: Object.fromEntries(AUDIENCES.map((a) => [a, compile(html, `${a}.hbs`, false)])) as Record<
      Audience,
      Template
    >,
    text: Object.fromEntries(AUDIENCES.map((a) => [a, compile(text, `text/${a}.hbs`, true)])) as Record<
      Audience,
      Template
    >,
  };
  return cached;
}
