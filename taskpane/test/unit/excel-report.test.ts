import { describe, expect, it, vi } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import {
  a1,
  columnLetters,
  dataBlock,
  insertReportSheet,
  kpiBlock,
  reportSheetName,
  textCell,
} from '../../src/taskpane/excel-report';
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
    expect(wb.tables).toEqual([{ address: "'AISM Report 2'!A14:F27", hasHeaders: true, style: 'TableStyleMedium2' }]);

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
