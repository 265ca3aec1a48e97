// The Office add-in manifest: well-formed XML (parsed by Chromium's conforming XML parser), the
// elements a task pane + shared-runtime custom-functions add-in needs, resource references that
// resolve, and every URL in it answering 200 with the right content type from a running
// addin-server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, STATIC_DIR, checkPrerequisites, launchBrowser, openPage, startServer } from './harness.mjs';

const MANIFEST = join(ROOT, 'office-manifest', 'manifest.xml');
const DEV_BASE = 'https://localhost:3000';
const NS = {
  app: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  bt: 'http://schemas.microsoft.com/office/officeappbasictypes/1.0',
  ov: 'http://schemas.microsoft.com/office/taskpaneappversionoverrides',
};

let server;
let browser;
let page;
let clean;

before(async () => {
  checkPrerequisites();
  server = await startServer();
  browser = await launchBrowser();
  ({ page, assertClean: clean } = await openPage(browser));
  await page.goto(`${server.base}/taskpane.html`, { waitUntil: 'domcontentloaded' }).catch(() => {});
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Parses XML with the browser's DOMParser and returns a plain tree
 * `{ name, ns, attrs: {qualifiedName: value}, attrNs: {localName@ns: value}, text, children }`,
 * or `{ parseError }` when the text is not well-formed.
 */
async function parseXml(text) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'application/xml');
    const err = doc.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'parsererror')[0] || doc.getElementsByTagName('parsererror')[0];
    if (err) return { parseError: err.textContent };
    const walk = (el) => ({
      name: el.localName,
      ns: el.namespaceURI,
      attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
      attrNs: Object.fromEntries([...el.attributes].map((a) => [`${a.localName}@${a.namespaceURI || ''}`, a.value])),
      text: [...el.childNodes].filter((n) => n.nodeType === 3 || n.nodeType === 4).map((n) => n.nodeValue).join('').trim(),
      children: [...el.children].map(walk),
    });
    return walk(doc.documentElement);
  }, text);
}

const kids = (el, name) => el.children.filter((c) => c.name === name);
function one(el, name, where = el.name) {
  const found = kids(el, name);
  assert.equal(found.length, 1, `exactly one <${name}> in <${where}>, found ${found.length}`);
  return found[0];
}
const xsiType = (el) => el.attrNs[`type@${NS.xsi}`];
function* descendants(el) {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}

function resources(versionOverrides) {
  const res = one(versionOverrides, 'Resources');
  const table = (name) => {
    const group = kids(res, name)[0];
    const map = new Map();
    for (const item of group ? group.children : []) {
      assert.equal(item.ns, NS.bt, `<${name}> items are bt: elements`);
      assert.ok(item.attrs.id, `<${name}> item without id`);
      assert.ok(item.attrs.id.length <= 32, `resource id longer than 32 characters: ${item.attrs.id}`);
      assert.ok(!map.has(item.attrs.id), `duplicate resource id ${item.attrs.id}`);
      map.set(item.attrs.id, item.attrs.DefaultValue);
    }
    return map;
  };
  return {
    images: table('Images'),
    urls: table('Urls'),
    short: table('ShortStrings'),
    long: table('LongStrings'),
  };
}

let manifestTree;
let manifestText;

test('the manifest is well-formed XML, and a malformed one is rejected by the same parser', async () => {
  assert.ok(existsSync(MANIFEST), `${MANIFEST} missing`);
  manifestText = readFileSync(MANIFEST, 'utf8');
  manifestTree = await parseXml(manifestText);
  assert.equal(manifestTree.parseError, undefined, `manifest.xml is not well-formed: ${manifestTree.parseError}`);

  // Negative cases: the parser really checks well-formedness.
  const close = manifestText.lastIndexOf('</');
  const truncated = manifestText.slice(0, close);
  assert.ok((await parseXml(truncated)).parseError, 'a manifest without its closing tag must be rejected');
  const mismatched = manifestText.replace('</Hosts>', '</Host>');
  assert.notEqual(mismatched, manifestText);
  assert.ok((await parseXml(mismatched)).parseError, 'a mismatched closing tag must be rejected');
  const badEntity = manifestText.replace('<DisplayName', '<!-- & --><DisplayName Title="a & b"');
  assert.ok((await parseXml(badEntity)).parseError, 'a bare & in an attribute must be rejected');
});

