import { describe, expect, it } from 'vitest';
import { longNight } from '../../test/support/long-night.ts';
import { sampleReport } from '../../test/support/sample-run.ts';
import type { Regression, RunReport } from '../model/index.ts';
import { EMAIL_HTML_BUDGET, renderReports } from './render-reports.ts';

function regression(i: number, over: Partial<Regression> = {}): Regression {
  return {
    client: `client-${i}`,
    release: `${i}.1.0`,
    firstNight: { from: '2026-11-25T03:00:00.000Z', to: '2026-11-26T03:00:00.000Z' },
    lastNight: { from: '2026-11-26T03:00:00.000Z', to: '2026-11-27T03:00:00.000Z' },
    nights: 2,
    lastGoodRelease: `${i}.0.9`,
    copies: 100 - i,
    bookings: 2000,
    ratePerThousand: (100 - i) / 2,
    baselinePerThousand: 2.1,
    baseline: { nights: 14, copies: 30, bookings: 14000 },
    byCause: { NO_KEY: 100 - i },
    atStake: [{ currency: 'EUR', amount: '1240.00', count: 5 }],
    exampleSetIds: [`dup_${i}a`, `dup_${i}b`],
    ...over,
  };
}

const withRegressions = (report: RunReport, regressions: readonly Regression[]): RunReport => ({
  ...report,
  regressions,
});

describe('the engineering report’s release regressions', () => {
  it('opens the report with the regression: client, release that differs, first night, rate, causes, money and linked example sets', () => {
    const report = withRegressions(sampleReport(), [
      regression(1, { client: 'partner-jane.doe@example.com', release: '2.0' }),
    ]);
    const { engineering } = renderReports(report, [], { consoleUrl: 'https://console.example.com' });
    for (const part of [engineering.html, engineering.fileHtml, engineering.text]) {
      expect(part).toContain('Release regressions: 1 client far above its own baseline');
      expect(part).toContain(
        'First night: 25 Nov 2026 03:00 UTC – 26 Nov 2026 03:00 UTC (2 nights in a row so far).',
      );
      expect(part).toMatch(
        /The release that differs: 2\.0, where the last good night(&#x27;|')s bookings came mostly from 1\.0\.9\./,
      );
      expect(part).toContain(
        '99 copies in 2,000 bookings: 49.5 per 1000, against 2.1 per 1000 over the 14 nights before',
      );
      expect(part).toContain('Causes: Retry without idempotency key 99. Money at stake: EUR 1,240.00.');
      expect(part).not.toContain('jane.doe@example.com');
      // Above the rest of the report.
      expect(part.indexOf('Release regressions')).toBeLessThan(part.search(/Root causes|ROOT CAUSES/i));
    }
    // Handlebars writes "=" as &#x3D;, which a browser reads back as "=".
    expect(engineering.html).toContain('href="https://console.example.com/plans?set&#x3D;dup_1a,dup_1b"');
    expect(engineering.text).toContain(
      'Example sets: dup_1a, dup_1b (https://console.example.com/plans?set=dup_1a,dup_1b)',
    );
    const { engineering: bare } = renderReports(report, [], { consoleUrl: null });
    expect(bare.html).not.toContain('/plans?set');
    expect(bare.html).toContain('dup_1a, dup_1b');
  });

  it('shows the five with most copies and says where the rest are, within the email budget on a long night', () => {
    const many = Array.from({ length: 8 }, (_, i) => regression(i + 1));
    const report = withRegressions(longNight(), many);
    const { engineering } = renderReports(report, [], { consoleUrl: 'https://console.example.com' });
    expect(Buffer.byteLength(engineering.html)).toBeLessThanOrEqual(EMAIL_HTML_BUDGET);
    for (const part of [engineering.html, engineering.text]) {
      expect(part).toContain('Release regressions: 8 clients far above their own baseline');
      expect(part).toMatch(/… and 3 more: every regression is in this run(&#x27;|')s report\.json under/);
      for (const i of [1, 2, 3, 4, 5]) expect(part).toContain(`client-${i} ${i}.1.0:`);
      expect(part).not.toContain('client-6 6.1.0:');
    }
  });

  it('lists every regression up to the file limit in the saved report, five in the email', () => {
    const many = Array.from({ length: 8 }, (_, i) => regression(i + 1));
    const { engineering } = renderReports(withRegressions(sampleReport(), many), [], {
      consoleUrl: null,
      fileTopN: 7,
    });
    for (const i of [1, 2, 3, 4, 5, 6, 7]) expect(engineering.fileHtml).toContain(`client-${i} ${i}.1.0:`);
    expect(engineering.fileHtml).not.toContain('client-8 8.1.0:');
    expect(engineering.fileHtml).toMatch(
      /… and 1 more: every regression is in this run(&#x27;|')s report\.json/,
    );
    expect(engineering.html).toContain('client-5 5.1.0:');
    expect(engineering.html).not.toContain('client-6 6.1.0:');
  });

  it('leaves the report as it was when no regression was found', () => {
    const { engineering } = renderReports(sampleReport(), [], { consoleUrl: null });
    expect(engineering.html).not.toContain('Release regressions');
    expect(engineering.text).not.toContain('Release regressions');
  });
});
