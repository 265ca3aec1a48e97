// Strict fakes of the Apps Script services the Google Sheets add-on uses: SpreadsheetApp (with a
// small in-memory spreadsheet), Charts, HtmlService, PropertiesService, CacheService, Logger,
// Session, UrlFetchApp (answered by a test's fake server) and ScriptApp (the identity token). Every call is recorded in order (`fakes.calls`); reading a member the fake does not
// implement records an error (`fakes.errors`) naming it, so a test fails naming the missing API
// instead of the add-on silently getting `undefined`.
//
// Values handed to the add-on (getValues, cache reads, …) are copied into the realm of the vm
// context the add-on runs in (`fakes.setRealm(context)`), as Apps Script gives same-realm Dates
// and arrays (an `instanceof Date` in the add-on must work).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

/** Members every object may be asked for without being an API use (promise checks, inspection). */
const TOLERATED = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'inspect']);

/** Apps Script's limits that the fakes enforce. */
export const LIMITS = {
  /** CacheService: a value may have at most 100 KB (UTF-8 bytes). */
  cacheValue: 100 * 1024,
  /** CacheService: a key may have at most 250 characters. */
  cacheKey: 250,
  /** PropertiesService: a value may have at most 9 KB (UTF-8 bytes). */
  propertyValue: 9 * 1024,
};

