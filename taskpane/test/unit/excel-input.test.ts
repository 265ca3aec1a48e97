import { describe, expect, it } from 'vitest';
import { OfficeMockObject } from 'office-addin-mock';
import {
  blockToTable,
  InputError,
  isDateFormat,
  listTables,
  MAX_CELLS,
  originOf,
  readSelection,
  readTable,
} from '../../src/taskpane/excel-input';

const VALUES = [
  ['Date', 'Sales'],
  [45365, 1820.5],
  [45366, 1945],
];
const FORMATS = [
  ['General', 'General'],
  ['m/d/yyyy', '#,##0.00'],
  ['m/d/yyyy', '#,##0.00'],
];

/** A workbook (office-addin-mock) whose selection is `cellCount` cells with a used part at C5. */
function selectionMock(cellCount: number, usedCells = 6, empty = false) {
  const mock = new OfficeMockObject({
    host: 'excel',
    context: {
      workbook: {
        selected: {
          cellCount,
          used: {
            cellCount: usedCells,
            values: VALUES,
            numberFormat: FORMATS,
            rowIndex: 4,
            columnIndex: 2,
            address: 'Sheet1!C5:D7',
          },
          getUsedRangeOrNullObject() {
            return this.used;
          },
        },
        getSelectedRange() {
          return this.selected;
        },
        table: {
          range: {
            used: {
              cellCount: 6,
              values: VALUES,
              numberFormat: FORMATS,
              rowIndex: 0,
              columnIndex: 0,
              address: 'Data!A1:B3',
            },
            getUsedRangeOrNullObject() {
              return this.used;
            },
          },
          getRange() {
            return this.range;
          },
        },
        tables: {
          getItem(name: string) {
            if (name !== 'Sales') throw new Error(`no table ${name}`);
            return mock.context.workbook.table;
          },
        },
      },
    },
  });
  // isNullObject is known without a load, as in Office.js.
  mock.context.workbook.selected.used.isNullObject = empty;
  mock.context.workbook.table.range.used.isNullObject = false;
  return mock;
}

describe('reading the workbook', () => {
  it('reads the used part of the selection with its values, formats and position', async () => {
    const mock = selectionMock(6);
    const block = await readSelection(mock.context as unknown as Excel.RequestContext);
    expect(block).toEqual({
      values: VALUES,
      numberFormat: FORMATS,
      rowIndex: 4,
      columnIndex: 2,
      address: 'Sheet1!C5:D7',
    });
    expect(originOf(block)).toEqual({ originRow: 4, originColumn: 2 });
  });

  it('refuses an empty or an oversized selection', async () => {
    await expect(readSelection(selectionMock(6, 0, true).context as unknown as Excel.RequestContext)).rejects.toMatchObject({
      reason: 'empty',
    });
    const big = readSelection(selectionMock(2e6, MAX_CELLS + 1).context as unknown as Excel.RequestContext);
    await expect(big).rejects.toBeInstanceOf(InputError);
    await expect(big).rejects.toMatchObject({ reason: 'tooBig', cells: MAX_CELLS + 1 });
  });

  it('reads a table by name', async () => {
    const mock = selectionMock(1);
    const block = await readTable(mock.context as unknown as Excel.RequestContext, 'Sales');
    expect(block.address).toBe('Data!A1:B3');
    expect(block.values).toEqual(VALUES);
  });

  it('lists the tables', async () => {
    const context = {
      workbook: {
        tables: {
          loaded: '',
          items: [{ name: 'Sales' }, { name: 'Budget' }],
          load(what: string) {
            this.loaded = what;
          },
        },
      },
      sync: async () => undefined,
    };
    expect(await listTables(context as unknown as Excel.RequestContext)).toEqual(['Sales', 'Budget']);
    expect(context.workbook.tables.loaded).toBe('items/name');
  });
});

describe('dates', () => {
  it('recognises date number formats', () => {
    for (const f of ['m/d/yyyy', 'yyyy-mm-dd', 'dd/mm/yy', 'mmm yyyy', 'd-mmm', '[$-409]d-mmm-yy;@', 'mmmm', 'dddd, mmmm d, yyyy h:mm']) {
      expect(isDateFormat(f), f).toBe(true);
    }
    for (const f of ['General', '#,##0.00', '0%', 'h:mm:ss', '"day"0', '[h]:mm', '$#,##0', 0, null]) {
      expect(isDateFormat(f), String(f)).toBe(false);
    }
  });

  it('sends whole dates as ISO texts so the core reads them as dates whatever the header', () => {
    const table = blockToTable({
      values: [['When', 'Amount'], [45365, 12], [45366.5, 13], ['n/a', 14]],
      numberFormat: [['General', 'General'], ['m/d/yyyy', '0'], ['m/d/yyyy h:mm', '0'], ['General', '0']],
      rowIndex: 0,
      columnIndex: 0,
      address: 'A1:B4',
    });
    expect(table).toEqual([['When', 'Amount'], ['2024-03-14', 12], [45366.5, 13], ['n/a', 14]]);
  });
});
