/**
 * The job's structured log (pino): one JSON object per line when stdout is piped (the journal,
 * a container's log collector), readable lines on a terminal. Secrets never reach it: URLs are
 * redacted before they are logged.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export function jobLogger(options: { pretty?: boolean } = {}): Logger {
  const readable = options.pretty ?? Boolean(process.stdout.isTTY);
  if (readable) {
    return pino(
      { base: null },
      pretty({
        colorize: !('NO_COLOR' in process.env),
        translateTime: 'SYS:yyyy-mm-dd HH:MM:ss',
        sync: true,
      }),
    );
  }
  return pino({ base: { service: 'resrecon' }, timestamp: pino.stdTimeFunctions.isoTime });
}