/** Column letters of 1-based column `c` (1 → A, 27 → AA). */
export function columnLetters(c) {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 notation of a block (`A1` for one cell, `B3:G160` otherwise). */
export function a1(row, col, numRows = 1, numCols = 1) {
  const start = `${columnLetters(col)}${row}`;
  if (numRows === 1 && numCols === 1) return start;
  return `${start}:${columnLetters(col + numCols - 1)}${row + numRows - 1}`;
}

/** Parses `A1`, `B3:G160` or `'Sheet'!A1:B2` (the sheet part is returned too). */
export function parseA1(text) {
  const m = /^(?:(?:'((?:[^']|'')+)'|([^!]+))!)?\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(String(text).trim());
  if (!m) throw new Error(`Range not found: ${text}`);
  const col = (letters) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
  const r1 = Number(m[4]);
  const c1 = col(m[3]);
  const r2 = m[6] ? Number(m[6]) : r1;
  const c2 = m[5] ? col(m[5]) : c1;
  return { sheet, row: Math.min(r1, r2), col: Math.min(c1, c2), numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
}

const isDate = (v) => Object.prototype.toString.call(v) === '[object Date]';

/** The Excel/Sheets serial number of a Date at local midnight (days since 1899-12-30). */
export function dateToSerial(d) {
  const local = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
  return (local - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** The local-midnight Date of serial `s`. */
export function serialToDate(s) {
  const utc = new Date(Date.UTC(1899, 11, 30) + Math.round(s * 86_400_000));
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate());
}

/**
 * Creates a fresh set of fakes. `distDir` is where HtmlService finds `<name>.html` files.
 * Returns `{ globals, calls, errors, spreadsheet, ui, setRealm, callsOf, ... }`.
 */
export function createFakes({ distDir, spreadsheetName = 'Sales 2024', timeZone = 'Etc/UTC', locale = 'en_US' } = {}) {
  const calls = [];
  const errors = [];
  let toRealm = (v) => v;

  /** Copies plain data (arrays, objects, Dates) into the add-on's realm. */
  function setRealm(context) {
    toRealm = vm.runInContext(
      `(function clone(v) {
        if (v === null || typeof v !== 'object') return v;
        if (Object.prototype.toString.call(v) === '[object Date]') return new Date(v.getTime());
        if (Array.isArray(v)) { var a = []; for (var i = 0; i < v.length; i++) a.push(clone(v[i])); return a; }
        var o = {}; var ks = Object.keys(v); for (var j = 0; j < ks.length; j++) o[ks[j]] = clone(v[ks[j]]); return o;
      })`,
      context,
    );
  }

  /** A snapshot of an argument for the call log (ranges by A1, builders by kind). */
  function snap(v) {
    if (v && typeof v === 'object' && v.__fake) return v.__describe();
    if (Array.isArray(v)) return v.map(snap);
    if (isDate(v)) return new Date(v.getTime());
    return v;
  }

  /**
   * A strict fake object of Apps Script type `type`: its methods record their calls; any other
   * member read records an error.
   */
  function fake(type, methods, describe = () => type) {
    const target = { __fake: true, __type: type, __describe: describe };
    for (const [name, fn] of Object.entries(methods)) {
      target[name] = (...args) => {
        calls.push({ api: `${type}.${name}`, target: describe(), args: args.map(snap) });
        return fn(...args);
      };
    }
    return new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === 'symbol' || prop in t || TOLERATED.has(prop)) return Reflect.get(t, prop, receiver);
        errors.push(`${type}.${String(prop)} is not implemented by the fake (unknown or unsupported Apps Script API)`);
        return undefined;
      },
      set(t, prop) {
        errors.push(`the add-on assigned ${type}.${String(prop)}`);
        return true;
      },
    });
  }

  /** A strict enum object: unknown members record an error. */
  function enumOf(type, names) {
    const target = Object.fromEntries(names.map((n) => [n, n]));
    return new Proxy(target, {
      get(t, prop) {
        if (typeof prop === 'symbol' || prop in t || TOLERATED.has(prop)) return t[prop];
        errors.push(`${type}.${String(prop)} is not implemented by the fake enum`);
        return undefined;
      },
    });
  }

  const fail = (message) => {
    errors.push(message);
    throw new Error(message);
  };

  // ---------------------------------------------------------------- the spreadsheet model
  let nextSheetId = 1;
  const sheets = [];
  let activeSheet = null;
  let activeRange = null;
  let nextChartId = 1;

  function cellKey(r, c) {
    return `${r},${c}`;
  }

  function checkCell(v, where) {
    if (v === null || v === '' || typeof v === 'string' || typeof v === 'boolean' || isDate(v)) return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(`${where}: the non-finite number ${v} cannot be written to a cell`);
      return;
    }
    fail(`${where}: ${v === undefined ? 'undefined' : typeof v} is not a cell value (${Object.prototype.toString.call(v)})`);
  }

  function checkShape(grid, numRows, numCols, what) {
    if (!Array.isArray(grid)) fail(`${what}: expected a 2-D array, got ${typeof grid}`);
    if (grid.length !== numRows) {
      fail(`${what}: The number of rows in the data does not match the number of rows in the range. The data has ${grid.length} but the range has ${numRows}.`);
    }
    grid.forEach((row) => {
      if (!Array.isArray(row) || row.length !== numCols) {
        fail(`${what}: The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 'no array'} but the range has ${numCols}.`);
      }
    });
  }

  function makeRange(sheet, row, col, numRows = 1, numCols = 1) {
    if (![row, col, numRows, numCols].every((n) => Number.isInteger(n)) || row < 1 || col < 1 || numRows < 1 || numCols < 1) {
      fail(`Sheet.getRange(${row}, ${col}, ${numRows}, ${numCols}): the coordinates or dimensions of the range are invalid`);
    }
    const notation = a1(row, col, numRows, numCols);
    const describe = () => `${sheet.name}!${notation}`;
    const each = (grid, fn) => grid.forEach((r, i) => r.forEach((v, j) => fn(row + i, col + j, v)));
    const fill = (v) => Array.from({ length: numRows }, () => Array.from({ length: numCols }, () => v));
    const setGridOf = (store, what) => (grid) => {
      checkShape(grid, numRows, numCols, `Range(${describe()}).${what}`);
      each(grid, (r, c, v) => store.set(cellKey(r, c), v));
      return range;
    };
    const setAllOf = (store) => (v) => {
      each(fill(v), (r, c, x) => store.set(cellKey(r, c), x));
      return range;
    };
    const range = fake('Range', {
      getSheet: () => sheet.api,
      getRow: () => row,
      getColumn: () => col,
      getLastRow: () => row + numRows - 1,
      getLastColumn: () => col + numCols - 1,
      getNumRows: () => numRows,
      getNumColumns: () => numCols,
      getA1Notation: () => notation,
      getValues: () => toRealm(Array.from({ length: numRows }, (_, i) => Array.from({ length: numCols }, (_, j) => {
        const v = sheet.values.get(cellKey(row + i, col + j));
        return v === undefined || v === null ? '' : v;
      }))),
      getValue: () => {
        const v = sheet.values.get(cellKey(row, col));
        return toRealm(v === undefined || v === null ? '' : v);
      },
      getDisplayValues: () => toRealm(Array.from({ length: numRows }, (_, i) => Array.from({ length: numCols }, (_, j) => {
        const v = sheet.values.get(cellKey(row + i, col + j));
        return v === undefined || v === null ? '' : String(v);
      }))),
      setValues: (grid) => {
        checkShape(grid, numRows, numCols, `Range(${describe()}).setValues`);
        each(grid, (r, c, v) => checkCell(v, `Range(${describe()}).setValues`));
        each(grid, (r, c, v) => sheet.values.set(cellKey(r, c), isDate(v) ? new Date(v.getTime()) : v));
        return range;
      },
      setValue: (v) => {
        checkCell(v, `Range(${describe()}).setValue`);
        each(fill(v), (r, c, x) => sheet.values.set(cellKey(r, c), x));
        return range;
      },
      setFormula: (f) => {
        each(fill(f), (r, c, x) => sheet.formulas.set(cellKey(r, c), x));
        return range;
      },
      setNumberFormat: setAllOf(sheet.numberFormats),
      setNumberFormats: setGridOf(sheet.numberFormats, 'setNumberFormats'),
      setFontWeight: setAllOf(sheet.fontWeights),
      setFontWeights: setGridOf(sheet.fontWeights, 'setFontWeights'),
      setFontColor: setAllOf(sheet.fontColors),
      setFontColors: setGridOf(sheet.fontColors, 'setFontColors'),
      setFontSize: setAllOf(sheet.fontSizes),
      setFontStyle: setAllOf(sheet.fontStyles),
      setBackground: setAllOf(sheet.backgrounds),
      setBackgrounds: setGridOf(sheet.backgrounds, 'setBackgrounds'),
      setHorizontalAlignment: setAllOf(sheet.alignments),
      setVerticalAlignment: () => range,
      setWrap: () => range,
      setBorder: () => range,
      setNote: () => range,
      merge: () => range,
      clear: () => {
        each(fill(null), (r, c) => sheet.values.delete(cellKey(r, c)));
        return range;
      },
      clearContent: () => {
        each(fill(null), (r, c) => sheet.values.delete(cellKey(r, c)));
        return range;
      },
      clearFormat: () => range,
      offset: (dr, dc, nr = numRows, nc = numCols) => makeRange(sheet, row + dr, col + dc, nr, nc),
      getCell: (r, c) => makeRange(sheet, row + r - 1, col + c - 1, 1, 1),
      getDataRegion: () => {
        // The block of non-empty cells around this range (grown while a neighbouring line has a value).
        const filled = (r, c) => r >= 1 && c >= 1 && ![undefined, null, ''].includes(sheet.values.get(cellKey(r, c)));
        let [r1, c1, r2, c2] = [row, col, row + numRows - 1, col + numCols - 1];
        const lineHas = (ra, ca, rb, cb) => {
          for (let r = ra; r <= rb; r++) for (let c = ca; c <= cb; c++) if (filled(r, c)) return true;
          return false;
        };
        for (let grew = true; grew;) {
          grew = false;
          if (lineHas(r1 - 1, c1 - 1, r1 - 1, c2 + 1)) { r1--; grew = true; }
          if (lineHas(r2 + 1, c1 - 1, r2 + 1, c2 + 1)) { r2++; grew = true; }
          if (lineHas(r1 - 1, c1 - 1, r2 + 1, c1 - 1)) { c1--; grew = true; }
          if (lineHas(r1 - 1, c2 + 1, r2 + 1, c2 + 1)) { c2++; grew = true; }
        }
        return makeRange(sheet, r1, c1, r2 - r1 + 1, c2 - c1 + 1);
      },
      activate: () => {
        activeSheet = sheet;
        activeRange = range;
        return range;
      },
    }, describe);
    Object.defineProperty(range, '__sheet', { value: sheet });
    Object.defineProperty(range, '__box', { value: { sheet: sheet.name, row, col, numRows, numCols } });
    return range;
  }

  function lastUsed() {
    return (sheet, axis) => {
      let n = 0;
      for (const k of sheet.values.keys()) n = Math.max(n, Number(k.split(',')[axis]));
      return n;
    };
  }
  const used = lastUsed();

  function makeChartBuilder(sheet, from) {
    const state = from
      ? { ...from, ranges: [...from.ranges], options: { ...from.options } }
      : { chartType: null, ranges: [], position: null, options: {}, numHeaders: null, mergeStrategy: null, hiddenDimension: null, transpose: false };
    const builder = fake('EmbeddedChartBuilder', {
      setChartType: (t) => { state.chartType = t; return builder; },
      addRange: (r) => {
        if (!r || !r.__fake || r.__type !== 'Range') fail('EmbeddedChartBuilder.addRange: not a Range');
        state.ranges.push(r);
        return builder;
      },
      removeRange: (r) => { state.ranges = state.ranges.filter((x) => x !== r); return builder; },
      clearRanges: () => { state.ranges = []; return builder; },
      setPosition: (anchorRow, anchorCol, offsetX, offsetY) => { state.position = { anchorRow, anchorCol, offsetX, offsetY }; return builder; },
      setOption: (k, v) => { state.options[k] = v; return builder; },
      setNumHeaders: (n) => { state.numHeaders = n; return builder; },
      setMergeStrategy: (s) => { state.mergeStrategy = s; return builder; },
      setHiddenDimensionStrategy: (s) => { state.hiddenDimension = s; return builder; },
      setTransposeRowsAndColumns: (b) => { state.transpose = b; return builder; },
      getChartType: () => state.chartType,
      getRanges: () => [...state.ranges],
      build: () => {
        if (!state.chartType) fail('EmbeddedChartBuilder.build: no chart type set');
        if (!state.position) fail('EmbeddedChartBuilder.build: no position set');
        const id = from?.id ?? nextChartId++;
        const built = { ...state, id, ranges: [...state.ranges], options: { ...state.options } };
        const chart = fake('EmbeddedChart', {
          getId: () => String(id),
          getChartId: () => id,
          getRanges: () => [...built.ranges],
          getOptions: () => fake('ChartOptions', { get: (k) => built.options[k] }),
          modify: () => makeChartBuilder(sheet, built),
          getContainerInfo: () => fake('ContainerInfo', {
            getAnchorRow: () => built.position.anchorRow,
            getAnchorColumn: () => built.position.anchorCol,
          }),
        }, () => `EmbeddedChart#${id}`);
        Object.defineProperty(chart, '__state', { value: built });
        return chart;
      },
    }, () => `EmbeddedChartBuilder(${sheet.name})`);
    return builder;
  }

  function makeSheet(name) {
    const sheet = {
      id: nextSheetId++,
      name,
      values: new Map(),
      formulas: new Map(),
      numberFormats: new Map(),
      fontWeights: new Map(),
      fontColors: new Map(),
      fontSizes: new Map(),
      fontStyles: new Map(),
      backgrounds: new Map(),
      alignments: new Map(),
      frozenRows: 0,
      frozenColumns: 0,
      charts: [],
      conditionalFormatRules: [],
      columnWidths: new Map(),
      autoResized: [],
    };
    const rangeOf = (...args) => {
      if (args.length === 1 && typeof args[0] === 'string') {
        const p = parseA1(args[0]);
        if (p.sheet !== undefined && p.sheet !== sheet.name) fail(`Sheet(${sheet.name}).getRange("${args[0]}") names another sheet`);
        return makeRange(sheet, p.row, p.col, p.numRows, p.numCols);
      }
      const [row, col, numRows = 1, numCols = 1] = args;
      return makeRange(sheet, row, col, numRows, numCols);
    };
    sheet.api = fake('Sheet', {
      getName: () => sheet.name,
      setName: (n) => { sheet.name = n; return sheet.api; },
      getSheetId: () => sheet.id,
      getIndex: () => sheets.indexOf(sheet) + 1,
      getParent: () => spreadsheet,
      getRange: rangeOf,
      getDataRange: () => makeRange(sheet, 1, 1, Math.max(1, used(sheet, 0)), Math.max(1, used(sheet, 1))),
      getLastRow: () => used(sheet, 0),
      getLastColumn: () => used(sheet, 1),
      getMaxRows: () => 1000,
      getMaxColumns: () => 26,
      setFrozenRows: (n) => { sheet.frozenRows = n; return sheet.api; },
      setFrozenColumns: (n) => { sheet.frozenColumns = n; return sheet.api; },
      getFrozenRows: () => sheet.frozenRows,
      autoResizeColumns: (start, num) => { sheet.autoResized.push([start, num]); return sheet.api; },
      autoResizeColumn: (c) => { sheet.autoResized.push([c, 1]); return sheet.api; },
      setColumnWidth: (c, w) => { sheet.columnWidths.set(c, w); return sheet.api; },
      setColumnWidths: (c, n, w) => { for (let i = 0; i < n; i++) sheet.columnWidths.set(c + i, w); return sheet.api; },
      newChart: () => makeChartBuilder(sheet),
      insertChart: (chart) => {
        if (!chart || chart.__type !== 'EmbeddedChart') fail('Sheet.insertChart: not an EmbeddedChart (did you call build()?)');
        sheet.charts.push(chart);
      },
      updateChart: (chart) => {
        const i = sheet.charts.findIndex((c) => c.__state.id === chart.__state.id);
        if (i < 0) fail('Sheet.updateChart: the chart is not on this sheet');
        sheet.charts[i] = chart;
      },
      getCharts: () => [...sheet.charts],
      removeChart: (chart) => { sheet.charts = sheet.charts.filter((c) => c.__state.id !== chart.__state.id); },
      setConditionalFormatRules: (rules) => {
        if (!Array.isArray(rules)) fail('Sheet.setConditionalFormatRules: expected an array');
        rules.forEach((r) => { if (!r || r.__type !== 'ConditionalFormatRule') fail('Sheet.setConditionalFormatRules: not a ConditionalFormatRule'); });
        sheet.conditionalFormatRules = [...rules];
      },
      getConditionalFormatRules: () => [...sheet.conditionalFormatRules],
      activate: () => { activeSheet = sheet; activeRange = makeRange(sheet, 1, 1); return sheet.api; },
      showSheet: () => sheet.api,
      clear: () => { sheet.values.clear(); return sheet.api; },
      setTabColor: () => sheet.api,
      setHiddenGridlines: () => sheet.api,
    }, () => `Sheet(${sheet.name})`);
    Object.defineProperty(sheet.api, '__model', { value: sheet });
    return sheet;
  }

  function conditionalFormatRuleBuilder() {
    const state = { condition: null, background: null, fontColor: null, bold: null, ranges: [] };
    const b = fake('ConditionalFormatRuleBuilder', {
      whenFormulaSatisfied: (f) => { state.condition = { type: 'CUSTOM_FORMULA', values: [f] }; return b; },
      whenTextEqualTo: (t) => { state.condition = { type: 'TEXT_EQ', values: [t] }; return b; },
      whenNumberGreaterThan: (n) => { state.condition = { type: 'NUMBER_GREATER_THAN', values: [n] }; return b; },
      whenNumberLessThan: (n) => { state.condition = { type: 'NUMBER_LESS_THAN', values: [n] }; return b; },
      setBackground: (c) => { state.background = c; return b; },
      setFontColor: (c) => { state.fontColor = c; return b; },
      setBold: (v) => { state.bold = v; return b; },
      setRanges: (ranges) => {
        if (!Array.isArray(ranges) || ranges.some((r) => !r || r.__type !== 'Range')) fail('ConditionalFormatRuleBuilder.setRanges: expects an array of Range');
        state.ranges = [...ranges];
        return b;
      },
      build: () => {
        if (!state.condition) fail('ConditionalFormatRuleBuilder.build: no condition');
        if (state.ranges.length === 0) fail('ConditionalFormatRuleBuilder.build: no ranges');
        const built = { ...state, ranges: [...state.ranges] };
        const rule = fake('ConditionalFormatRule', {
          getRanges: () => [...built.ranges],
          getBooleanCondition: () => fake('BooleanCondition', {
            getCriteriaType: () => built.condition.type,
            getCriteriaValues: () => toRealm(built.condition.values),
            getBackground: () => built.background,
          }),
          copy: () => conditionalFormatRuleBuilder(),
        }, () => `ConditionalFormatRule(${built.condition.values.join(',')})`);
        Object.defineProperty(rule, '__state', { value: built });
        return rule;
      },
    });
    return b;
  }

  const spreadsheetState = { name: spreadsheetName, toasts: [] };
  const spreadsheet = fake('Spreadsheet', {
    getName: () => spreadsheetState.name,
    getId: () => 'fake-spreadsheet-id',
    getUrl: () => 'https://docs.google.com/spreadsheets/d/fake-spreadsheet-id/edit',
    getSpreadsheetTimeZone: () => timeZone,
    getSpreadsheetLocale: () => locale,
    getSheets: () => sheets.map((s) => s.api),
    getSheetByName: (n) => sheets.find((s) => s.name === n)?.api ?? null,
    getActiveSheet: () => (activeSheet ?? sheets[0]).api,
    getActiveRange: () => activeRange,
    getActiveCell: () => (activeRange ? makeRange(activeRange.__sheet, activeRange.getRow(), activeRange.getColumn()) : null),
    getRange: (text) => {
      const p = parseA1(text);
      const s = p.sheet !== undefined ? sheets.find((x) => x.name === p.sheet) : activeSheet ?? sheets[0];
      if (!s) fail(`Range not found: ${text}`);
      return makeRange(s, p.row, p.col, p.numRows, p.numCols);
    },
    insertSheet: (...args) => {
      const name = typeof args[0] === 'string' ? args[0] : `Sheet${sheets.length + 1}`;
      if (sheets.some((s) => s.name === name)) {
        // Apps Script throws here; an add-on may catch it and try another name, so it is no error.
        throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
      }
      const s = makeSheet(name);
      const index = typeof args[1] === 'number' ? args[1] : typeof args[0] === 'number' ? args[0] : sheets.length;
      sheets.splice(Math.min(index, sheets.length), 0, s);
      activeSheet = s;
      activeRange = makeRange(s, 1, 1);
      return s.api;
    },
    setActiveSheet: (sh) => { activeSheet = sh.__model; return sh; },
    toast: (msg, title, timeout) => { spreadsheetState.toasts.push({ msg, title, timeout }); },
  }, () => `Spreadsheet(${spreadsheetState.name})`);

  // ---------------------------------------------------------------- UI
  const menus = [];
  const sidebars = [];
  const alerts = [];
  const Button = enumOf('Ui.Button', ['OK', 'CANCEL', 'YES', 'NO', 'CLOSE']);
  const ButtonSet = enumOf('Ui.ButtonSet', ['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL']);
  function makeMenu(kind, title) {
    const m = { kind, title, items: [], added: false };
    const api = fake('Menu', {
      addItem: (caption, functionName) => {
        if (typeof caption !== 'string' || typeof functionName !== 'string') fail('Menu.addItem(caption, functionName) takes two strings');
        m.items.push({ caption, functionName });
        return api;
      },
      addSeparator: () => { m.items.push({ separator: true }); return api; },
      addSubMenu: (sub) => { m.items.push({ subMenu: sub.__menu }); return api; },
      addToUi: () => { m.added = true; },
    }, () => `Menu(${title ?? 'add-on'})`);
    Object.defineProperty(api, '__menu', { value: m });
    menus.push(m);
    return api;
  }
  const ui = fake('Ui', {
    createAddonMenu: () => makeMenu('addon'),
    createMenu: (title) => makeMenu('menu', title),
    showSidebar: (html) => {
      if (!html || html.__type !== 'HtmlOutput') fail('Ui.showSidebar: expects an HtmlOutput');
      sidebars.push(html.__state);
    },
    showModalDialog: (html, title) => { sidebars.push({ ...html.__state, dialog: title }); },
    showModelessDialog: (html, title) => { sidebars.push({ ...html.__state, dialog: title }); },
    alert: (...args) => { alerts.push(args.filter((a) => typeof a === 'string')); return Button.OK; },
  });
  Object.defineProperty(ui, 'Button', { value: Button });
  Object.defineProperty(ui, 'ButtonSet', { value: ButtonSet });

  const SpreadsheetApp = fake('SpreadsheetApp', {
    getActiveSpreadsheet: () => spreadsheet,
    getActive: () => spreadsheet,
    getActiveSheet: () => spreadsheet.getActiveSheet(),
    getActiveRange: () => activeRange,
    getUi: () => ui,
    newConditionalFormatRule: () => conditionalFormatRuleBuilder(),
    flush: () => {},
  });

  // ---------------------------------------------------------------- Charts
  const Charts = fake('Charts', {});
  Object.defineProperty(Charts, 'ChartType', {
    value: enumOf('Charts.ChartType', ['AREA', 'BAR', 'BUBBLE', 'CANDLESTICK', 'COLUMN', 'COMBO', 'GAUGE', 'GEO', 'HISTOGRAM', 'RADAR', 'LINE', 'ORG', 'PIE', 'SCATTER', 'SPARKLINE', 'STEPPED_AREA', 'TABLE', 'TIMELINE', 'TREEMAP', 'WATERFALL']),
  });
  Object.defineProperty(Charts, 'ChartHiddenDimensionStrategy', {
    value: enumOf('Charts.ChartHiddenDimensionStrategy', ['IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH']),
  });
  Object.defineProperty(Charts, 'ChartMergeStrategy', { value: enumOf('Charts.ChartMergeStrategy', ['MERGE_COLUMNS', 'MERGE_ROWS']) });
  Object.defineProperty(Charts, 'CurveStyle', { value: enumOf('Charts.CurveStyle', ['NORMAL', 'SMOOTH']) });

  // ---------------------------------------------------------------- HtmlService
  const htmlFile = (name) => {
    const file = join(distDir ?? '.', `${name}.html`);
    if (!distDir || !existsSync(file)) fail(`HtmlService: No HTML file named ${name} was found.`);
    return readFileSync(file, 'utf8');
  };
  function htmlOutput(content) {
    const state = { content, title: null, width: null, height: null };
    const out = fake('HtmlOutput', {
      setTitle: (t) => { state.title = t; return out; },
      getTitle: () => state.title,
      setWidth: (w) => { state.width = w; return out; },
      setHeight: (h) => { state.height = h; return out; },
      getContent: () => state.content,
      append: (s) => { state.content += s; return out; },
      setSandboxMode: () => out,
      setXFrameOptionsMode: () => out,
      addMetaTag: () => out,
      setFaviconUrl: () => out,
    });
    Object.defineProperty(out, '__state', { value: state });
    return out;
  }
  const HtmlService = fake('HtmlService', {
    createHtmlOutputFromFile: (name) => htmlOutput(htmlFile(name)),
    createHtmlOutput: (html = '') => htmlOutput(String(html)),
    createTemplateFromFile: (name) => {
      const raw = htmlFile(name);
      const t = fake('HtmlTemplate', {
        evaluate: () => {
          if (/<\?/.test(raw)) fail('HtmlTemplate.evaluate: the fake does not evaluate scriptlets (<? ?>)');
          return htmlOutput(raw);
        },
        getRawContent: () => raw,
      });
      return t;
    },
  });
  Object.defineProperty(HtmlService, 'SandboxMode', { value: enumOf('HtmlService.SandboxMode', ['IFRAME', 'NATIVE', 'EMULATED']) });
  Object.defineProperty(HtmlService, 'XFrameOptionsMode', { value: enumOf('HtmlService.XFrameOptionsMode', ['ALLOWALL', 'DEFAULT']) });

  // ---------------------------------------------------------------- PropertiesService
  function properties(kind) {
    const store = new Map();
    const api = fake(`Properties(${kind})`, {
      getProperty: (k) => (store.has(String(k)) ? store.get(String(k)) : null),
      setProperty: (k, v) => {
        const s = String(v);
        const bytes = Buffer.byteLength(s, 'utf8');
        if (bytes > LIMITS.propertyValue) fail(`Properties.setProperty("${k}"): Argument too large: value (${bytes} bytes > 9 KB)`);
        store.set(String(k), s);
        return api;
      },
      deleteProperty: (k) => { store.delete(String(k)); return api; },
      getProperties: () => toRealm(Object.fromEntries(store)),
      setProperties: (obj) => { for (const [k, v] of Object.entries(obj)) api.setProperty(k, v); return api; },
      deleteAllProperties: () => { store.clear(); return api; },
      getKeys: () => toRealm([...store.keys()]),
    });
    Object.defineProperty(api, '__store', { value: store });
    return api;
  }
  const userProperties = properties('user');
  const documentProperties = properties('document');
  const scriptProperties = properties('script');
  const PropertiesService = fake('PropertiesService', {
    getUserProperties: () => userProperties,
    getDocumentProperties: () => documentProperties,
    getScriptProperties: () => scriptProperties,
  });

  // ---------------------------------------------------------------- CacheService
  function cache(kind) {
    const store = new Map();
    const checkKey = (k) => {
      if (typeof k !== 'string') fail(`Cache(${kind}): the key must be a string, got ${typeof k}`);
      if (k.length > LIMITS.cacheKey) fail(`Cache(${kind}): Argument too large: key (${k.length} characters)`);
    };
    const checkValue = (k, v) => {
      if (typeof v !== 'string') fail(`Cache(${kind}).put("${k}"): the value must be a string, got ${typeof v}`);
      const bytes = Buffer.byteLength(v, 'utf8');
      if (bytes > LIMITS.cacheValue) fail(`Cache(${kind}).put("${k}"): Argument too large: value (${bytes} bytes > 100 KB)`);
    };
    const api = fake(`Cache(${kind})`, {
      get: (k) => { checkKey(k); return store.has(k) ? store.get(k) : null; },
      put: (k, v, seconds) => {
        checkKey(k);
        checkValue(k, v);
        if (seconds !== undefined && (typeof seconds !== 'number' || seconds < 1 || seconds > 21600)) fail(`Cache(${kind}).put: expiration ${seconds} is outside 1..21600 seconds`);
        store.set(k, v);
      },
      remove: (k) => { checkKey(k); store.delete(k); },
      getAll: (keys) => {
        const out = {};
        for (const k of keys) { checkKey(k); if (store.has(k)) out[k] = store.get(k); }
        return toRealm(out);
      },
      putAll: (values, seconds) => {
        for (const [k, v] of Object.entries(values)) { checkKey(k); checkValue(k, v); }
        if (seconds !== undefined && (typeof seconds !== 'number' || seconds < 1 || seconds > 21600)) fail(`Cache(${kind}).putAll: expiration ${seconds} is outside 1..21600 seconds`);
        for (const [k, v] of Object.entries(values)) store.set(k, v);
      },
      removeAll: (keys) => { for (const k of keys) store.delete(k); },
    });
    Object.defineProperty(api, '__store', { value: store });
    return api;
  }
  const userCache = cache('user');
  const documentCache = cache('document');
  const scriptCache = cache('script');
  const CacheService = fake('CacheService', {
    getUserCache: () => userCache,
    getDocumentCache: () => documentCache,
    getScriptCache: () => scriptCache,
  });

  // ---------------------------------------------------------------- Logger, Session
  const logLines = [];
  const Logger = fake('Logger', {
    log: (...args) => { logLines.push(args.map(String).join(' ')); return Logger; },
    getLog: () => logLines.join('\n'),
    clear: () => { logLines.length = 0; },
  });
  const user = fake('User', { getEmail: () => 'user@example.com' });
  const Session = fake('Session', {
    getActiveUser: () => user,
    getEffectiveUser: () => user,
    getActiveUserLocale: () => 'en',
    getScriptTimeZone: () => timeZone,
    getTemporaryActiveUserKey: () => 'fake-user-key',
  });

  // ---------------------------------------------------------------- UrlFetchApp, ScriptApp
  /** Every UrlFetchApp.fetch, as `{url, method, headers, contentType, payload, muteHttpExceptions}`. */
  const requests = [];
  /** The server behind UrlFetchApp: `(request) => ({status, body})`; null: every host unreachable. */
  let server = null;
  const UrlFetchApp = fake('UrlFetchApp', {
    fetch: (url, params = {}) => {
      const method = String(params.method ?? 'get').toLowerCase();
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) fail(`UrlFetchApp.fetch: invalid method ${params.method}`);
      if (params.payload !== undefined && typeof params.payload !== 'string' && typeof params.payload !== 'object') {
        fail('UrlFetchApp.fetch: the payload must be a string, bytes or an object');
      }
      const req = {
        url: String(url),
        method: method.toUpperCase(),
        headers: { ...(params.headers ?? {}) },
        contentType: params.contentType ?? null,
        payload: params.payload ?? null,
        muteHttpExceptions: Boolean(params.muteHttpExceptions),
      };
      requests.push(req);
      if (!server) throw new Error(`Address unavailable: ${req.url}`);
      const { status = 200, body = '' } = server(req) ?? {};
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      if (status >= 400 && !req.muteHttpExceptions) {
        throw new Error(`Request failed for ${req.url} returned code ${status}. Truncated server response: ${text.slice(0, 100)}`);
      }
      return fake('HTTPResponse', {
        getResponseCode: () => status,
        getContentText: () => text,
        getHeaders: () => toRealm({ 'Content-Type': 'application/json' }),
      }, () => `HTTPResponse(${status} ${req.url})`);
    },
  });
  let identityToken = 'fake-google-identity-token';
  const ScriptApp = fake('ScriptApp', {
    getIdentityToken: () => identityToken,
    getOAuthToken: () => 'fake-oauth-token',
  });

  /** Adds a sheet named `name` with `values` written at (row, col) and selects that block. */
  function seedSheet(name, values, { row = 1, col = 1, select = true } = {}) {
    let s = sheets.find((x) => x.name === name);
    if (!s) {
      s = makeSheet(name);
      sheets.push(s);
    }
    values.forEach((r, i) => r.forEach((v, j) => {
      if (v !== '' && v !== null && v !== undefined) s.values.set(cellKey(row + i, col + j), v);
    }));
    if (select) {
      activeSheet = s;
      activeRange = makeRange(s, row, col, values.length, Math.max(...values.map((r) => r.length)));
    }
    return s;
  }

  /** Makes `sheetName`!(row, col, numRows × numCols) the active range. */
  function selectRange(sheetName, row, col, numRows = 1, numCols = 1) {
    const s = sheets.find((x) => x.name === sheetName);
    activeSheet = s;
    activeRange = makeRange(s, row, col, numRows, numCols);
  }

  return {
    selectRange,
    /** The globals Apps Script would give the add-on. */
    globals: { SpreadsheetApp, Charts, HtmlService, PropertiesService, CacheService, Logger, Session, UrlFetchApp, ScriptApp },
    calls,
    errors,
    setRealm,
    /** Copies call arguments into the add-on's realm (undefined stays undefined). */
    toRealmArgs: (args) => args.map((a) => (a === undefined ? undefined : toRealm(a))),
    seedSheet,
    sheets,
    sheet: (name) => sheets.find((s) => s.name === name),
    spreadsheet: spreadsheetState,
    menus,
    sidebars,
    alerts,
    logLines,
    userCache,
    documentCache,
    userProperties,
    documentProperties,
    scriptProperties,
    /** UrlFetchApp's requests, in order. */
    requests,
    /** Puts a server behind UrlFetchApp (`(request) => ({status, body})`; null: unreachable). */
    setServer: (fn) => {
      server = fn;
    },
    /** What ScriptApp.getIdentityToken returns. */
    setIdentityToken: (t) => {
      identityToken = t;
    },
    /** The recorded calls of `api` (e.g. "Range.setValues"), optionally on one target prefix. */
    callsOf: (api, targetPrefix) => calls.filter((c) => c.api === api && (!targetPrefix || String(c.target).startsWith(targetPrefix))),
  };
}
