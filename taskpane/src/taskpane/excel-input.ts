/**
 * Reading the data to analyse from the workbook: the selection (a single cell grows to the
 * region around it; whole columns shrink to the used cells) or a named table, and the list of
 * tables for the picker.
 */
import type { ReportOptions } from '../shared/analysis';
import { isoDate } from './i18n';

/** Most cells sent to the core in one analysis (Office.js payloads are limited to about 5 MB). */
export const MAX_CELLS = 500_000;

/** A block of cells read from a sheet. */
export interface SheetBlock {
  values: unknown[][];
  numberFormat?: unknown[][];
  rowIndex: number;
  columnIndex: number;
  address: string;
}

/** Why reading from the workbook gave nothing to analyse. */
export class InputError extends Error {
  constructor(
    readonly reason: 'empty' | 'tooBig',
    readonly cells = 0,
  ) {
    super(reason === 'empty' ? 'The selection is empty.' : `The selection has ${cells} cells.`);
    this.name = 'InputError';
  }
}

/**
 * True for an Excel number format that shows a date (d, y, or m without hours/seconds, outside
 * quoted text, escapes and [brackets]).
 */
export function isDateFormat(format: unknown): boolean {
  if (typeof format !== 'string') return false;
  // Elapsed time ([h]:mm) is a duration, not a date.
  if (/\[(h+|m+|s+)\]/i.test(format)) return false;
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/general/gi, '')
    .toLowerCase();
  // Only the first section (positive numbers) decides.
  const first = bare.split(';')[0] ?? '';
  if (/[dy]/.test(first)) return true;
  return /m/.test(first) && !/[hs]/.test(first) && !/[0#?]/.test(first);
}

/**
 * The table to send to the core: numbers shown as whole dates become ISO date texts, so the core
 * reads them as dates whatever the column is called (Excel hands dates over as serial numbers).
 */
export function blockToTable(block: SheetBlock): unknown[][] {
  const formats = block.numberFormat;
  return block.values.map((row, r) =>
    row.map((v, c) => {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2958466) {
        const f = formats?.[r]?.[c];
        if (isDateFormat(f)) return isoDate(v);
      }
      return v;
    }),
  );
}

/** The origin options (zero-based row and column of the block) so issues carry sheet addresses. */
export function originOf(block: SheetBlock): Pick<ReportOptions, 'originRow' | 'originColumn'> {
  return { originRow: block.rowIndex, originColumn: block.columnIndex };
}

async function readBlock(context: Excel.RequestContext, range: Excel.Range): Promise<SheetBlock> {
  const used = range.getUsedRangeOrNullObject(true);
  used.load('cellCount');
  await context.sync();
  if (used.isNullObject || used.cellCount === 0) throw new InputError('empty');
  if (used.cellCount > MAX_CELLS) throw new InputError('tooBig', used.cellCount);
  used.load('values,numberFormat,rowIndex,columnIndex,address');
  await context.sync();
  return {
    values: used.values,
    numberFormat: used.numberFormat,
    rowIndex: used.rowIndex,
    columnIndex: used.columnIndex,
    address: used.address,
  };
}

function apiSupported(version: string): boolean {
  if (typeof Office === 'undefined') return false;
  const req = Office.context?.requirements;
  return typeof req?.isSetSupported === 'function' && req.isSetSupported('ExcelApi', version);
}

/** Reads the selected range (a single selected cell means the region around it). */
export async function readSelection(context: Excel.RequestContext): Promise<SheetBlock> {
  const selected = context.workbook.getSelectedRange();
  selected.load('cellCount');
  await context.sync();
  const range = selected.cellCount === 1 && apiSupported('1.13') ? selected.getSurroundingRegion() : selected;
  return readBlock(context, range);
}

/** Reads a table (header row included) by name. */
export async function readTable(context: Excel.RequestContext, name: string): Promise<SheetBlock> {
  return readBlock(context, context.workbook.tables.getItem(name).getRange());
}

/** The names of the workbook's tables, in workbook order. */
export async function listTables(context: Excel.RequestContext): Promise<string[]> {
  const tables = context.workbook.tables;
  tables.load('items/name');
  await context.sync();
  return tables.items.map((t) => t.name);
}
