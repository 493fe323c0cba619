import { describe, expect, it } from 'vitest';
import { clientRelease } from './client-night.ts';

describe('clientRelease', () => {
  it('splits a client id at its last @ into the client and its release', () => {
    expect(clientRelease('ios-app@3.4.0')).toEqual({ client: 'ios-app', release: '3.4.0' });
    expect(clientRelease('partner@acme@2.1')).toEqual({ client: 'partner@acme', release: '2.1' });
  });

  it('treats an id without a release, or with an @ at either end, as a client without release', () => {
    expect(clientRelease('web')).toEqual({ client: 'web', release: null });
    expect(clientRelease('@web')).toEqual({ client: '@web', release: null });
    expect(clientRelease('web@')).toEqual({ client: 'web@', release: null });
  });
});
