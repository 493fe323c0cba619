/**
 * The state store a command reads and decides in: the one this home was run with
 * (`config.localDir`), checked against the configured source. Every command but `run` opens it
 * here. When that is the embedded demo's store (nothing is configured and the home holds no
 * source's store) the command says so on stderr, so an empty answer is never mistaken for a
 * real source's, and the demo's local deciders are there to decide its plans.
 */
import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/index.ts';
import type { Store } from '../state/index.ts';
import { info } from './output.ts';

// The configuration, the store and the decision authority are loaded when a command runs, not
// when the program starts: `--help` and `--version` need none of them (src/cli/main.ts).

export async function commandConfig(program: Command): Promise<ResolvedConfig> {
  const { resolveConfig } = await import('../config/index.ts');
  return resolveConfig({ configPath: program.opts()['config'] as string | undefined });
}

/** Says so when the command reads the demo's store; returns whether it does. */
export async function noticeDemoStore(config: ResolvedConfig): Promise<boolean> {
  if (config.source.kind !== 'files' || !config.source.demo) return false;
  const { DEMO_DECIDERS } = await import('../decisions/index.ts');
  info(
    `DEMO DATA: no booking database is configured, so this reads the demo's store in ${config.localDir} ` +
      `(its deciders: ${DEMO_DECIDERS.map((d) => `${d.username}, ${d.role}`).join('; ')}). ` +
      'For a real source set RESRECON_SOURCE_URL, or RESRECON_HOME to the home its runs used.',
  );
  return true;
}

/** Opens the store (adding the demo's deciders to the demo's store) and closes it after `fn`. */
export async function openCommandStore(config: ResolvedConfig): Promise<Store> {
  const demo = await noticeDemoStore(config);
  const { openStore } = await import('../state/index.ts');
  const { addDemoDeciders } = await import('../decisions/index.ts');
  const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir, source: config.source });
  try {
    if (demo) await addDemoDeciders(store);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export async function withStore<T>(
  program: Command,
  fn: (store: Store, config: ResolvedConfig) => Promise<T>,
): Promise<T> {
  const config = await commandConfig(program);
  const store = await openCommandStore(config);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
