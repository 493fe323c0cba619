/** The console's pages: Handlebars templates under templates/console, each inside the layout. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { TEMPLATE_DIR } from '../reports/index.ts';

const PAGES = ['login', 'plans', 'plan', 'audit', 'runs', 'rules', 'error'] as const;
const PARTS = ['audit-detail'] as const;

export interface ConsoleViews {
  render(view: string, context: Record<string, unknown>): string;
}

export function consoleViews(): ConsoleViews {
  // A separate environment: the reports' helpers and partials stay theirs.
  const hb = Handlebars.create();
  const load = (name: string) => readFileSync(join(TEMPLATE_DIR, 'console', `${name}.hbs`), 'utf8');
  // Each page is a partial the layout includes by name: no value is ever inserted unescaped.
  for (const p of PAGES) hb.registerPartial(`page-${p}`, load(p));
  // Pieces more than one page uses.
  for (const p of PARTS) hb.registerPartial(p, load(p));
  // The page's name travels as template data, not in the context, so no page's own values
  // (the plan list's page number is `page`) can take its place.
  hb.registerHelper('view', (options: Handlebars.HelperOptions) => String(options.data?.['view']));
  const layout = hb.compile(load('layout'));
  return {
    render(view, context) {
      if (!(PAGES as readonly string[]).includes(view)) throw new Error(`no console view ${view}`);
      return layout(context, { data: { view: `page-${view}` } });
    },
  };
}
