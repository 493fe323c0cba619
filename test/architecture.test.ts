/**
 * The layout as a test: every folder under src is a room whose index.ts is its contract (the
 * command line's is main.ts), and the table below is the one place that says which rooms each
 * may import. A room's index comment says the same in its "May import:" line, checked here too.
 * Tests and test/support may import anything.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** The rooms at the bottom, which every other room may import: they import nothing above them. */
const FLOOR = ['errors', 'io', 'model', 'sql'] as const;

/** Which rooms each room may import, besides itself. Keep it acyclic; say why an odd edge exists. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  io: ['errors'],
  model: ['errors'],
  sql: ['errors'],
  // rules: the threshold names, refused when the configuration loads.
  config: [...FLOOR, 'rules'],
  warehouse: [...FLOOR],
  simulate: [...FLOOR],
  source: [...FLOOR, 'config'],
  state: [...FLOOR, 'config'],
  mail: [...FLOOR, 'config'],
  rules: [...FLOOR, 'warehouse'],
  extract: [...FLOOR, 'config', 'source', 'warehouse'],
  reconcile: [...FLOOR, 'state'],
  feedback: [...FLOOR, 'config'],
  // reconcile: the bursts in report.json.
  reports: [...FLOOR, 'config', 'mail', 'reconcile', 'state'],
  alerts: [...FLOOR, 'config', 'mail'],
  decisions: [...FLOOR, 'reconcile', 'state'],
  execute: [...FLOOR, 'config', 'decisions', 'source', 'state'],
  pipeline: [
    ...FLOOR,
    'config',
    'extract',
    'feedback',
    'reconcile',
    'reports',
    'rules',
    'state',
    'warehouse',
  ],
  console: [...FLOOR, 'config', 'decisions', 'reports', 'state'],
  schedule: [...FLOOR, 'alerts', 'config', 'pipeline', 'state'],
  cli: [
    ...FLOOR,
    'config',
    'console',
    'decisions',
    'execute',
    'pipeline',
    'reports',
    'schedule',
    'simulate',
    'state',
  ],
};

/** Packages only some rooms may import. */
const DRIVERS: Readonly<Record<string, readonly string[]>> = {
  'better-sqlite3': ['state'],
  kysely: ['state'],
  // The booking database is read by source and extract and written by the simulator; the state
  // store may live in PostgreSQL.
  pg: ['source', 'extract', 'simulate', 'state'],
  'pg-copy-streams': ['source', 'extract', 'simulate'],
};

/** A room's contract: the one file other rooms may import. */
const entryOf = (room: string): string => (room === 'cli' ? 'cli/main.ts' : `${room}/index.ts`);

interface Import {
  /** The importing file, relative to src. */
  readonly file: string;
  readonly line: number;
  readonly specifier: string;
}

/** Every import and re-export of a file: static, type-only, side-effect and dynamic. */
function importsOf(file: string, text: string): Import[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((f) => ({
    file,
    line: text.slice(0, f.pos).split('\n').length,
    specifier: f.fileName,
  }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [relative(SRC, path)] : [];
  });
}

const rooms = readdirSync(SRC, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const imports = sourceFiles(SRC).flatMap((file) => importsOf(file, readFileSync(join(SRC, file), 'utf8')));
const roomOf = (file: string): string => file.split('/')[0]!;
const at = (i: Import): string => `${i.file}:${i.line} imports '${i.specifier}'`;

/** The imports of other rooms, with the room and the file (relative to src) they reach. */
function crossings(): { imp: Import; target: string; room: string }[] {
  return imports.flatMap((imp) => {
    if (!imp.specifier.startsWith('.')) return [];
    const target = relative(SRC, resolve(SRC, dirname(imp.file), imp.specifier));
    const room = roomOf(target);
    return room === roomOf(imp.file) ? [] : [{ imp, target, room }];
  });
}

/** The package an import names, e.g. `pg` for `pg/lib/client`, `@duckdb/node-api` for itself. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The rooms named on the "May import:" line of a room's contract comment. */
function declaredImports(room: string): string[] | null {
  const text = readFileSync(join(SRC, entryOf(room)), 'utf8');
  const header = /^\/\*\*([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
  const line = /May import: ([^.]*)\./.exec(header.replace(/\n\s*\*\s?/g, ' '))?.[1];
  if (line === undefined) return null;
  if (line.trim() === 'nothing') return [];
  return line
    .split(',')
    .map((s) => s.trim())
    .flatMap((s) => (s === 'the floor' ? [...FLOOR] : [s]))
    .sort();
}

describe('the architecture', () => {
  it('reads static, type-only, re-exported, side-effect and dynamic imports, and no text in comments or strings', () => {
    const text = [
      "import { a } from '../model/index.ts';",
      "import type { B } from '../state/store.ts';",
      "export { c } from './c.ts';",
      "import 'pg';",
      "const d = await import('../reports/index.ts');",
      "// import { e } from '../e.ts';",
      'const f = "from \'../f.ts\'";',
    ].join('\n');
    expect(importsOf('x/y.ts', text).map((i) => [i.line, i.specifier])).toEqual([
      [1, '../model/index.ts'],
      [2, '../state/store.ts'],
      [3, './c.ts'],
      [4, 'pg'],
      [5, '../reports/index.ts'],
    ]);
  });

  it('places every folder under src in the table of allowed imports', () => {
    expect(rooms).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('imports another folder only through its index.ts, and nothing outside src', () => {
    const past = crossings()
      .filter(({ target, room }) => target.startsWith('..') || target !== entryOf(room))
      .map(({ imp }) => at(imp));
    expect(past).toEqual([]);
  });

  it('imports only the folders its index comment allows', () => {
    const refused = crossings()
      .filter(({ imp, room }) => !(MAY_IMPORT[roomOf(imp.file)] ?? []).includes(room))
      .map(({ imp, room }) => `${at(imp)}, but ${roomOf(imp.file)} may not import ${room}`);
    expect(refused).toEqual([]);
  });

  it('keeps better-sqlite3 and kysely in the state store, and pg on the source side and in the state store', () => {
    const refused = imports
      .filter((imp) => {
        const pkg = packageOf(imp.specifier);
        const only = pkg === null ? undefined : DRIVERS[pkg];
        return only !== undefined && !only.includes(roomOf(imp.file));
      })
      .map(at);
    expect(refused).toEqual([]);
  });

  it('says in each index comment what the folder may import, as the table does', () => {
    for (const room of rooms) {
      expect(declaredImports(room), `${entryOf(room)}: its "May import:" line`).toEqual(
        [...(MAY_IMPORT[room] ?? [])].sort(),
      );
    }
  });

  it('allows no cycle between folders, with the floor importing nothing above it', () => {
    const seen = new Set<string>();
    const path: string[] = [];
    const cycles: string[] = [];
    const visit = (room: string): void => {
      if (path.includes(room)) {
        cycles.push([...path.slice(path.indexOf(room)), room].join(' -> '));
        return;
      }
      if (seen.has(room)) return;
      seen.add(room);
      path.push(room);
      for (const next of MAY_IMPORT[room] ?? []) visit(next);
      path.pop();
    };
    for (const room of Object.keys(MAY_IMPORT)) visit(room);
    expect(cycles).toEqual([]);
    for (const room of FLOOR) {
      expect(
        MAY_IMPORT[room]!.every((r) => (FLOOR as readonly string[]).includes(r)),
        room,
      ).toBe(true);
    }
  });
});
