/**
 * Links into the ops console, for the reports and the alerts: only for an http(s) base URL, so a
 * configured `javascript:` URL never becomes a link; null when no console is configured.
 */
export function consoleLink(consoleUrl: string | null, path: `/${string}`): string | null {
  if (!consoleUrl) return null;
  let base: URL;
  try {
    base = new URL(consoleUrl);
  } catch {
    return null;
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return null;
  return `${consoleUrl.replace(/\/+$/, '')}${path}`;
}

/** A plan's page in the console; null without one. */
export function planLink(consoleUrl: string | null, planId: string): string | null {
  return consoleLink(consoleUrl, `/plans/${encodeURIComponent(planId)}`);
}

/** A set's page in the console (it opens the set's current plan); null without a console. */
export function setLink(consoleUrl: string | null, setId: string): string | null {
  return consoleLink(consoleUrl, `/sets/${encodeURIComponent(setId)}`);
}

/**
 * The console's plan list narrowed to these sets (e.g. a regression's examples): each set's
 * current plan, or its latest once none is current, as setLink opens; null without a console.
 */
export function setsLink(consoleUrl: string | null, setIds: readonly string[]): string | null {
  if (setIds.length === 0) return null;
  return consoleLink(consoleUrl, `/plans?set=${setIds.map(encodeURIComponent).join(',')}`);
}