test('the manifest has every element of a task pane + shared-runtime custom-functions add-in', () => {
  assert.ok(manifestTree && !manifestTree.parseError, 'parsed by the previous test');
  const app = manifestTree;
  assert.equal(app.name, 'OfficeApp');
  assert.equal(app.ns, NS.app, 'OfficeApp in the appforoffice/1.1 namespace');
  assert.equal(xsiType(app), 'TaskPaneApp');

  assert.match(one(app, 'Id').text, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Id is a GUID');
  assert.match(one(app, 'Version').text, /^\d+\.\d+\.\d+\.\d+$/, 'Version is n.n.n.n');
  assert.ok(one(app, 'ProviderName').text, 'ProviderName');
  assert.ok(one(app, 'DefaultLocale').text, 'DefaultLocale');
  for (const name of ['DisplayName', 'Description']) assert.ok(one(app, name).attrs.DefaultValue, `${name}@DefaultValue`);
  for (const name of ['IconUrl', 'HighResolutionIconUrl', 'SupportUrl']) {
    assert.match(one(app, name).attrs.DefaultValue || '', /^https:\/\//, `${name}@DefaultValue is an https URL`);
  }
  const hosts = one(app, 'Hosts');
  assert.ok(kids(hosts, 'Host').some((h) => h.attrs.Name === 'Workbook'), 'Hosts/Host Name="Workbook"');
  const sets = one(one(app, 'Requirements'), 'Sets');
  const set = (n) => kids(sets, 'Set').find((s) => s.attrs.Name === n);
  assert.equal(set('SharedRuntime')?.attrs.MinVersion, '1.1', 'Requirements Set SharedRuntime 1.1');
  // CustomFunctions.Error (thrown with the registry's message) is CustomFunctionsRuntime 1.2.
  assert.equal(set('CustomFunctionsRuntime')?.attrs.MinVersion, '1.2', 'Requirements Set CustomFunctionsRuntime 1.2');
  const source = one(one(app, 'DefaultSettings'), 'SourceLocation').attrs.DefaultValue;
  assert.match(source || '', /^https:\/\/.*\/taskpane\.html$/, 'DefaultSettings/SourceLocation is the task pane');
  assert.match(one(app, 'Permissions').text, /^(ReadWriteDocument|ReadDocument)$/, 'Permissions');

  const vo = one(app, 'VersionOverrides');
  assert.equal(vo.ns, NS.ov, 'VersionOverrides namespace');
  assert.equal(xsiType(vo), 'VersionOverridesV1_0');
  const res = resources(vo);
  const voHost = kids(one(vo, 'Hosts'), 'Host').find((h) => xsiType(h) === 'Workbook');
  assert.ok(voHost, 'VersionOverrides/Hosts/Host xsi:type="Workbook"');

  // The shared runtime: one long-lived runtime whose page is the task pane and the functions' page.
  const runtime = one(one(voHost, 'Runtimes'), 'Runtime');
  assert.equal(runtime.attrs.lifetime, 'long', 'Runtime lifetime="long"');
  const runtimeUrl = res.urls.get(runtime.attrs.resid);
  assert.ok(runtimeUrl, `Runtime resid ${runtime.attrs.resid} is a bt:Url`);
  assert.equal(runtimeUrl, source, 'the runtime page is the task pane page');

  const cf = kids(one(voHost, 'AllFormFactors'), 'ExtensionPoint').find((e) => xsiType(e) === 'CustomFunctions');
  assert.ok(cf, 'AllFormFactors/ExtensionPoint xsi:type="CustomFunctions"');
  const urlOf = (el, what) => {
    const id = one(el, 'SourceLocation', what).attrs.resid;
    assert.ok(res.urls.has(id), `${what}/SourceLocation resid ${id} is a bt:Url`);
    return res.urls.get(id);
  };
  assert.match(urlOf(one(cf, 'Script'), 'Script'), /\/taskpane\.js$/, 'custom functions Script is the task pane bundle');
  assert.equal(urlOf(one(cf, 'Page'), 'Page'), runtimeUrl, 'custom functions Page is the shared runtime page');
  assert.match(urlOf(one(cf, 'Metadata'), 'Metadata'), /\/functions\.json$/, 'custom functions Metadata');
  const nsId = one(cf, 'Namespace').attrs.resid;
  assert.equal(res.short.get(nsId), 'AISM', 'custom functions Namespace is AISM');

  // A ribbon button that opens the task pane (in the shared runtime).
  const desktop = one(voHost, 'DesktopFormFactor');
  const buttons = [...descendants(desktop)].filter((e) => e.name === 'Control' && xsiType(e) === 'Button');
  assert.ok(buttons.length >= 1, 'a ribbon button');
  const show = buttons.map((b) => kids(b, 'Action')[0]).find((a) => a && xsiType(a) === 'ShowTaskpane');
  assert.ok(show, 'a button with Action xsi:type="ShowTaskpane"');
  assert.equal(urlOf(show, 'Action'), runtimeUrl, 'the button opens the shared-runtime page');
  const fnFile = kids(desktop, 'FunctionFile')[0];
  if (fnFile) assert.ok(res.urls.has(fnFile.attrs.resid), 'FunctionFile resid is a bt:Url');

  // Every resid points at a resource of the right kind; the button icons exist at 16/32/80.
  for (const el of descendants(vo)) {
    const id = el.attrs.resid;
    if (!id) continue;
    if (el.name === 'Image') assert.ok(res.images.has(id), `<Image resid="${id}"> is a bt:Image`);
    else if (['SourceLocation', 'Runtime', 'FunctionFile', 'LearnMoreUrl'].includes(el.name)) assert.ok(res.urls.has(id), `<${el.name} resid="${id}"> is a bt:Url`);
    else if (el.name === 'Description' || el.name === 'SupertipDescription') assert.ok(res.long.has(id) || res.short.has(id), `<${el.name} resid="${id}"> is a string`);
    else assert.ok(res.short.has(id) || res.long.has(id), `<${el.name} resid="${id}"> is a string`);
  }
  const sizes = new Set([...descendants(desktop)].filter((e) => e.name === 'Image').map((e) => e.attrs.size));
  for (const s of ['16', '32', '80']) assert.ok(sizes.has(s), `a ${s}px icon`);

  // Office single sign-on: the application id, its api:// resource on the add-in's host, and the
  // scopes of the bootstrap token (the task pane falls back to its sign-in dialog without them).
  const sso = one(vo, 'WebApplicationInfo');
  const appId = one(sso, 'Id').text;
  assert.match(appId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'WebApplicationInfo/Id is a GUID');
  assert.equal(one(sso, 'Resource').text, `api://${new URL(DEV_BASE).host}/${appId}`, 'WebApplicationInfo/Resource');
  assert.deepEqual(kids(one(sso, 'Scopes'), 'Scope').map((x) => x.text).sort(), ['openid', 'profile']);
});

/** Every URL in the manifest: http(s) attribute values (not namespaces) and http(s) element texts. */
function manifestUrls(tree) {
  const urls = [];
  const visit = (el) => {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      if (/^https?:\/\//.test(value)) urls.push({ where: `${el.name}@${name}`, url: value });
    }
    if (/^https?:\/\//.test(el.text)) urls.push({ where: el.name, url: el.text });
    el.children.forEach(visit);
  };
  visit(tree);
  return urls;
}

function pngSize(buf) {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

const EXPECTED_TYPE = [
  [/\.html$/, /^text\/html/],
  [/\.js$/, /^(text|application)\/javascript/],
  [/\.json$/, /^application\/json/],
  [/\.png$/, /^image\/png$/],
  [/\.css$/, /^text\/css/],
  [/\.wasm$/, /^application\/wasm$/],
  [/\.xml$/, /^(application|text)\/xml/],
];

async function expectServed(path, where) {
  const r = await fetch(`${server.base}${path}`);
  assert.equal(r.status, 200, `${where}: GET ${path} → ${r.status}`);
  const type = r.headers.get('content-type') || '';
  const rule = EXPECTED_TYPE.find(([re]) => re.test(path));
  assert.ok(rule, `${where}: no expected content type for ${path}`);
  assert.match(type, rule[1], `${where}: ${path} served as "${type}"`);
  return Buffer.from(await r.arrayBuffer());
}

test('every URL in the manifest answers 200 with the right content type', async () => {
  assert.ok(manifestTree && !manifestTree.parseError, 'parsed by the first test');
  const urls = manifestUrls(manifestTree);
  assert.ok(urls.length >= 8, `found ${urls.length} URLs`);
  const seen = new Set();
  for (const { where, url } of urls) {
    if (where === 'AppDomain') {
      assert.equal(url, DEV_BASE, 'the app domain is the add-in origin');
      continue;
    }
    // Links to documentation elsewhere would be fine in principle; this manifest has none.
    assert.ok(url.startsWith(`${DEV_BASE}/`), `${where}: ${url} is not under ${DEV_BASE}`);
    const path = url.slice(DEV_BASE.length);
    if (seen.has(path)) continue;
    seen.add(path);
    const body = await expectServed(path, where);
    if (path.endsWith('.json')) JSON.parse(body.toString('utf8'));
  }
  // (commands.html is not needed: in a shared runtime the FunctionFile is the task pane page.)
  for (const p of ['/taskpane.html', '/taskpane.js', '/functions.json', '/index.html']) {
    assert.ok(seen.has(p), `the manifest references ${p}`);
  }

  // The icons have the sizes the manifest declares.
  const res = resources(kids(manifestTree, 'VersionOverrides')[0]);
  const fetchPng = async (url) => pngSize(await expectServed(url.slice(DEV_BASE.length), url));
  assert.deepEqual(await fetchPng(kids(manifestTree, 'IconUrl')[0].attrs.DefaultValue), [32, 32], 'IconUrl is 32×32');
  assert.deepEqual(await fetchPng(kids(manifestTree, 'HighResolutionIconUrl')[0].attrs.DefaultValue), [64, 64], 'HighResolutionIconUrl is 64×64');
  for (const img of [...descendants(manifestTree)].filter((e) => e.name === 'Image' && e.attrs.size)) {
    const n = Number(img.attrs.size);
    assert.deepEqual(await fetchPng(res.images.get(img.attrs.resid)), [n, n], `icon ${img.attrs.resid} is ${n}×${n}`);
  }

  // What the pages load at run time: the worker (a module script: strict MIME check) and the WASM.
  await expectServed('/worker.js', 'worker');
  await expectServed('/pkg/aism_wasm.js', 'WASM glue');
  const wasm = await expectServed('/pkg/aism_wasm_bg.wasm', 'WASM');
  assert.equal(wasm.subarray(0, 4).toString('hex'), '0061736d', 'WASM magic number');
  clean();
});

test('the manifest in the web package is the same manifest for its base URL', async () => {
  const built = join(STATIC_DIR, 'manifest.xml');
  assert.ok(existsSync(built), `${built} missing`);
  const tree = await parseXml(readFileSync(built, 'utf8'));
  assert.equal(tree.parseError, undefined, `dist manifest is not well-formed: ${tree.parseError}`);
  const committed = manifestUrls(manifestTree).map((u) => ({ where: u.where, path: u.url.slice(DEV_BASE.length) }));
  const urls = manifestUrls(tree);
  const origin = new URL(urls[0].url).origin;
  assert.deepEqual(urls.map((u) => ({ where: u.where, path: u.url.slice(origin.length) })), committed,
    `dist/web/manifest.xml has the committed manifest's URLs with base ${origin}`);
  await expectServed('/manifest.xml', 'served manifest');
});
