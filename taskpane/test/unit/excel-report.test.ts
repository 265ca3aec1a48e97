import { describe, expect, it, vi } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import {
  a1,
  columnLetters,
  dataBlock,
  insertReportSheet,
  kpiBlock,
  lineStyleOf,
  reportSheetName,
  textCell,
} from '../../src/taskpane/excel-report';
import type { Analysis } from '../../src/shared/analysis';
import { MAR_1_2024, sampleAnalysis, sampleChart } from './fixtures';

interface RangeRec {
  address: string;
  values?: unknown[][];
  numberFormat?: unknown[][];
  format: { font: Record<string, unknown>; fill: Record<string, unknown>; autofits: number; autofitColumns(): void };
  conditionalFormats: { added: CfRec[]; add(type: string): CfRec };
  selected: boolean;
  select(): void;
}
interface CfRec {
  type: string;
  custom: { rule: { formula?: string }; format: { fill: Record<string, unknown>; font: Record<string, unknown> } };
}
interface SeriesRec {
  index: number;
  xValues?: RangeRec;
  markerStyle?: string;
  format: { line: Record<string, unknown> };
  setXAxisValues(r: RangeRec): void;
}
interface ChartRec {
  type: string;
  source: RangeRec;
  seriesBy: string;
  title: Record<string, unknown>;
  legend: Record<string, unknown>;
  position?: [string, string];
  series: { items: SeriesRec[]; getItemAt(i: number): SeriesRec };
  setPosition(a: string, b: string): void;
}

/** A workbook built on office-addin-mock whose new sheets record every write. */
function workbookMock(existing: string[]) {
  const ranges: RangeRec[] = [];
  const tables: { address: string; hasHeaders: boolean; style?: string }[] = [];
  const charts: ChartRec[] = [];
  const added: string[] = [];
  const events: string[] = [];
  const range = (address: string): RangeRec => {
    const r: RangeRec = {
      address,
      format: {
        font: {},
        fill: {},
        autofits: 0,
        autofitColumns() {
          this.autofits++;
        },
      },
      conditionalFormats: {
        added: [],
        add(type: string) {
          const cf: CfRec = { type, custom: { rule: {}, format: { fill: {}, font: {} } } };
          this.added.push(cf);
          return cf;
        },
      },
      selected: false,
      select() {
        this.selected = true;
      },
    };
    ranges.push(r);
    return r;
  };
  const sheet = (name: string) => ({
    name,
    getRange: (address: string) => range(address),
    tables: {
      add: (address: string, hasHeaders: boolean) => {
        const t = { address, hasHeaders } as { address: string; hasHeaders: boolean; style?: string };
        tables.push(t);
        return t;
      },
    },
    charts: {
      add: (type: string, source: RangeRec, seriesBy: string) => {
        const items: SeriesRec[] = [];
        const c: ChartRec = {
          type,
          source,
          seriesBy,
          title: {},
          legend: {},
          series: {
            items,
            getItemAt(i: number) {
              const s: SeriesRec = {
                index: i,
                format: { line: {} },
                setXAxisValues(r: RangeRec) {
                  this.xValues = r;
                },
              };
              items.push(s);
              return s;
            },
          },
          setPosition(a: string, b: string) {
            this.position = [a, b];
          },
        };
        charts.push(c);
        return c;
      },
    },
    activate: () => events.push(`activate ${name}`),
  });
  const mock = new OfficeMockObject({
    host: 'excel',
    context: {
      workbook: {
        worksheets: {
          getItemOrNullObject: (name: string) => ({ isNullObject: !existing.includes(name) }),
          add: (name: string) => {
            added.push(name);
            return sheet(name);
          },
        },
      },
    },
  });
  const context = mock.context as OfficeMockObject;
  const realSync = context.sync.bind(context);
  const sync = vi.fn(async () => {
    events.push('sync');
    await realSync();
  });
  context.sync = sync;
  const find = (address: string) => ranges.filter((r) => r.address === address);
  return { context: context as unknown as Excel.RequestContext, ranges, find, tables, charts, added, events, sync };
}

