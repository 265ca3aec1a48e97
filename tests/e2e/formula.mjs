// A small evaluator of Excel conditional-format formulas over a grid of values, enough to tell
// which cells a custom conditional format highlights: references (relative or $absolute, shifted
// from the format's top-left cell), numbers, strings, TRUE/FALSE, comparison, & and arithmetic
// operators, and AND, OR, NOT, IF, ISNUMBER, ISTEXT, ISBLANK, ISERROR, LEN, ABS, N.
const FUNCTIONS = {
  AND: (...a) => a.every(truthy),
  OR: (...a) => a.some(truthy),
  NOT: (a) => !truthy(a),
  IF: (c, a, b = false) => (truthy(c) ? a : b),
  ISNUMBER: (a) => typeof a === 'number',
  ISTEXT: (a) => typeof a === 'string' && a !== BLANK,
  ISBLANK: (a) => a === BLANK,
  ISERROR: () => false,
  LEN: (a) => text(a).length,
  ABS: (a) => Math.abs(num(a)),
  N: (a) => (typeof a === 'number' ? a : 0),
};
const BLANK = Symbol('blank');

function truthy(v) {
  if (v === BLANK) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  throw new Error(`#VALUE!: text "${v}" used as a condition`);
}
function num(v) {
  if (v === BLANK) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const x = Number(v);
  if (v.trim() === '' || Number.isNaN(x)) throw new Error(`#VALUE!: "${v}" is not a number`);
  return x;
}
function text(v) {
  if (v === BLANK) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}
// Excel's comparison: blank equals 0, "" and FALSE; otherwise numbers < text < booleans.
function compare(a, b) {
  const rank = (v) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  if (a === BLANK) a = b === BLANK ? 0 : typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === BLANK) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function tokenize(src) {
  const tokens = [];
  const re = /\s*(?:(\$?[A-Za-z]{1,3}\$?\d+)(?![A-Za-z0-9_(])|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?)|"((?:[^"]|"")*)"|([A-Za-z][A-Za-z0-9.]*)|(<>|<=|>=|[-+*/&=<>(),^%]))/y;
  let i = 0;
  while (i < src.length) {
    if (/^\s*$/.test(src.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot read the formula at "${src.slice(i)}"`);
    i = re.lastIndex;
    if (m[1]) tokens.push({ t: 'ref', v: m[1] });
    else if (m[2]) tokens.push({ t: 'num', v: Number(m[2]) });
    else if (m[3] !== undefined) tokens.push({ t: 'str', v: m[3].replace(/""/g, '"') });
    else if (m[4]) tokens.push({ t: 'name', v: m[4].toUpperCase() });
    else tokens.push({ t: 'op', v: m[5] });
  }
  return tokens;
}

const colIndex = (s) => [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/**
 * Compiles `formula` (starting with "="); returns `(cell(r, c) → value|BLANK, dr, dc) → value`
 * where relative references move by (dr, dc).
 */
export function compile(formula) {
  if (typeof formula !== 'string' || !formula.startsWith('=')) throw new Error(`not a formula: ${formula}`);
  const tokens = tokenize(formula.slice(1));
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (v) => {
    const t = tokens[pos];
    if (!t || (v !== undefined && t.v !== v)) throw new Error(`expected ${v} in ${formula}`);
    pos++;
    return t;
  };
  const binary = (next, ops, apply) => () => {
    let left = next();
    while (peek() && peek().t === 'op' && ops.includes(peek().v)) {
      const op = take().v;
      const right = next();
      const l = left;
      left = (env) => apply(op, l(env), right(env));
    }
    return left;
  };
  const primary = () => {
    const t = take();
    if (t.t === 'num') return () => t.v;
    if (t.t === 'str') return () => t.v;
    if (t.t === 'ref') {
      const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/.exec(t.v);
      const c = colIndex(m[2]);
      const r = Number(m[4]) - 1;
      return (env) => env.cell(m[3] ? r : r + env.dr, m[1] ? c : c + env.dc);
    }
    if (t.t === 'name') {
      if (t.v === 'TRUE' && !(peek() && peek().v === '(')) return () => true;
      if (t.v === 'FALSE' && !(peek() && peek().v === '(')) return () => false;
      const f = FUNCTIONS[t.v];
      if (!f) throw new Error(`function ${t.v} is not supported by the test's evaluator`);
      take('(');
      const args = [];
      if (peek() && peek().v !== ')') {
        args.push(expr());
        while (peek() && peek().v === ',') {
          take(',');
          args.push(expr());
        }
      }
      take(')');
      return (env) => f(...args.map((a) => a(env)));
    }
    if (t.v === '(') {
      const e = expr();
      take(')');
      return e;
    }
    if (t.v === '-') {
      const e = primary();
      return (env) => -num(e(env));
    }
    if (t.v === '+') return primary();
    throw new Error(`unexpected ${t.v} in ${formula}`);
  };
  const mul = binary(primary, ['*', '/'], (op, a, b) => (op === '*' ? num(a) * num(b) : num(a) / num(b)));
  const add = binary(mul, ['+', '-'], (op, a, b) => (op === '+' ? num(a) + num(b) : num(a) - num(b)));
  const cat = binary(add, ['&'], (_op, a, b) => text(a) + text(b));
  const expr = binary(cat, ['=', '<>', '<', '>', '<=', '>='], (op, a, b) => {
    const c = compare(a, b);
    return { '=': c === 0, '<>': c !== 0, '<': c < 0, '>': c > 0, '<=': c <= 0, '>=': c >= 0 }[op];
  });
  const root = expr();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos].v} in ${formula}`);
  return (cell, dr, dc) => root({ cell, dr, dc });
}

/**
 * The cells of `box` ({r0, c0, r1, c1}, 0-based) a custom conditional format with `formula`
 * highlights on the sheet `values` (rows from A1; '' or missing is blank). Returns [[r, c], …].
 */
export function highlighted(formula, box, values) {
  const f = compile(formula);
  const cell = (r, c) => {
    const v = values[r] && values[r][c];
    return v === undefined || v === null || v === '' ? BLANK : v;
  };
  const out = [];
  for (let r = box.r0; r <= box.r1; r++) {
    for (let c = box.c0; c <= box.c1; c++) {
      let v;
      try {
        v = f(cell, r - box.r0, c - box.c0);
      } catch {
        v = false; // an error result does not format the cell
      }
      if (v === true || (typeof v === 'number' && v !== 0)) out.push([r, c]);
    }
  }
  return out;
}
