/**
 * A small analysis with the shape the core returns (see core/src/report.rs and systems.rs):
 * 10 days of history (one blank day, one anomaly) and a 3-day forecast.
 */
import type { Analysis, Chart } from '../../src/shared/analysis';

/** 2024-03-01 as an Excel serial. */
export const MAR_1_2024 = 45352;

export function sampleChart(): Chart {
  const n = 10;
  const h = 3;
  const x = Array.from({ length: n + h }, (_, i) => MAR_1_2024 + i);
  const actual: (number | null)[] = [100, 110, 105, null, 120, 115, 300, 118, 121, 125, null, null, null];
  const pad = (v: (number | null)[]) => [...v, ...Array<null>(n + h - v.length).fill(null)];
  const future = (v: number[]) => [...Array<null>(n).fill(null), ...v];
  return {
    key: 'sales',
    kind: 'line',
    title: { en: 'Sales: actual, expected and forecast', es: 'Sales: real, esperado y pronóstico' },
    x,
    xIsDate: true,
    series: [
      { name: { en: 'Actual', es: 'Real' }, role: 'actual', values: actual },
      { name: { en: 'Expected', es: 'Esperado' }, role: 'expected', values: pad([101, 108, 107, 112, 118, 117, 119, 120, 122, 124]) },
      { name: { en: 'Forecast', es: 'Pronóstico' }, role: 'forecast', values: future([127, 129, 131]) },
      { name: { en: 'Lower', es: 'Mínimo' }, role: 'lower', values: future([117, 116, 115]) },
      { name: { en: 'Upper', es: 'Máximo' }, role: 'upper', values: future([137, 142, 147]) },
      { name: { en: 'Anomaly', es: 'Anomalía' }, role: 'anomaly', values: pad([null, null, null, null, null, null, 300]) },
    ],
  };
}

export function sampleAnalysis(): Analysis {
  return {
    detection: {
      system: 'sales',
      columns: [
        { role: 'date', column: 'Date' },
        { role: 'amount', column: 'Sales' },
      ],
      reason: {
        en: 'Sales monitoring: dates in "Date", amounts in "Sales".',
        es: 'Seguimiento de ventas: fechas en "Date", importes en "Sales".',
      },
    },
    validation: {
      header: { hasHeader: true, reason: 'The first row is text over 2 column(s) of numbers or dates, so it is the header.' },
      columns: [
        { name: 'Date', kind: 'date', blanks: 0, errors: 0, unparsed: 0 },
        { name: 'Sales', kind: 'number', blanks: 1, errors: 0, unparsed: 1 },
      ],
      issues: [{ cell: 'D9', severity: 'warning', message: 'Cell D9 holds "n.a.", which is not a number; it was left out.' }],
    },
    report: {
      system: 'sales',
      title: { en: 'Daily sales report: Sales', es: 'Informe de ventas diarias: Sales' },
      kpis: [
        { key: 'as_of', label: { en: 'As of', es: 'Fecha de corte' }, value: MAR_1_2024 + 9, format: 'date' },
        { key: 'last_day', label: { en: 'Last day', es: 'Último día' }, value: 125, format: 'currency', change: 0.033 },
        { key: 'mtd_last_year', label: { en: 'Same days last year', es: 'Mismos días del año anterior' }, value: null, format: 'currency' },
        { key: 'share', label: { en: 'Share', es: 'Parte' }, value: 0.25, format: 'percent', change: -0.1 },
      ],
      tables: [
        {
          key: 'forecast',
          title: { en: 'Forecast', es: 'Pronóstico' },
          columns: [
            { en: 'Date', es: 'Fecha' },
            { en: 'Forecast', es: 'Pronóstico' },
            { en: 'Lower', es: 'Mínimo' },
            { en: 'Upper', es: 'Máximo' },
          ],
          formats: ['date', 'currency', 'currency', 'currency'],
          rows: [
            [MAR_1_2024 + 10, 127, 117, 137],
            [MAR_1_2024 + 11, 129, 116, 142],
            [MAR_1_2024 + 12, 131, 115, 147],
          ],
        },
        { key: 'changepoints', title: { en: 'Changes of level', es: 'Cambios de nivel' }, columns: [], formats: [], rows: [] },
      ],
      charts: [sampleChart()],
      findings: [
        {
          key: 'anomaly',
          severity: 'alert',
          score: 12.5,
          text: {
            en: 'Sales on 7 Mar 2024 were 12.5 robust SD above the expected 119 (actual 300).',
            es: 'Sales del 7 mar 2024 estuvieron 12,5 DE robustas por encima de lo esperado (119; real 300).',
          },
          numbers: [['date', MAR_1_2024 + 6], ['actual', 300]],
        },
        {
          key: 'forecast',
          severity: 'info',
          score: 1,
          text: { en: 'The forecast for the next 3 periods totals 387.', es: 'El pronóstico de los próximos 3 periodos suma 387.' },
          numbers: [],
        },
      ],
      notes: [{ en: '1 of 10 periods had no data.', es: '1 de 10 periodos no tenían datos.' }],
    },
  };
}