describe('helpers', () => {
  it('spells columns and addresses', () => {
    expect([0, 5, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'F', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(a1(4, 0, 8, 2)).toBe('A4:C8');
    expect(a1(1, 27)).toBe('AB1');
  });
  it('picks the first free sheet name', () => {
    expect(reportSheetName(new Set())).toBe('AISM Report');
    expect(reportSheetName(new Set(['aism report', 'AISM Report 2']))).toBe('AISM Report 3');
  });
  it('keeps texts that look like formulas as text', () => {
    expect(textCell('=1+1')).toBe("'=1+1");
    expect(textCell('-5 %')).toBe("'-5 %");
    expect(textCell('Sales')).toBe('Sales');
  });
  it('formats the KPI block per KPI', () => {
    const k = kpiBlock(sampleAnalysis().report.kpis, 'es');
    expect(k.values[0]).toEqual(['Indicador', 'Valor', 'Cambio']);
    expect(k.values[1]).toEqual(['Fecha de corte', MAR_1_2024 + 9, '']);
    expect(k.values[3]).toEqual(['Mismos días del año anterior', '', '']);
    expect(k.formats[1]?.[1]).toBe('yyyy-mm-dd');
    expect(k.formats[2]?.[1]).toBe('#,##0.00');
    expect(k.formats[4]?.[1]).toBe('0.0%');
    expect(k.formats[2]?.[2]).toBe('+0.0%;-0.0%;0.0%');
  });
  it('lays the chart out as Date | Actual | Forecast | Lower | Upper | Anomaly', () => {
    const d = dataBlock(sampleChart(), 'en');
    expect(d.values[0]).toEqual(['Date', 'Actual', 'Forecast', 'Lower', 'Upper', 'Anomaly']);
    expect(d.values).toHaveLength(14);
    expect(d.values[1]).toEqual([MAR_1_2024, 100, '', '', '', false]);
    expect(d.values[4]).toEqual([MAR_1_2024 + 3, '', '', '', '', '']);
    expect(d.values[7]).toEqual([MAR_1_2024 + 6, 300, '', '', '', true]);
    expect(d.values[11]).toEqual([MAR_1_2024 + 10, '', 127, 117, 137, '']);
    expect(d.historyRows).toBe(10);
    expect(d.formats[1]).toEqual(['yyyy-mm-dd', '#,##0.00', '#,##0.00', '#,##0.00', '#,##0.00', 'General']);
  });
});

describe('insertReportSheet', () => {
  it('writes KPIs, findings, a formatted table, a line chart and the anomaly format, then activates and syncs', async () => {
    const wb = workbookMock(['Sheet1', 'AISM Report']);
    const layout = await insertReportSheet(wb.context, sampleAnalysis(), 'en');

    expect(wb.added).toEqual(['AISM Report 2']);
    expect(layout).toEqual({
      sheetName: 'AISM Report 2',
      kpiAddress: 'A4:C8',
      findingsAddress: 'A10:A12',
      tableAddress: 'A14:F27',
      chartSourceAddress: 'B14:E27',
      anomalyFormatAddress: 'B15:B24',
      tableAddresses: ['H25:K28'],
    });

    expect(wb.find('A1')[0]?.values).toEqual([['Daily sales report: Sales']]);
    const kpis = wb.find('A4:C8')[0];
    expect(kpis?.values?.[0]).toEqual(['Indicator', 'Value', 'Change']);
    expect(kpis?.values?.[2]).toEqual(['Last day', 125, 0.033]);
    expect(kpis?.numberFormat?.[2]).toEqual(['General', '#,##0.00', '+0.0%;-0.0%;0.0%']);
    expect(wb.find('A10:A12')[0]?.values).toEqual([
      ['Findings'],
      ['• Sales on 7 Mar 2024 were 12.5 robust SD above the expected 119 (actual 300).'],
      ['• The forecast for the next 3 periods totals 387.'],
    ]);

    const data = wb.find('A14:F27')[0];
    expect(data?.values?.[0]).toEqual(['Date', 'Actual', 'Forecast', 'Lower', 'Upper', 'Anomaly']);
    expect(data?.values?.[7]).toEqual([MAR_1_2024 + 6, 300, '', '', '', true]);
    expect(data?.numberFormat?.[1]?.[0]).toBe('yyyy-mm-dd');
    expect(wb.tables).toEqual([
      { address: "'AISM Report 2'!A14:F27", hasHeaders: true, style: 'TableStyleMedium2' },
      { address: "'AISM Report 2'!H25:K28", hasHeaders: true, style: 'TableStyleLight9' },
    ]);

    expect(wb.charts).toHaveLength(1);
    const chart = wb.charts[0];
    expect(chart?.type).toBe('Line');
    expect(chart?.seriesBy).toBe('Columns');
    expect(chart?.source.address).toBe('B14:E27');
    expect(chart?.title.text).toBe('Sales: actual, expected and forecast');
    expect(chart?.series.items.map((s) => s.xValues?.address)).toEqual(['A15:A27', 'A15:A27', 'A15:A27', 'A15:A27']);
    expect(chart?.series.items[1]?.format.line.color).toBe('#0F6CBD');

    const cfs = wb.find('B15:B24').flatMap((r) => r.conditionalFormats.added);
    expect(cfs).toHaveLength(1);
    expect(cfs[0]?.type).toBe('Custom');
    expect(cfs[0]?.custom.rule.formula).toBe('=$F15=TRUE');
    expect(cfs[0]?.custom.format.fill.color).toBe('#FDE7E9');

    expect(wb.events.slice(-2)).toEqual(['activate AISM Report 2', 'sync']);
    expect(wb.sync).toHaveBeenCalledTimes(2);
  });

  it('names the first report sheet "AISM Report" and writes Spanish headers', async () => {
    const wb = workbookMock(['Hoja1']);
    const layout = await insertReportSheet(wb.context, sampleAnalysis(), 'es');
    expect(layout.sheetName).toBe('AISM Report');
    expect(wb.find('A14:F27')[0]?.values?.[0]).toEqual(['Fecha', 'Real', 'Pronóstico', 'Mínimo', 'Máximo', 'Anomalía']);
    expect(wb.find('A10:A12')[0]?.values?.[0]).toEqual(['Hallazgos']);
  });
});

describe('a report with several history lines, a bar chart and tables (P&L)', () => {
  const months = [45292, 45323, 45352, 45383];
  const pnl = (): Analysis => {
    const a = sampleAnalysis();
    a.detection = { system: 'pnl', columns: [{ role: 'account', column: 'Account' }], reason: { en: 'P&L', es: 'Resultados' } };
    a.report = {
      ...a.report,
      system: 'pnl',
      charts: [
        {
          key: 'pnl_lines',
          kind: 'line',
          title: { en: 'Revenue, costs and net income', es: 'Ingresos, costes y resultado' },
          x: [...months, 45413],
          xIsDate: true,
          series: [
            { name: { en: 'Revenue', es: 'Ingresos' }, role: 'actual', values: [100, 110, 120, 130, null] },
            { name: { en: 'Costs', es: 'Costes' }, role: 'actual', values: [80, 85, 90, 95, null] },
            { name: { en: 'Net income', es: 'Resultado' }, role: 'actual', values: [20, 25, 30, 35, null] },
            { name: { en: 'Revenue forecast', es: 'Pronóstico' }, role: 'forecast', values: [null, null, null, null, 140] },
          ],
        },
        {
          key: 'drivers',
          kind: 'bar',
          title: { en: 'Variance drivers', es: 'Causas de la desviación' },
          x: [0, 1],
          xIsDate: false,
          labels: [{ en: 'Revenue', es: 'Ingresos' }, { en: 'Salaries', es: 'Sueldos' }],
          series: [{ name: { en: 'Variance', es: 'Desviación' }, role: 'actual', values: [12, -5] }],
        },
      ],
    };
    return a;
  };

  it('puts one column per series in the data table and no flag column', () => {
    const d = dataBlock(pnl().report.charts[0]!, 'en');
    expect(d.values[0]).toEqual(['Date', 'Revenue', 'Costs', 'Net income', 'Revenue forecast']);
    expect(d.values[5]).toEqual([45413, '', '', '', 140]);
    expect(d.flagColumn).toBeNull();
    expect(d.historyRows).toBe(4);
    expect(d.columns.map(lineStyleOf)).toEqual([
      ['#424242', 'Continuous'],
      ['#C50F1F', 'Continuous'],
      ['#107C10', 'Continuous'],
      ['#0F6CBD', 'Continuous'],
    ]);
  });

  it('labels the categories of a bar chart', () => {
    const d = dataBlock(pnl().report.charts[1]!, 'es');
    expect(d.values).toEqual([
      ['Categoría', 'Desviación'],
      ['Ingresos', 12],
      ['Sueldos', -5],
    ]);
  });

  it('writes the line chart, the report tables and a native bar chart', async () => {
    const wb = workbookMock(['Sheet1']);
    const layout = await insertReportSheet(wb.context, pnl(), 'en');
    expect(layout.tableAddress).toBe('A14:E19');
    expect(layout.chartSourceAddress).toBe('B14:E19');
    expect(layout.anomalyFormatAddress).toBeNull();
    expect(layout.tableAddresses).toEqual(['G25:J28', 'G31:H33']);
    expect(wb.charts.map((c) => c.type)).toEqual(['Line', 'BarClustered']);
    expect(wb.charts[0]?.series.items.map((s) => s.format.line.color)).toEqual(['#424242', '#C50F1F', '#107C10', '#0F6CBD']);
    expect(wb.charts[1]?.source.address).toBe('G31:H33');
    expect(wb.find('G31:H33')[0]?.values).toEqual([['Category', 'Variance'], ['Revenue', 12], ['Salaries', -5]]);
  });
});
