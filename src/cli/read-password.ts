/**
 * A password from standard input. On a terminal the typed characters are not shown (raw mode,
 * nothing echoed) and the password is asked twice, since a typo nobody can see would lock the
 * user out; piped, it is the first line, so scripts keep working.
 */
import { ConfigError } from '../errors/index.ts';

/** The parts of a terminal's standard input this reads; `process.stdin` has them all. */
export interface PasswordInput extends NodeJS.ReadableStream {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** Reads one line from a terminal in raw mode; Enter or Ctrl-D ends it, Ctrl-C cancels. */
function readHidden(input: PasswordInput, prompt: NodeJS.WritableStream, question: string): Promise<string> {
  prompt.write(question);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (): void => {
      input.removeListener('data', onData);
      input.pause();
      prompt.write('\n');
    };
    const onData = (chunk: string | Buffer): void => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(typed);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new ConfigError('cancelled: no user was added'));
          return;
        }
        // Backspace and Delete take back the last character; other control keys are ignored.
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The first line of a piped input. */
async function readFirstLine(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function readPassword(
  input: PasswordInput = process.stdin,
  prompt: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) return readFirstLine(input);
  // Raw before the first prompt and until the last answer: a terminal in its usual mode echoes
  // whatever is typed, even ahead of a prompt.
  input.setRawMode?.(true);
  input.setEncoding('utf8');
  try {
    const first = await readHidden(input, prompt, 'password (not shown as you type): ');
    const again = await readHidden(input, prompt, 'the same password again: ');
    if (first !== again) throw new ConfigError('the two passwords differ: no user was added');
    return first;
  } finally {
    input.setRawMode?.(false);
  }
}
