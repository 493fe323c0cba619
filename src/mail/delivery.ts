/** What happened to one message, by its audience label. `file` is its .eml in the outbox. */
export type Delivery<L extends string = string> =
  | {
      readonly audience: L;
      readonly status: 'sent';
      readonly file: string;
      readonly recipients: readonly string[];
      readonly messageId: string;
    }
  | {
      readonly audience: L;
      readonly status: 'written' | 'skipped-no-recipients';
      readonly file: string;
      readonly recipients: readonly string[];
    }
  | {
      readonly audience: L;
      readonly status: 'failed';
      readonly file: string;
      readonly recipients: readonly string[];
      readonly error: Error;
    };
