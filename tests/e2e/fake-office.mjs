// A fake Office host for the end-to-end tests, installed with `context.addInitScript(installFakeOffice,
// config)` before any page script runs (office.js itself is then answered with an empty script).
//
// It provides `Office` (onReady resolving with the configured host), `Excel` (run, RequestContext,
// every enum of office.d.ts) over an in-memory workbook, `OfficeExtension.Error`, and
// `CustomFunctions` (associate records the handlers into `window.__cf`).
//
// It is strict: every member the page touches is checked against the real API read from
// office.d.ts (`config.api`, see office-api.mjs); a member the fake lacks, a member that does not
// exist, a property read before load() + sync(), a write of the wrong shape, an invalid enum value,
// a duplicate sheet or table name… is recorded in `window.__excelErrors` (and, where Excel would
// fail the batch, rejects the next sync). Every operation is recorded in `window.__excelCalls`;
// `window.__excelSnapshot()` returns the workbook (cells, tables, charts, conditional formats).
//
// The function below is serialised into the page: it must not refer to anything outside itself.
export function installFakeOffice(config) {
  const api = config.api;
  const calls = [];
  const errors = [];
  const apiUsed = {};
  window.__excelCalls = calls;
  window.__excelErrors = errors;
  window.__excelApiUsed = apiUsed;
  window.__cf = new Map();
  const record = (op, detail) => calls.push(Object.assign({ op }, detail || {}));
  const fail = (msg) => {
    if (!errors.includes(msg)) errors.push(msg);
  };
  const clone = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

  class OfficeExtensionError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'RichApi.Error';
      this.code = code;
      this.debugInfo = { code, message };
    }
  }

  // ---- A1 addresses ----------------------------------------------------------------------
  const MAXR = 1048575;
  const MAXC = 16383;
  const colName = (c) => {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const colIndex = (s) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const quoteSheet = (name) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name : `'${name.replace(/'/g, "''")}'`);
  const a1 = (b) => {
    const tl = colName(b.c0) + (b.r0 + 1);
    return b.r0 === b.r1 && b.c0 === b.c1 ? tl : `${tl}:${colName(b.c1)}${b.r1 + 1}`;
  };
  const fullAddress = (sheet, b) => `${quoteSheet(sheet.name)}!${a1(b)}`;
  function parseAddress(text) {
    let rest = String(text).trim();
    let sheet = null;
    const m = /^(?:'((?:[^']|'')+)'|([^!'\s]+))!(.*)$/.exec(rest);
    if (m) {
      sheet = m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
      rest = m[3];
    }
    const parts = rest.split(':');
    if (parts.length > 2) return null;
    const cell = (p) => {
      let x;
      if ((x = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(p))) return { r: Number(x[2]) - 1, c: colIndex(x[1]) };
      if ((x = /^\$?([A-Za-z]{1,3})$/.exec(p))) return { c: colIndex(x[1]) };
      if ((x = /^\$?(\d+)$/.exec(p))) return { r: Number(x[1]) - 1 };
      return null;
    };
    const a = cell(parts[0]);
    const b = parts.length === 2 ? cell(parts[1]) : a;
    if (!a || !b || (a.r === undefined) !== (b.r === undefined) || (a.c === undefined) !== (b.c === undefined)) return null;
    const r0 = a.r === undefined ? 0 : Math.min(a.r, b.r);
    const r1 = a.r === undefined ? MAXR : Math.max(a.r, b.r);
    const c0 = a.c === undefined ? 0 : Math.min(a.c, b.c);
    const c1 = a.c === undefined ? MAXC : Math.max(a.c, b.c);
    if (r0 < 0 || c0 < 0 || r1 > MAXR || c1 > MAXC) return null;
    return { sheet, r0, c0, r1, c1 };
  }
  const inside = (x, y) => x.r0 >= y.r0 && x.r1 <= y.r1 && x.c0 >= y.c0 && x.c1 <= y.c1;
  const overlaps = (x, y) => x.r0 <= y.r1 && y.r0 <= x.r1 && x.c0 <= y.c1 && y.c0 <= x.c1;

  // ---- The workbook model ------------------------------------------------------------------
  const model = { sheets: [], nextSheetId: 1, nextTableId: 1, nextChartId: 1, active: null, selection: null };
  function newSheet(name) {
    const sheet = {
      id: `{sheet-${model.nextSheetId++}}`, name, cells: new Map(), tables: [], charts: [], cfs: [],
      props: { visibility: 'Visible', showGridlines: true, tabColor: '', position: model.sheets.length },
      frozen: null,
    };
    model.sheets.push(sheet);
    return sheet;
  }
  const cellAt = (sheet, r, c) => sheet.cells.get(`${r},${c}`);
  const cellFor = (sheet, r, c) => {
    const k = `${r},${c}`;
    if (!sheet.cells.has(k)) sheet.cells.set(k, { value: '', numberFormat: 'General', formula: null });
    return sheet.cells.get(k);
  };
  for (const s of config.sheets) {
    const sheet = newSheet(s.name);
    (s.values || []).forEach((row, r) => row.forEach((v, c) => { cellFor(sheet, r, c).value = v; }));
    (s.numberFormat || []).forEach((row, r) => row.forEach((f, c) => { cellFor(sheet, r, c).numberFormat = f; }));
  }
  model.active = model.sheets[0];
  {
    const sel = parseAddress(config.selection.address);
    model.selection = { sheet: model.sheets.find((s) => s.name === config.selection.sheet), box: sel };
  }
  const allTables = () => model.sheets.flatMap((s) => s.tables);

  const isColor = (v) => typeof v === 'string' && (/^#[0-9a-fA-F]{6}$/.test(v) || /^[A-Za-z]+$/.test(v));
  const ENUM_OF = {
    horizontalAlignment: 'HorizontalAlignment',
    verticalAlignment: 'VerticalAlignment',
    underline: 'RangeUnderlineStyle',
    visibility: 'SheetVisibility',
    chartType: 'ChartType',
    markerStyle: 'ChartMarkerStyle',
    lineStyle: 'ChartLineStyle',
  };

  // ---- Contexts and strict client objects --------------------------------------------------
  let contextSeq = 0;
  function makeContext() {
    const ctx = { id: ++contextSeq, pending: [], failures: [], ended: false, syncs: 0, cache: new Map() };
    ctx.reject = (code, message) => {
      fail(`${code}: ${message}`);
      ctx.failures.push(new OfficeExtensionError(code, message));
    };
    ctx.sync = (passThrough) => {
      if (ctx.ended) fail('RequestContext.sync() after its Excel.run ended');
      record('sync', { context: ctx.id });
      return new Promise((resolve, reject) => setTimeout(() => {
        const pending = ctx.pending.splice(0);
        for (const f of pending) f();
        ctx.syncs++;
        const failures = ctx.failures.splice(0);
        if (failures.length) reject(failures[0]);
        else resolve(passThrough);
      }, 0));
    };
    ctx.proxy = make(ctx, {
      type: 'RequestContext',
      path: `RequestContext#${ctx.id}`,
      extraKnown: ['sync', 'trackedObjects', 'load', 'debugInfo'],
      nav: {
        workbook: () => workbookObject(ctx),
        application: () => applicationObject(ctx),
      },
      methods: {
        sync: (v) => ctx.sync(v),
        load: (obj, props) => obj.load(props),
      },
      plain: {
        trackedObjects: { add() {}, remove() {} },
      },
    });
    return ctx;
  }

  function loadNames(arg) {
    if (arg === undefined || arg === null) return [];
    if (typeof arg === 'string') return arg.split(',').map((s) => s.trim()).filter(Boolean);
    if (Array.isArray(arg)) return arg.flatMap(loadNames);
    if (typeof arg === 'object') {
      if ('select' in arg || 'expand' in arg) return [...loadNames(arg.select), ...loadNames(arg.expand)];
      return Object.keys(arg).filter((k) => !['$all', '$top', '$skip'].includes(k));
    }
    return [String(arg)];
  }

  /**
   * A strict client object. spec: { type, path, props: { name: { get, set, ro, enum, color } },
   * nav: { name: () => proxy }, methods: { name: fn }, items: () => proxies (collections),
   * isNull, plain: { name: value } }.
   */
  function make(ctx, spec) {
    const type = spec.type;
    const real = api.classes[type];
    const props = spec.props || {};
    const nav = spec.nav || {};
    const methods = spec.methods || {};
    const plain = spec.plain || {};
    const known = new Set([...(spec.extraKnown || [])]);
    if (!real) fail(`fake: ${type} is not a class of the Excel API`);
    else {
      for (const k of [...Object.keys(props), ...Object.keys(nav), ...Object.keys(methods), ...Object.keys(plain)]) {
        if (!(k in real) && !known.has(k)) fail(`fake: ${type}.${k} is not in office.d.ts`);
      }
    }
    const state = { loaded: new Set(), assigned: new Map(), navCache: new Map(), createdAt: ctx.syncs };
    const alive = () => {
      if (ctx.ended) fail(`${spec.path}: used after its Excel.run ended`);
    };
    const use = (k) => {
      if (real && real[k]) apiUsed[`${type}.${k}`] = real[k];
    };
    const readProp = (k) => {
      if (state.assigned.has(k)) return state.assigned.get(k);
      if (!state.loaded.has(k)) {
        const msg = `PropertyNotLoaded: ${type}.${k} (${spec.path}) read before load() and sync()`;
        fail(msg);
        throw new OfficeExtensionError('PropertyNotLoaded', msg);
      }
      if (spec.isNull) return null;
      const p = props[k];
      return clone(p.get ? p.get() : p.value);
    };
    const markLoaded = (names) => {
      for (const full of names) {
        const [head, ...rest] = full.split('/');
        if (head === 'items' && spec.items) {
          state.loaded.add('items');
          for (const item of spec.items()) item.__markLoaded(rest.length ? [rest.join('/')] : []);
        } else if (spec.items && !(head in props)) {
          state.loaded.add('items');
          for (const item of spec.items()) item.__markLoaded([full]);
        } else if (head in props) {
          state.loaded.add(head);
        } else if (head in nav) {
          self[head].__markLoaded(rest.length ? [rest.join('/')] : []);
        }
      }
      if (!names.length) {
        for (const k of Object.keys(props)) state.loaded.add(k);
        if (spec.items) {
          state.loaded.add('items');
          for (const item of spec.items()) item.__markLoaded([]);
        }
      }
    };
    const checkLoadable = (names) => {
      for (const full of names) {
        const head = full.split('/')[0];
        const ok = head in props || head in nav || head === 'items' || head === 'isNullObject'
          || (spec.items && real && head in (api.classes[spec.itemType] || {}));
        if (!ok) fail(`${type}.load("${full}"): no such property`);
      }
    };
    const setProp = (k, v) => {
      alive();
      const p = props[k];
      if (!p) {
        if (k in nav) fail(`${type}.${k} is read-only (a navigation property)`);
        else if (real && k in real) fail(`${type}.${k}: real Office.js API (${real[k] || 'no api set'}) the fake does not implement (write)`);
        else fail(`${type}.${k}: not in the Excel API (write)`);
        return;
      }
      use(k);
      if (p.ro) {
        fail(`${type}.${k} is read-only`);
        return;
      }
      const enumName = p.enum || ENUM_OF[k];
      if (enumName && !Object.values(api.enums[enumName] || {}).includes(v)) {
        ctx.reject('InvalidArgument', `${type}.${k} = ${JSON.stringify(v)} is not an Excel.${enumName} value`);
        return;
      }
      if (p.color && !isColor(v)) {
        ctx.reject('InvalidArgument', `${type}.${k} = ${JSON.stringify(v)} is not a color`);
        return;
      }
      record('set', { on: spec.path, prop: k, value: clone(v) });
      state.assigned.set(k, v);
      if (p.set) p.set(v);
    };
    let self;
    const builtins = {
      context: () => ctx.proxy,
      load: () => (arg) => {
        alive();
        use('load');
        const names = loadNames(arg);
        checkLoadable(names);
        record('load', { on: spec.path, names });
        ctx.pending.push(() => markLoaded(names));
        return self;
      },
      toJSON: () => () => {
        const o = {};
        for (const k of state.loaded) if (k in props) o[k] = clone(props[k].get ? props[k].get() : props[k].value);
        return o;
      },
      isNullObject: () => {
        if (ctx.syncs <= state.createdAt) {
          const msg = `PropertyNotLoaded: ${type}.isNullObject (${spec.path}) read before sync()`;
          fail(msg);
          throw new OfficeExtensionError('PropertyNotLoaded', msg);
        }
        return !!spec.isNull;
      },
      set: () => (values) => {
        alive();
        use('set');
        for (const [k, v] of Object.entries(values || {})) {
          if (k in nav && v && typeof v === 'object') self[k].set(v);
          else setProp(k, v);
        }
      },
      __markLoaded: () => markLoaded,
      __spec: () => spec,
    };
    const handler = {
      get(_t, k) {
        if (typeof k === 'symbol') return undefined;
        if (k === 'then') return undefined;
        if (k in builtins && (k.startsWith('__') || !real || k in real || known.has(k) || k === 'isNullObject')) {
          if (k === 'isNullObject' && !spec.nullable) {
            fail(`${type}.isNullObject on an object that is not an *OrNullObject result`);
          }
          return builtins[k]();
        }
        if (k in props) {
          use(k);
          if (k === 'items') {
            if (!state.loaded.has('items')) {
              const msg = `PropertyNotLoaded: ${type}.items (${spec.path}) read before load() and sync()`;
              fail(msg);
              throw new OfficeExtensionError('PropertyNotLoaded', msg);
            }
            return spec.items();
          }
          return readProp(k);
        }
        if (k in nav) {
          use(k);
          if (!state.navCache.has(k)) state.navCache.set(k, nav[k]());
          return state.navCache.get(k);
        }
        if (k in methods) {
          use(k);
          return (...args) => {
            alive();
            return methods[k](...args);
          };
        }
        if (k in plain) return plain[k];
        if (real && k in real) fail(`${type}.${k}: real Office.js API (${real[k] || 'no api set'}) the fake does not implement`);
        else fail(`${type}.${k}: not in the Excel API`);
        return undefined;
      },
      set(_t, k, v) {
        if (typeof k === 'symbol') return true;
        setProp(k, v);
        return true;
      },
      has(_t, k) {
        return k in props || k in nav || k in methods || k in builtins;
      },
    };
    self = new Proxy({}, handler);
    return self;
  }

  const cached = (ctx, key, build) => {
    if (!ctx.cache.has(key)) ctx.cache.set(key, build());
    return ctx.cache.get(key);
  };

  // ---- Workbook, application -------------------------------------------------------------------
  function workbookObject(ctx) {
    return make(ctx, {
      type: 'Workbook',
      path: 'Workbook',
      nav: {
        worksheets: () => worksheetCollection(ctx),
        tables: () => tableCollection(ctx, null),
      },
      methods: {
        getSelectedRange: () => {
          record('workbook.getSelectedRange');
          const s = model.selection;
          return rangeObject(ctx, s.sheet, s.box);
        },
        getActiveCell: () => {
          const s = model.selection;
          return rangeObject(ctx, s.sheet, { r0: s.box.r0, c0: s.box.c0, r1: s.box.r0, c1: s.box.c0 });
        },
      },
    });
  }

  function applicationObject(ctx) {
    return make(ctx, {
      type: 'Application',
      path: 'Application',
      props: { calculationMode: { value: 'Automatic', enum: 'CalculationMode' } },
      methods: {
        suspendApiCalculationUntilNextSync: () => record('application.suspendApiCalculationUntilNextSync'),
        suspendScreenUpdatingUntilNextSync: () => record('application.suspendScreenUpdatingUntilNextSync'),
      },
    });
  }

  // ---- Worksheets ----------------------------------------------------------------------------
  function worksheetCollection(ctx) {
    const byName = (name) => model.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase()
      || s.id === name);
    return make(ctx, {
      type: 'WorksheetCollection',
      path: 'Worksheets',
      itemType: 'Worksheet',
      items: () => model.sheets.map((s) => worksheetObject(ctx, s)),
      props: { items: { ro: true } },
      methods: {
        add: (name) => {
          const taken = name !== undefined && byName(name);
          record('worksheets.add', { name });
          if (name !== undefined && (typeof name !== 'string' || !name || name.length > 31 || /[\\/?*[\]:]/.test(name)
            || /^'|'$/.test(name))) {
            ctx.reject('InvalidArgument', `worksheets.add(${JSON.stringify(name)}): not a valid sheet name`);
          }
          if (taken) {
            ctx.reject('ItemAlreadyExists', `worksheets.add(${JSON.stringify(name)}): a sheet with that name exists`);
            return worksheetObject(ctx, taken);
          }
          const sheet = newSheet(name === undefined ? `Sheet${model.sheets.length + 1}` : name);
          return worksheetObject(ctx, sheet);
        },
        getItem: (key) => {
          const s = byName(key);
          if (!s) {
            ctx.reject('ItemNotFound', `worksheets.getItem(${JSON.stringify(key)}): no such sheet`);
            return worksheetObject(ctx, null, String(key));
          }
          return worksheetObject(ctx, s);
        },
        getItemOrNullObject: (key) => {
          const s = byName(key);
          return s ? worksheetObject(ctx, s, undefined, true) : worksheetObject(ctx, null, String(key), true);
        },
        getActiveWorksheet: () => worksheetObject(ctx, model.active),
        getFirst: () => worksheetObject(ctx, model.sheets[0]),
        getCount: () => clientResult(ctx, () => model.sheets.length),
      },
    });
  }

  function clientResult(ctx, get) {
    const at = ctx.syncs;
    let value;
    ctx.pending.push(() => { value = get(); });
    return {
      get value() {
        if (ctx.syncs <= at) {
          fail('ClientResult.value read before sync()');
          throw new OfficeExtensionError('PropertyNotLoaded', 'ClientResult.value read before sync()');
        }
        return value;
      },
    };
  }

  function worksheetObject(ctx, sheet, missingName, nullable) {
    const key = `ws:${sheet ? sheet.id : `null:${missingName}`}:${nullable ? 'n' : ''}`;
    return cached(ctx, key, () => {
      const p = (k, extra) => Object.assign({ get: () => sheet && sheet.props[k], set: (v) => { if (sheet) sheet.props[k] = v; } }, extra);
      return make(ctx, {
        type: 'Worksheet',
        path: `Worksheet[${sheet ? sheet.name : missingName}]`,
        isNull: !sheet,
        nullable,
        props: {
          name: {
            get: () => sheet && sheet.name,
            set: (v) => {
              if (!sheet) return;
              if (model.sheets.some((s) => s !== sheet && s.name.toLowerCase() === String(v).toLowerCase())) {
                ctx.reject('ItemAlreadyExists', `Worksheet.name = ${JSON.stringify(v)}: a sheet with that name exists`);
              } else sheet.name = v;
            },
          },
          id: { get: () => sheet && sheet.id, ro: true },
          position: p('position'),
          visibility: p('visibility'),
          showGridlines: p('showGridlines'),
          tabColor: p('tabColor', { color: true }),
        },
        nav: {
          tables: () => tableCollection(ctx, sheet),
          charts: () => chartCollection(ctx, sheet),
          freezePanes: () => freezePanesObject(ctx, sheet),
        },
        methods: {
          getRange: (address) => {
            if (address === undefined || address === '') return rangeObject(ctx, sheet, { r0: 0, c0: 0, r1: MAXR, c1: MAXC });
            const b = parseAddress(address);
            if (!b) {
              ctx.reject('InvalidArgument', `Worksheet.getRange(${JSON.stringify(address)}): not an address`);
              return rangeObject(ctx, sheet, { r0: 0, c0: 0, r1: 0, c1: 0 });
            }
            if (b.sheet && sheet && b.sheet !== sheet.name) {
              ctx.reject('InvalidArgument', `Worksheet[${sheet.name}].getRange(${JSON.stringify(address)}): another sheet`);
            }
            return rangeObject(ctx, sheet, b);
          },
          getRangeByIndexes: (r, c, rows, cols) => {
            if (![r, c, rows, cols].every(Number.isInteger) || r < 0 || c < 0 || rows < 1 || cols < 1) {
              ctx.reject('InvalidArgument', `getRangeByIndexes(${r}, ${c}, ${rows}, ${cols})`);
              return rangeObject(ctx, sheet, { r0: 0, c0: 0, r1: 0, c1: 0 });
            }
            return rangeObject(ctx, sheet, { r0: r, c0: c, r1: r + rows - 1, c1: c + cols - 1 });
          },
          getCell: (r, c) => rangeObject(ctx, sheet, { r0: r, c0: c, r1: r, c1: c }),
          getUsedRange: () => rangeObject(ctx, sheet, usedBox(sheet)),
          activate: () => {
            record('worksheet.activate', { sheet: sheet && sheet.name });
            if (sheet) model.active = sheet;
          },
          delete: () => {
            record('worksheet.delete', { sheet: sheet && sheet.name });
            if (sheet) model.sheets.splice(model.sheets.indexOf(sheet), 1);
          },
        },
      });
    });
  }

  function usedBox(sheet) {
    let b = null;
    for (const [k, cell] of sheet.cells) {
      if (cell.value === '' || cell.value === null) continue;
      const [r, c] = k.split(',').map(Number);
      b = b ? { r0: Math.min(b.r0, r), c0: Math.min(b.c0, c), r1: Math.max(b.r1, r), c1: Math.max(b.c1, c) } : { r0: r, c0: c, r1: r, c1: c };
    }
    return b || { r0: 0, c0: 0, r1: 0, c1: 0 };
  }

  function freezePanesObject(ctx, sheet) {
    return make(ctx, {
      type: 'WorksheetFreezePanes',
      path: `FreezePanes[${sheet && sheet.name}]`,
      methods: {
        freezeRows: (n) => { record('freezePanes.freezeRows', { sheet: sheet.name, count: n }); sheet.frozen = { rows: n, columns: 0 }; },
        freezeColumns: (n) => { record('freezePanes.freezeColumns', { sheet: sheet.name, count: n }); sheet.frozen = { rows: 0, columns: n }; },
        freezeAt: (r) => { record('freezePanes.freezeAt', { sheet: sheet.name, range: addressOf(ctx, r) }); },
        unfreeze: () => { record('freezePanes.unfreeze', { sheet: sheet.name }); sheet.frozen = null; },
      },
    });
  }

  // ---- Ranges -------------------------------------------------------------------------------------
  function checkMatrix(ctx, what, box, v, cellOk) {
    const rows = box.r1 - box.r0 + 1;
    const cols = box.c1 - box.c0 + 1;
    if (!Array.isArray(v)) {
      if (cellOk(v)) return true;
      ctx.reject('InvalidArgument', `${what}: ${JSON.stringify(v)} is neither a 2-D array nor a single value`);
      return false;
    }
    if (v.length !== rows || v.some((row) => !Array.isArray(row) || row.length !== cols)) {
      const shape = `${v.length}×${Array.isArray(v[0]) ? v[0].length : '?'}`;
      ctx.reject('InvalidArgument', `${what}: a ${shape} array written to a ${rows}×${cols} range`);
      return false;
    }
    for (const row of v) {
      for (const x of row) {
        if (!cellOk(x)) {
          ctx.reject('InvalidArgument', `${what}: cell value ${JSON.stringify(x)} (${typeof x}) cannot be written`);
          return false;
        }
      }
    }
    return true;
  }
  const valueOk = (x) => x === null || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
  const formatOk = (x) => x === null || typeof x === 'string';

  function eachCell(box, v, f) {
    for (let r = box.r0; r <= box.r1; r++) {
      for (let c = box.c0; c <= box.c1; c++) {
        const x = Array.isArray(v) ? v[r - box.r0][c - box.c0] : v;
        if (x !== null) f(r, c, x);
      }
    }
  }
  const grid = (sheet, box, f) => {
    const out = [];
    for (let r = box.r0; r <= box.r1; r++) {
      const row = [];
      for (let c = box.c0; c <= box.c1; c++) row.push(f(cellAt(sheet, r, c)));
      out.push(row);
    }
    return out;
  };
  const isDateFormat = (f) => /[dy]/i.test(f.replace(/"[^"]*"|\[[^\]]*\]/g, ''));
  const cellText = (cell) => {
    if (!cell) return '';
    if (typeof cell.value === 'number' && isDateFormat(cell.numberFormat)) {
      return new Date(Math.round((cell.value - 25569) * 86400000)).toISOString().slice(0, 10);
    }
    return String(cell.value);
  };

  function addressOf(ctx, r) {
    if (typeof r === 'string') return r;
    if (r && typeof r.__spec === 'object' && r.__spec.box) return fullAddress(r.__spec.sheet, r.__spec.box);
    return null;
  }

  function usedWithin(sheet, box) {
    const u = usedBox(sheet);
    if (!sheet.cells.size || !overlaps(u, box)) return null;
    let b = null;
    for (const [k, cell] of sheet.cells) {
      if (cell.value === '' || cell.value === null) continue;
      const [r, c] = k.split(',').map(Number);
      if (r < box.r0 || r > box.r1 || c < box.c0 || c > box.c1) continue;
      b = b ? { r0: Math.min(b.r0, r), c0: Math.min(b.c0, c), r1: Math.max(b.r1, r), c1: Math.max(b.c1, c) } : { r0: r, c0: c, r1: r, c1: c };
    }
    return b;
  }

  function rangeObject(ctx, sheet, box, nullable, isNull) {
    if (!sheet) {
      fail('a range of a sheet that does not exist');
      sheet = newSheet('#missing');
    }
    const rows = box.r1 - box.r0 + 1;
    const cols = box.c1 - box.c0 + 1;
    const path = `Range[${fullAddress(sheet, box)}]`;
    const sub = (b) => {
      if (b.r0 < box.r0 || b.c0 < box.c0 || b.r1 > MAXR || b.c1 > MAXC || b.r0 > b.r1 || b.c0 > b.c1) {
        ctx.reject('InvalidArgument', `${path}: a range outside the sheet (${JSON.stringify(b)})`);
      }
      return rangeObject(ctx, sheet, b);
    };
    const spec = {
      type: 'Range',
      path,
      sheet,
      box,
      nullable,
      isNull,
      props: {
        address: { ro: true, get: () => fullAddress(sheet, box) },
        addressLocal: { ro: true, get: () => fullAddress(sheet, box) },
        rowCount: { ro: true, get: () => rows },
        columnCount: { ro: true, get: () => cols },
        cellCount: { ro: true, get: () => rows * cols },
        rowIndex: { ro: true, get: () => box.r0 },
        columnIndex: { ro: true, get: () => box.c0 },
        values: {
          get: () => grid(sheet, box, (c) => (c ? c.value : '')),
          set: (v) => {
            if (!checkMatrix(ctx, `${path}.values`, box, v, valueOk)) return;
            record('range.values', { sheet: sheet.name, address: a1(box), values: clone(v) });
            eachCell(box, v, (r, c, x) => {
              const cell = cellFor(sheet, r, c);
              if (typeof x === 'string' && x.startsWith('=')) cell.formula = x;
              cell.value = x;
            });
          },
        },
        formulas: {
          get: () => grid(sheet, box, (c) => (c ? c.formula || c.value : '')),
          set: (v) => {
            if (!checkMatrix(ctx, `${path}.formulas`, box, v, valueOk)) return;
            record('range.formulas', { sheet: sheet.name, address: a1(box), formulas: clone(v) });
            eachCell(box, v, (r, c, x) => {
              const cell = cellFor(sheet, r, c);
              cell.formula = typeof x === 'string' && x.startsWith('=') ? x : null;
              cell.value = x;
            });
          },
        },
        numberFormat: {
          get: () => grid(sheet, box, (c) => (c ? c.numberFormat : 'General')),
          set: (v) => {
            if (!checkMatrix(ctx, `${path}.numberFormat`, box, v, formatOk)) return;
            record('range.numberFormat', { sheet: sheet.name, address: a1(box), numberFormat: clone(v) });
            eachCell(box, v, (r, c, x) => { cellFor(sheet, r, c).numberFormat = x; });
          },
        },
        text: { ro: true, get: () => grid(sheet, box, cellText) },
        valueTypes: {
          ro: true,
          get: () => grid(sheet, box, (c) => {
            const v = c ? c.value : '';
            if (v === '' || v === null) return 'Empty';
            return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
          }),
        },
      },
      nav: {
        format: () => rangeFormatObject(ctx, sheet, box, path),
        conditionalFormats: () => conditionalFormatCollection(ctx, sheet, box, path),
        worksheet: () => worksheetObject(ctx, sheet),
      },
      methods: {
        getCell: (r, c) => sub({ r0: box.r0 + r, c0: box.c0 + c, r1: box.r0 + r, c1: box.c0 + c }),
        getResizedRange: (dr, dc) => sub({ r0: box.r0, c0: box.c0, r1: box.r1 + dr, c1: box.c1 + dc }),
        getOffsetRange: (dr, dc) => rangeObject(ctx, sheet, { r0: box.r0 + dr, c0: box.c0 + dc, r1: box.r1 + dr, c1: box.c1 + dc }),
        getRow: (i) => sub({ r0: box.r0 + i, c0: box.c0, r1: box.r0 + i, c1: box.c1 }),
        getColumn: (i) => sub({ r0: box.r0, c0: box.c0 + i, r1: box.r1, c1: box.c0 + i }),
        getLastRow: () => sub({ r0: box.r1, c0: box.c0, r1: box.r1, c1: box.c1 }),
        getLastColumn: () => sub({ r0: box.r0, c0: box.c1, r1: box.r1, c1: box.c1 }),
        getLastCell: () => sub({ r0: box.r1, c0: box.c1, r1: box.r1, c1: box.c1 }),
        getRowsBelow: (n = 1) => rangeObject(ctx, sheet, { r0: box.r1 + 1, c0: box.c0, r1: box.r1 + n, c1: box.c1 }),
        getColumnsAfter: (n = 1) => rangeObject(ctx, sheet, { r0: box.r0, c0: box.c1 + 1, r1: box.r1, c1: box.c1 + n }),
        getEntireColumn: () => rangeObject(ctx, sheet, { r0: 0, c0: box.c0, r1: MAXR, c1: box.c1 }),
        getEntireRow: () => rangeObject(ctx, sheet, { r0: box.r0, c0: 0, r1: box.r1, c1: MAXC }),
        getUsedRange: () => {
          const u = usedWithin(sheet, box);
          if (!u) ctx.reject('ItemNotFound', `${path}.getUsedRange(): the range is empty`);
          return rangeObject(ctx, sheet, u || box);
        },
        getUsedRangeOrNullObject: () => {
          const u = usedWithin(sheet, box);
          return u ? rangeObject(ctx, sheet, u, true) : rangeObject(ctx, sheet, box, true, true);
        },
        getSurroundingRegion: () => rangeObject(ctx, sheet, usedBox(sheet)),
        select: () => record('range.select', { sheet: sheet.name, address: a1(box) }),
        clear: (applyTo) => {
          record('range.clear', { sheet: sheet.name, address: a1(box), applyTo });
          eachCell(box, '', (r, c) => sheet.cells.delete(`${r},${c}`));
        },
        merge: (across) => record('range.merge', { sheet: sheet.name, address: a1(box), across }),
      },
    };
    const obj = make(ctx, spec);
    return obj;
  }

  function rangeFormatObject(ctx, sheet, box, path) {
    const rec = (what) => (prop) => ({
      set: (v) => record('format', { sheet: sheet.name, address: a1(box), prop: `${what}${prop}`, value: clone(v) }),
    });
    const f = rec('');
    const font = rec('font.');
    const fill = rec('fill.');
    return make(ctx, {
      type: 'RangeFormat',
      path: `${path}.format`,
      props: {
        horizontalAlignment: f('horizontalAlignment'),
        verticalAlignment: f('verticalAlignment'),
        wrapText: f('wrapText'),
        columnWidth: f('columnWidth'),
        rowHeight: f('rowHeight'),
        indentLevel: f('indentLevel'),
      },
      nav: {
        font: () => make(ctx, {
          type: 'RangeFont',
          path: `${path}.format.font`,
          props: {
            bold: font('bold'), italic: font('italic'), size: font('size'), name: font('name'),
            color: Object.assign(font('color'), { color: true }), underline: font('underline'), strikethrough: font('strikethrough'),
          },
        }),
        fill: () => make(ctx, {
          type: 'RangeFill',
          path: `${path}.format.fill`,
          props: { color: Object.assign(fill('color'), { color: true }) },
          methods: { clear: () => record('format', { sheet: sheet.name, address: a1(box), prop: 'fill.clear' }) },
        }),
        borders: () => make(ctx, {
          type: 'RangeBorderCollection',
          path: `${path}.format.borders`,
          methods: {
            getItem: (index) => {
              if (!Object.values(api.enums.BorderIndex).includes(index)) {
                ctx.reject('InvalidArgument', `borders.getItem(${JSON.stringify(index)}): not an Excel.BorderIndex`);
              }
              const b = rec(`borders.${index}.`);
              return make(ctx, {
                type: 'RangeBorder',
                path: `${path}.format.borders[${index}]`,
                props: {
                  style: Object.assign(b('style'), { enum: 'BorderLineStyle' }),
                  weight: Object.assign(b('weight'), { enum: 'BorderWeight' }),
                  color: Object.assign(b('color'), { color: true }),
                },
              });
            },
          },
        }),
      },
      methods: {
        autofitColumns: () => record('format.autofitColumns', { sheet: sheet.name, address: a1(box) }),
        autofitRows: () => record('format.autofitRows', { sheet: sheet.name, address: a1(box) }),
      },
    });
  }

  // ---- Conditional formats -----------------------------------------------------------------------
  function conditionalFormatCollection(ctx, sheet, box, path) {
    return make(ctx, {
      type: 'ConditionalFormatCollection',
      path: `${path}.conditionalFormats`,
      methods: {
        add: (type) => {
          record('conditionalFormats.add', { sheet: sheet.name, address: a1(box), type });
          if (!Object.values(api.enums.ConditionalFormatType).includes(type)) {
            ctx.reject('InvalidArgument', `conditionalFormats.add(${JSON.stringify(type)}): not an Excel.ConditionalFormatType`);
          }
          const cf = { type, address: a1(box), box, rule: {}, format: {} };
          sheet.cfs.push(cf);
          return conditionalFormatObject(ctx, sheet, cf, `${path}.conditionalFormats[${sheet.cfs.length - 1}]`);
        },
        clearAll: () => {
          record('conditionalFormats.clearAll', { sheet: sheet.name, address: a1(box) });
          sheet.cfs = sheet.cfs.filter((cf) => !overlaps(cf.box, box));
        },
        getCount: () => clientResult(ctx, () => sheet.cfs.filter((cf) => overlaps(cf.box, box)).length),
      },
    });
  }

  function conditionalFormatObject(ctx, sheet, cf, path) {
    const rangeFormat = () => {
      const set = (k) => ({ color: k.endsWith('color'), set: (v) => { cf.format[k] = v; } });
      return make(ctx, {
        type: 'ConditionalRangeFormat',
        path: `${path}.format`,
        props: { numberFormat: { set: (v) => { cf.format.numberFormat = v; } } },
        nav: {
          fill: () => make(ctx, { type: 'ConditionalRangeFill', path: `${path}.format.fill`, props: { color: set('fill.color') }, methods: { clear: () => {} } }),
          font: () => make(ctx, {
            type: 'ConditionalRangeFont',
            path: `${path}.format.font`,
            props: { bold: set('font.bold'), italic: set('font.italic'), color: set('font.color'), strikethrough: set('font.strikethrough'), underline: set('font.underline') },
            methods: { clear: () => {} },
          }),
        },
      });
    };
    const typed = (wanted, build) => () => {
      if (cf.type !== wanted) fail(`ConditionalFormat: .${wanted === 'Custom' ? 'custom' : 'cellValue'} used on a ${cf.type} format`);
      return build();
    };
    return make(ctx, {
      type: 'ConditionalFormat',
      path,
      props: {
        type: { ro: true, get: () => cf.type },
        priority: { set: (v) => { cf.priority = v; } },
        stopIfTrue: { set: (v) => { cf.stopIfTrue = v; } },
      },
      nav: {
        custom: typed('Custom', () => make(ctx, {
          type: 'CustomConditionalFormat',
          path: `${path}.custom`,
          nav: {
            rule: () => make(ctx, {
              type: 'ConditionalFormatRule',
              path: `${path}.custom.rule`,
              props: {
                formula: { set: (v) => { cf.rule.formula = v; } },
                formulaLocal: { set: (v) => { cf.rule.formulaLocal = v; } },
                formulaR1C1: { set: (v) => { cf.rule.formulaR1C1 = v; } },
              },
            }),
            format: () => rangeFormat(),
          },
        })),
        cellValue: typed('CellValue', () => make(ctx, {
          type: 'CellValueConditionalFormat',
          path: `${path}.cellValue`,
          props: { rule: { set: (v) => { cf.rule = clone(v); } } },
          nav: { format: () => rangeFormat() },
        })),
      },
      methods: {
        getRange: () => rangeObject(ctx, sheet, cf.box),
        delete: () => { sheet.cfs.splice(sheet.cfs.indexOf(cf), 1); },
      },
    });
  }

  // ---- Tables -----------------------------------------------------------------------------------
  const validTableName = (n) => typeof n === 'string' && n.length <= 255 && /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(n)
    && !/^([A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$/.test(n);

  function tableCollection(ctx, sheet) {
    const tables = () => (sheet ? sheet.tables : allTables());
    return make(ctx, {
      type: 'TableCollection',
      path: `Tables[${sheet ? sheet.name : 'workbook'}]`,
      itemType: 'Table',
      items: () => tables().map((t) => tableObject(ctx, t)),
      props: { items: { ro: true }, count: { ro: true, get: () => tables().length } },
      methods: {
        getItem: (name) => {
          const t = tables().find((x) => x.props.name.toLowerCase() === String(name).toLowerCase());
          if (!t) {
            ctx.reject('ItemNotFound', `tables.getItem(${JSON.stringify(name)}): no such table`);
            return make(ctx, { type: 'Table', path: `Table[${name}]`, isNull: true });
          }
          return tableObject(ctx, t);
        },
        add: (address, hasHeaders) => {
          let target = sheet;
          let box;
          const text = addressOf(ctx, address);
          if (address && typeof address === 'object' && address.__spec && address.__spec.box) {
            target = address.__spec.sheet;
            box = address.__spec.box;
          } else {
            const b = parseAddress(String(address));
            if (!b) {
              ctx.reject('InvalidArgument', `tables.add(${JSON.stringify(address)}): not an address`);
              return null;
            }
            if (b.sheet) target = model.sheets.find((s) => s.name === b.sheet);
            if (sheet && b.sheet && b.sheet !== sheet.name) ctx.reject('InvalidArgument', `tables.add(${text}) on sheet ${sheet.name}`);
            box = b;
          }
          if (!target) {
            ctx.reject('InvalidArgument', `tables.add(${JSON.stringify(text)}): which sheet?`);
            return null;
          }
          record('tables.add', { sheet: target.name, address: a1(box), hasHeaders });
          if (typeof hasHeaders !== 'boolean') fail(`tables.add: hasHeaders ${JSON.stringify(hasHeaders)} is not a boolean`);
          if (target.tables.some((t) => overlaps(t.box, box))) ctx.reject('InvalidArgument', `tables.add(${a1(box)}): overlaps another table`);
          const t = { id: model.nextTableId++, box, hasHeaders, sheet: target, props: {} };
          t.props.name = `Table${t.id}`;
          target.tables.push(t);
          return tableObject(ctx, t);
        },
        getItemOrNullObject: (name) => {
          const t = allTables().find((x) => x.props.name === name);
          return t ? tableObject(ctx, t, true) : make(ctx, { type: 'Table', path: `Table[${name}]`, isNull: true, nullable: true });
        },
        getCount: () => clientResult(ctx, () => (sheet ? sheet.tables.length : allTables().length)),
      },
    });
  }

  function tableObject(ctx, t, nullable) {
    return cached(ctx, `table:${t.id}:${nullable ? 'n' : ''}`, () => tableObjectNew(ctx, t, nullable));
  }

  function tableObjectNew(ctx, t, nullable) {
    const box = t.box;
    const body = { r0: box.r0 + (t.hasHeaders ? 1 : 0), c0: box.c0, r1: box.r1, c1: box.c1 };
    const p = (k, extra) => Object.assign({ get: () => t.props[k], set: (v) => { t.props[k] = v; } }, extra);
    return make(ctx, {
      type: 'Table',
      path: `Table#${t.id}`,
      nullable,
      props: {
        id: { ro: true, get: () => String(t.id) },
        name: {
          get: () => t.props.name,
          set: (v) => {
            if (!validTableName(v)) ctx.reject('InvalidArgument', `Table.name = ${JSON.stringify(v)}: not a valid table name`);
            else if (allTables().some((x) => x !== t && x.props.name.toLowerCase() === v.toLowerCase())) {
              ctx.reject('InvalidArgument', `Table.name = ${JSON.stringify(v)}: a table with that name exists`);
            } else t.props.name = v;
          },
        },
        style: p('style'),
        showBandedRows: p('showBandedRows'),
        showBandedColumns: p('showBandedColumns'),
        showFilterButton: p('showFilterButton'),
        showHeaders: p('showHeaders'),
        showTotals: p('showTotals'),
        highlightFirstColumn: p('highlightFirstColumn'),
        highlightLastColumn: p('highlightLastColumn'),
      },
      methods: {
        getRange: () => rangeObject(ctx, t.sheet, box),
        getHeaderRowRange: () => rangeObject(ctx, t.sheet, { r0: box.r0, c0: box.c0, r1: box.r0, c1: box.c1 }),
        getDataBodyRange: () => rangeObject(ctx, t.sheet, body),
      },
    });
  }

  // ---- Charts -----------------------------------------------------------------------------------
  function chartCollection(ctx, sheet) {
    return make(ctx, {
      type: 'ChartCollection',
      path: `Charts[${sheet && sheet.name}]`,
      methods: {
        add: (type, source, seriesBy) => {
          const ok = source && typeof source === 'object' && source.__spec && source.__spec.box;
          const address = ok ? fullAddress(source.__spec.sheet, source.__spec.box) : source;
          record('charts.add', { sheet: sheet.name, type, source: address, seriesBy });
          if (!Object.values(api.enums.ChartType).includes(type)) ctx.reject('InvalidArgument', `charts.add: ${JSON.stringify(type)} is not an Excel.ChartType`);
          if (!ok) ctx.reject('InvalidArgument', `charts.add: sourceData ${JSON.stringify(source)} is not a Range`);
          if (seriesBy !== undefined && !Object.values(api.enums.ChartSeriesBy).includes(seriesBy)) {
            ctx.reject('InvalidArgument', `charts.add: ${JSON.stringify(seriesBy)} is not an Excel.ChartSeriesBy`);
          }
          const chart = { id: model.nextChartId++, type, source: address, box: ok ? source.__spec.box : null, seriesBy, props: {}, title: {}, legend: {}, axes: {}, series: [], position: null };
          if (ok) {
            const b = source.__spec.box;
            const src = source.__spec.sheet;
            const byRows = seriesBy === 'Rows';
            const firstIsCategories = byRows
              ? false
              : Array.from({ length: b.r1 - b.r0 }, (_, i) => cellAt(src, b.r0 + 1 + i, b.c0)).every((c) => !c || typeof c.value !== 'number' || isDateFormat(c.numberFormat));
            const n = byRows ? b.r1 - b.r0 + 1 : b.c1 - b.c0 + 1 - (firstIsCategories ? 1 : 0);
            for (let i = 0; i < n; i++) chart.series.push({ props: {}, format: {} });
          }
          sheet.charts.push(chart);
          return chartObject(ctx, sheet, chart);
        },
        getCount: () => clientResult(ctx, () => sheet.charts.length),
      },
    });
  }

  function chartObject(ctx, sheet, chart) {
    const path = `Chart#${chart.id}`;
    const bag = (store, k, extra) => Object.assign({ get: () => store[k], set: (v) => { store[k] = v; } }, extra);
    const fontObject = (store, p) => make(ctx, {
      type: 'ChartFont',
      path: p,
      props: { bold: bag(store, 'bold'), italic: bag(store, 'italic'), size: bag(store, 'size'), color: bag(store, 'color', { color: true }), name: bag(store, 'name') },
    });
    const axis = (which) => {
      chart.axes[which] = chart.axes[which] || { title: {}, font: {} };
      const a = chart.axes[which];
      return make(ctx, {
        type: 'ChartAxis',
        path: `${path}.axes.${which}`,
        props: {
          numberFormat: bag(a, 'numberFormat'), minimum: bag(a, 'minimum'), maximum: bag(a, 'maximum'), visible: bag(a, 'visible'),
          majorUnit: bag(a, 'majorUnit'), categoryType: bag(a, 'categoryType', { enum: 'ChartAxisCategoryType' }),
        },
        nav: {
          title: () => make(ctx, {
            type: 'ChartAxisTitle',
            path: `${path}.axes.${which}.title`,
            props: { text: bag(a.title, 'text'), visible: bag(a.title, 'visible') },
          }),
          format: () => make(ctx, { type: 'ChartAxisFormat', path: `${path}.axes.${which}.format`, nav: { font: () => fontObject(a.font, `${path}.axes.${which}.format.font`) } }),
        },
      });
    };
    const seriesObject = (i) => {
      const s = chart.series[i];
      return make(ctx, {
        type: 'ChartSeries',
        path: `${path}.series[${i}]`,
        props: {
          name: bag(s.props, 'name'), chartType: bag(s.props, 'chartType'), markerStyle: bag(s.props, 'markerStyle'),
          markerSize: bag(s.props, 'markerSize'), markerBackgroundColor: bag(s.props, 'markerBackgroundColor', { color: true }),
          markerForegroundColor: bag(s.props, 'markerForegroundColor', { color: true }), smooth: bag(s.props, 'smooth'),
          plotOrder: bag(s.props, 'plotOrder'), hasDataLabels: bag(s.props, 'hasDataLabels'),
        },
        nav: {
          format: () => make(ctx, {
            type: 'ChartSeriesFormat',
            path: `${path}.series[${i}].format`,
            nav: {
              line: () => make(ctx, {
                type: 'ChartLineFormat',
                path: `${path}.series[${i}].format.line`,
                props: { color: bag(s.format, 'lineColor', { color: true }), lineStyle: bag(s.format, 'lineStyle'), weight: bag(s.format, 'lineWeight') },
              }),
            },
          }),
        },
        methods: {
          setValues: (r) => { s.values = addressOf(ctx, r); record('series.setValues', { chart: chart.id, series: i, range: s.values }); },
          setXAxisValues: (r) => { s.xValues = addressOf(ctx, r); record('series.setXAxisValues', { chart: chart.id, series: i, range: s.xValues }); },
          delete: () => { s.deleted = true; },
        },
      });
    };
    return make(ctx, {
      type: 'Chart',
      path,
      props: {
        name: bag(chart.props, 'name'), top: bag(chart.props, 'top'), left: bag(chart.props, 'left'),
        height: bag(chart.props, 'height'), width: bag(chart.props, 'width'), chartType: bag(chart.props, 'chartType'),
        id: { ro: true, get: () => String(chart.id) },
      },
      nav: {
        title: () => make(ctx, {
          type: 'ChartTitle',
          path: `${path}.title`,
          props: { text: bag(chart.title, 'text'), visible: bag(chart.title, 'visible'), overlay: bag(chart.title, 'overlay') },
          nav: { format: () => make(ctx, { type: 'ChartTitleFormat', path: `${path}.title.format`, nav: { font: () => fontObject(chart.title, `${path}.title.format.font`) } }) },
        }),
        legend: () => make(ctx, {
          type: 'ChartLegend',
          path: `${path}.legend`,
          props: { position: bag(chart.legend, 'position', { enum: 'ChartLegendPosition' }), visible: bag(chart.legend, 'visible'), overlay: bag(chart.legend, 'overlay') },
        }),
        axes: () => make(ctx, {
          type: 'ChartAxes',
          path: `${path}.axes`,
          nav: { categoryAxis: () => axis('category'), valueAxis: () => axis('value') },
        }),
        series: () => make(ctx, {
          type: 'ChartSeriesCollection',
          path: `${path}.series`,
          itemType: 'ChartSeries',
          items: () => chart.series.map((_, i) => seriesObject(i)),
          props: { items: { ro: true }, count: { ro: true, get: () => chart.series.length } },
          methods: {
            getItemAt: (i) => {
              if (!(i >= 0 && i < chart.series.length)) {
                ctx.reject('InvalidArgument', `${path}.series.getItemAt(${i}): the chart has ${chart.series.length} series`);
                chart.series[i] = chart.series[i] || { props: {}, format: {} };
              }
              return seriesObject(i);
            },
            add: (name) => {
              chart.series.push({ props: { name }, format: {} });
              record('series.add', { chart: chart.id, name });
              return seriesObject(chart.series.length - 1);
            },
            getCount: () => clientResult(ctx, () => chart.series.length),
          },
        }),
      },
      methods: {
        setPosition: (start, end) => {
          chart.position = [addressOf(ctx, start), end === undefined ? null : addressOf(ctx, end)];
          record('chart.setPosition', { chart: chart.id, start: chart.position[0], end: chart.position[1] });
        },
        setData: (r, seriesBy) => { chart.source = addressOf(ctx, r); chart.seriesBy = seriesBy; },
        delete: () => { sheet.charts.splice(sheet.charts.indexOf(chart), 1); },
      },
    });
  }

  // ---- Excel, Office, CustomFunctions --------------------------------------------------------
  const strictPlain = (name, obj, realMembers) => new Proxy(obj, {
    get(t, k) {
      if (typeof k === 'symbol' || k === 'then' || k === 'toJSON') return t[k];
      if (k in t) return t[k];
      fail(`${name}.${String(k)}: ${realMembers && realMembers.includes(k) ? 'real API' : 'member'} the fake does not provide`);
      return undefined;
    },
    set(t, k, v) {
      if (!(k in t)) fail(`${name}.${String(k)}: write to a member the fake does not provide`);
      t[k] = v;
      return true;
    },
  });

  async function run(a, b) {
    const batch = typeof a === 'function' ? a : b;
    if (typeof batch !== 'function') throw new OfficeExtensionError('InvalidArgument', 'Excel.run needs a batch function');
    const ctx = makeContext();
    record('run', { context: ctx.id });
    try {
      const result = batch(ctx.proxy);
      if (!result || typeof result.then !== 'function') {
        fail('Excel.run: the batch function must return a promise');
        throw new OfficeExtensionError('RunMustReturnPromise', 'The batch function passed to Excel.run must return a promise');
      }
      const value = await result;
      await ctx.sync();
      return value;
    } finally {
      ctx.ended = true;
      record('run.end', { context: ctx.id });
    }
  }

  function RequestContext() {
    const ctx = makeContext();
    record('new RequestContext', { context: ctx.id });
    return ctx.proxy;
  }

  const excelMembers = { run, RequestContext };
  for (const [name, values] of Object.entries(api.enums)) excelMembers[name] = strictPlain(`Excel.${name}`, Object.assign({}, values));
  window.Excel = strictPlain('Excel', excelMembers);
  window.OfficeExtension = strictPlain('OfficeExtension', { Error: OfficeExtensionError, Promise });

  const info = { host: config.host, platform: config.platform };
  const office = {
    onReady(cb) {
      record('Office.onReady');
      return new Promise((resolve) => setTimeout(() => {
        if (typeof cb === 'function') cb(info);
        resolve(info);
      }, 0));
    },
    initialize: undefined,
    HostType: { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: strictPlain('Office.context', {
      displayLanguage: config.displayLanguage,
      contentLanguage: config.displayLanguage,
      platform: config.platform,
      host: config.host,
      diagnostics: { host: config.host, platform: config.platform, version: '16.0.0.0' },
      requirements: {
        isSetSupported(name, version) {
          record('isSetSupported', { name, version });
          return true;
        },
      },
    }),
    actions: strictPlain('Office.actions', {
      associate(id, fn) {
        record('Office.actions.associate', { id, isFunction: typeof fn === 'function' });
      },
    }),
    addin: strictPlain('Office.addin', {
      showAsTaskpane() { record('Office.addin.showAsTaskpane'); return Promise.resolve(); },
      hide() { record('Office.addin.hide'); return Promise.resolve(); },
      onVisibilityModeChanged() { record('Office.addin.onVisibilityModeChanged'); return Promise.resolve(() => Promise.resolve()); },
      setStartupBehavior(b) { record('Office.addin.setStartupBehavior', { b }); return Promise.resolve(); },
      getStartupBehavior() { return Promise.resolve('None'); },
    }),
  };
  window.Office = strictPlain('Office', office);

  class CustomFunctionError extends Error {
    constructor(code, message) {
      super(message || '');
      this.name = 'CustomFunctions.Error';
      this.code = code || '#VALUE!';
    }
  }
  window.CustomFunctions = strictPlain('CustomFunctions', {
    associate(id, fn) {
      const entries = typeof id === 'object' && id !== null ? Object.entries(id) : [[id, fn]];
      for (const [k, f] of entries) {
        if (typeof f !== 'function') fail(`CustomFunctions.associate(${JSON.stringify(k)}): not a function`);
        if (window.__cf.has(k)) fail(`CustomFunctions.associate(${JSON.stringify(k)}) twice`);
        window.__cf.set(k, f);
      }
    },
    Error: CustomFunctionError,
    ErrorCode: Object.freeze({
      invalidValue: '#VALUE!', notAvailable: '#N/A', divisionByZero: '#DIV/0!', invalidNumber: '#NUM!',
      nullReference: '#NULL!', invalidName: '#NAME?', invalidReference: '#REF!',
    }),
  });

  const plainBox = (b) => (b ? { r0: b.r0, c0: b.c0, r1: b.r1, c1: b.c1 } : null);
  window.__excelSnapshot = () => ({
    active: model.active && model.active.name,
    sheets: model.sheets.map((s) => {
      const b = usedBox(s);
      return {
        name: s.name,
        props: s.props,
        frozen: s.frozen,
        used: a1(b),
        values: grid(s, { r0: 0, c0: 0, r1: b.r1, c1: b.c1 }, (c) => (c ? c.value : '')),
        numberFormat: grid(s, { r0: 0, c0: 0, r1: b.r1, c1: b.c1 }, (c) => (c ? c.numberFormat : 'General')),
        tables: s.tables.map((t) => ({ address: a1(t.box), box: plainBox(t.box), hasHeaders: t.hasHeaders, name: t.props.name, style: t.props.style })),
        charts: s.charts.map((c) => ({ type: c.type, source: c.source, box: plainBox(c.box), seriesBy: c.seriesBy, title: c.title, props: c.props, series: c.series, position: c.position })),
        cfs: s.cfs.map((cf) => ({ type: cf.type, address: cf.address, box: plainBox(cf.box), rule: cf.rule, format: cf.format })),
      };
    }),
  });
}
