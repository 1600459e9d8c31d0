import { ConfigError, loadConfig } from './app-config';

describe('loadConfig: staffing dates (issue 14)', () => {
  it('defaults both dates to the plan’s issue date, 2021-02-09', () => {
    expect(loadConfig({}).staffing).toEqual({ effectiveDate: '2021-02-09', certificateWindowStart: '2021-02-09' });
  });

  it('the two years start on the effective date unless set apart', () => {
    expect(loadConfig({ STAFFING_EFFECTIVE_DATE: '2021-03-01' }).staffing).toEqual({ effectiveDate: '2021-03-01', certificateWindowStart: '2021-03-01' });
    expect(loadConfig({ STAFFING_CERTIFICATE_WINDOW_START: '2021-04-01' }).staffing.certificateWindowStart).toBe('2021-04-01');
  });

  it('refuses a date that is not a real YYYY-MM-DD day, naming the variable', () => {
    expect(() => loadConfig({ STAFFING_EFFECTIVE_DATE: '2021-02-30' })).toThrow(ConfigError);
    expect(() => loadConfig({ STAFFING_CERTIFICATE_WINDOW_START: '2021/4/1' })).toThrow(/STAFFING_CERTIFICATE_WINDOW_START must be a date YYYY-MM-DD/);
  });
});
