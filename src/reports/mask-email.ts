/**
 * Guests' email addresses, masked for readers who do not need them (engineering): the first
 * letter and the domain stay, so a support engineer can still tell two guests apart.
 */
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

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
