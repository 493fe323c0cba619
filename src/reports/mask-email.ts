/**
 * Guests' email addresses, masked for readers who do not need them (engineering): the first
 * letter and the domain stay, so a support engineer can still tell two guests apart.
 */
// A local part of any of the characters an address may hold unquoted (RFC 5322's atext and
// dots, letters of any script with their combining marks and joiners), but for "/": a client id
// like "concierge/jana@…" keeps its prefix.
const LOCAL = "[\\p{L}\\p{M}\\p{N}\\u200c\\u200d.!#$%&'*+=?^_`{|}~-]";
const EMAIL = new RegExp(`(${LOCAL})${LOCAL}*@([\\p{L}\\p{M}\\p{N}.-]+\\.\\p{L}{2,})`, 'gu');

/** "jana.novakova@example.com" -> "j***@example.com". Anything not an address comes back masked whole. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Masks every address inside free text, such as an evidence sentence. */
export function maskEmailsIn(text: string): string {
  return text.replace(EMAIL, (_all, first: string, domain: string) => `${first}***@${domain}`);
}
