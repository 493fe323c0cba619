/** A run id (or any text) as a file name part: only letters, digits, dot, dash and underscore. */
export function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
