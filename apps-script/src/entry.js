// Apps Script entry points of the AISM Google Sheets add-on: plain global functions (copied
// verbatim into dist/) that delegate to AISMCore (dist/core.js). Menu items and
// google.script.run can only call global functions declared like these.

/** Adds the add-on menu when the spreadsheet opens. */
function onOpen(e) {
  AISMCore.onOpen(e);
}

/** Adds the menu right after the add-on is installed. */
function onInstall(e) {
  AISMCore.onOpen(e);
}

/** Menu "Open sidebar". */
function showSidebar() {
  AISMCore.showSidebar();
}

/** Sidebar: analyses the selection; resolves to the analysis as plain JSON. */
async function analyzeSelection(options) {
  return await AISMCore.analyzeSelection(options || {});
}

/** Menu "Analyze selection" (errors are shown in an alert). */
async function analyzeSelectionFromMenu() {
  await AISMCore.analyzeSelectionFromMenu();
}

/** Sidebar: writes the report sheet for `analysis` (default: the last one) in `language`. */
function insertReport(analysis, language) {
  return AISMCore.insertReport(analysis || null, language || null);
}

/** Menu "Insert report" (errors are shown in an alert). */
async function insertReportFromMenu() {
  await AISMCore.insertReportFromMenu();
}

/** Sidebar: the account (who, plan, licence, entitlements), renewing the licence when due. */
async function accountState() {
  return await AISMCore.accountState();
}

/** Sidebar "Sign in with Google". */
async function accountSignIn() {
  return await AISMCore.accountSignIn();
}

/** Sidebar "Sign out". */
async function accountSignOut() {
  return await AISMCore.accountSignOut();
}
