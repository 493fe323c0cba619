/**
 * Runs the real command line in this process and captures what it prints, with the working
 * folder and environment it should see restored afterwards. For exit statuses of a real
 * process, spawn bin/resrecon.js instead (test/cli.test.ts).
 */
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Working folder during the command. */
  readonly cwd?: string;
  /** Variables to set (a value of undefined removes the variable). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Standard output is a terminal during the command (what a person at a prompt sees). */
  readonly tty?: boolean;
}

export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const saved = { ...process.env };
  const cwd = process.cwd();
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  // What the command prints is captured, as a pipe would: it is not a terminal, whatever runs
  // the tests, so commands print their machine form unless asked (--format table).
  const isTTY = process.stdout.isTTY;
  process.stdout.isTTY = false;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (options.cwd) process.chdir(options.cwd);
  const wasTty = process.stdout.isTTY;
  if (options.tty !== undefined) process.stdout.isTTY = options.tty;
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.isTTY = wasTty;
    process.stdout.write = write.out;
    process.stdout.isTTY = isTTY;
    process.stderr.write = write.err;
    process.exitCode = undefined;
    process.chdir(cwd);
    process.env = saved;
  }
}
