/**
 * A guest's email address as the booking data holds it, made fit to write to. Guests and agents
 * type a space after the address, spreadsheets add a tab, a channel upper-cases the domain: the
 * address is trimmed of surrounding white space (any Unicode space, as String.trim knows it) and
 * its domain lower-cased, since domains are case-insensitive. The local part keeps its case: a
 * mail server may tell "Jana" from "jana", and it is the guest's to choose. Grouping has its own
 * key (trimmed and lower-cased whole, GroupKey.email); this is the address a person or the
 * booking API's notification is sent to.
 */
export function guestAddress(raw: string): string {
  const address = raw.trim();
  const at = address.lastIndexOf('@');
  return at < 0 ? address : `${address.slice(0, at)}${address.slice(at).toLowerCase()}`;
}
