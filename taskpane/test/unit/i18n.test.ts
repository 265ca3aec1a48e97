import { describe, expect, it } from 'vitest';
import {
  dateToSerial,
  formatChange,
  formatValue,
  isoDate,
  langFromTag,
  pickLanguage,
  serialToDate,
  systemName,
  t,
  tr,
} from '../../src/taskpane/i18n';

describe('language', () => {
  it('follows Office display language first, then the browser', () => {
    expect(pickLanguage('es-MX', ['en-US'])).toBe('es');
    expect(pickLanguage('en-GB', ['es-ES'])).toBe('en');
    expect(pickLanguage(null, ['fr-FR', 'es-AR', 'en'])).toBe('es');
    expect(pickLanguage(undefined, ['de-DE'])).toBe('en');
    expect(pickLanguage('fr-FR', [])).toBe('en');
    expect(langFromTag('ES_es')).toBe('es');
    expect(langFromTag('')).toBeNull();
  });

  it('fills placeholders and picks report texts', () => {
    expect(t('en', 'inserted', { name: 'AISM Report 2' })).toBe('The report sheet “AISM Report 2” was added to the workbook.');
    expect(t('es', 'engineReady', { version: '0.1.0' })).toBe('Motor 0.1.0 listo.');
    expect(tr({ en: 'Total', es: 'Total general' }, 'es')).toBe('Total general');
    expect(tr({ en: 'Only English', es: '' }, 'es')).toBe('Only English');
    expect(systemName('sales', 'es')).toBe('Seguimiento de ventas diarias');
    expect(systemName('pnl', 'en')).toBe('Monthly P&L analysis');
    expect(systemName('customers', 'es')).toBe('Gestión de clientes');
    expect(systemName('pricing', 'en')).toBe('Product pricing');
    // An id the pane does not know yet is shown as it is.
    expect(systemName('webinars', 'en')).toBe('webinars');
  });
});

describe('dates', () => {
  it('converts Excel serials (1900 system) both ways', () => {
    expect(isoDate(45365)).toBe('2024-03-14');
    expect(isoDate(1)).toBe('1900-01-01');
    expect(isoDate(59)).toBe('1900-02-28');
    expect(isoDate(61)).toBe('1900-03-01');
    expect(isoDate(25569)).toBe('1970-01-01');
    expect(dateToSerial(new Date(Date.UTC(2024, 2, 14)))).toBe(45365);
    expect(dateToSerial(serialToDate(30))).toBe(30);
  });
});

describe('numbers', () => {
  it('formats by the report format in each language', () => {
    expect(formatValue(1820.5, 'currency', 'en')).toBe('1,821');
    expect(formatValue(1820.5, 'currency', 'es')).toBe('1.821');
    expect(formatValue(18205.5, 'currency', 'es')).toBe('18.206');
    expect(formatValue(12.345, 'currency', 'en')).toBe('12.35');
    expect(formatValue(0.123, 'percent', 'en')).toBe('12.3 %');
    expect(formatValue(45365, 'date', 'en')).toBe('Mar 14, 2024');
    expect(formatValue(45365, 'date', 'es')).toBe('14 mar 2024');
    expect(formatValue(41.6, 'integer', 'en')).toBe('42');
    expect(formatValue(null, 'number', 'en')).toBe('—');
    expect(formatValue(Number.NaN, 'number', 'en')).toBe('—');
    expect(formatChange(0.041, 'en')).toBe('+4.1 %');
    expect(formatChange(-0.041, 'es')).toBe('−4,1 %');
  });
});
