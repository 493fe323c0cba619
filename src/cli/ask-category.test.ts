import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askCategory, type CategoryInput, categoryFromAnswer } from './ask-category.ts';

function terminal(lines: string[]): { input: CategoryInput; output: PassThrough; shown: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (c) => {
    shown += String(c);
  });
  input.end(lines.map((l) => `${l}\n`).join(''));
  return { input, output, shown: () => shown };
}

describe('asking for a rejection category', () => {
  it('takes a number of the list or a category name, and nothing else', () => {
    expect(categoryFromAnswer('1')).toBe('not-a-duplicate');
    expect(categoryFromAnswer(' Wrong-Amount ')).toBe('wrong-amount');
    expect(categoryFromAnswer('5')).toBe('other');
    expect(categoryFromAnswer('6')).toBeNull();
    expect(categoryFromAnswer('maybe')).toBeNull();
  });

  it('lists the categories on a terminal and asks again after an answer that names none', async () => {
    const t = terminal(['maybe', '4']);
    expect(await askCategory(t.input, t.output)).toBe('already-handled');
    expect(t.shown()).toContain('1. not-a-duplicate: not a duplicate: rooms booked on purpose');
    expect(t.shown()).toContain('not one of the list');
  });

  it('refuses after three answers that name no category, rejecting nothing', async () => {
    const t = terminal(['x', 'y', 'z']);
    await expect(askCategory(t.input, t.output)).rejects.toThrow(/no reason category chosen/);
  });

  it('asks nothing when the input is not a terminal', async () => {
    const input = new PassThrough();
    expect(await askCategory(input, new PassThrough())).toBeNull();
  });
});
