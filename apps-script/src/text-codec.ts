/**
 * UTF-8 `TextEncoder` / `TextDecoder` for Apps Script's V8 runtime, which has neither. Only what
 * the wasm-bindgen glue uses: `encode`, `encodeInto` and `decode` of UTF-8.
 */

/** The UTF-8 bytes of `s`; lone surrogates become U+FFFD, as in the WHATWG encoder. */
function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      c = 0xfffd;
    }
    if (c < 0x80) {
      out[n++] = c;
    } else if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    } else {
      out[n++] = 0xf0 | (c >> 18);
      out[n++] = 0x80 | ((c >> 12) & 0x3f);
      out[n++] = 0x80 | ((c >> 6) & 0x3f);
      out[n++] = 0x80 | (c & 0x3f);
    }
  }
  return out.slice(0, n);
}

/** The text of UTF-8 `bytes`; malformed sequences become U+FFFD. */
function utf8Decode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let units: number[] = [];
  const flush = () => {
    parts.push(String.fromCharCode.apply(null, units));
    units = [];
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let cp = 0xfffd;
    let len = 1;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xf4) {
      // WHATWG decoding: a malformed sequence's maximal valid prefix becomes one U+FFFD.
      const need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      let v = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      len = need + 1;
      for (let k = 1; k <= need; k++) {
        const c = bytes[i + k];
        const inRange = c !== undefined && c >= (k === 1 ? lo : 0x80) && c <= (k === 1 ? hi : 0xbf);
        if (!inRange) {
          len = k;
          break;
        }
        v = (v << 6) | (c & 0x3f);
      }
      if (len === need + 1) cp = v;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= 8192) flush();
    i += len;
  }
  flush();
  return parts.join('');
}

/** UTF-8 encoder with the `TextEncoder` interface the glue uses. */
export class Utf8Encoder {
  readonly encoding = 'utf-8';
  encode(s = ''): Uint8Array {
    return utf8Encode(String(s));
  }
  encodeInto(s: string, view: Uint8Array): { read: number; written: number } {
    // The glue calls this with a view large enough for the rest of the string (3 bytes a unit).
    const bytes = utf8Encode(s);
    if (bytes.length > view.length) throw new RangeError('encodeInto: destination too small');
    view.set(bytes);
    return { read: s.length, written: bytes.length };
  }
}

/** UTF-8 decoder with the `TextDecoder` interface the glue uses. */
export class Utf8Decoder {
  readonly encoding = 'utf-8';
  private readonly ignoreBOM: boolean;
  constructor(label = 'utf-8', options: { ignoreBOM?: boolean; fatal?: boolean } = {}) {
    if (!/^(utf-?8|unicode-1-1-utf-8)$/i.test(label)) throw new RangeError(`Unsupported encoding: ${label}`);
    this.ignoreBOM = options.ignoreBOM === true;
  }
  decode(input?: ArrayBufferView | ArrayBuffer): string {
    if (input === undefined) return '';
    const bytes =
      input instanceof Uint8Array
        ? input
        : ArrayBuffer.isView(input)
          ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
          : new Uint8Array(input);
    const s = utf8Decode(bytes);
    return !this.ignoreBOM && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
  }
}

// build.mjs gives this module to esbuild's `inject`: every free `TextEncoder` / `TextDecoder` in
// the bundle (the wasm-bindgen glue's) refers to these classes, and the global object is left as
// Apps Script made it.
export { Utf8Encoder as TextEncoder, Utf8Decoder as TextDecoder };
