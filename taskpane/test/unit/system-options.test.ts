import { describe, expect, it } from 'vitest';
import { readSystemOptions } from '../../src/taskpane/system-options';

const from = (values: Record<string, string>) => (id: string) => values[id] ?? '';

describe('readSystemOptions', () => {
  it('reads service level, cost per order and materiality (percent to share)', () => {
    expect(readSystemOptions(from({ 'service-level-input': '0.98', 'order-cost-input': '40', 'materiality-input': '2.5' }))).toEqual({
      options: { serviceLevel: 0.98, orderCost: 40, materiality: 0.025 },
    });
  });
  it('leaves blank inputs to the core defaults', () => {
    expect(readSystemOptions(from({}))).toEqual({ options: {} });
  });
  it('names the first invalid input', () => {
    expect(readSystemOptions(from({ 'service-level-input': '1.2' }))).toEqual({ error: 'serviceLevelInvalid' });
    expect(readSystemOptions(from({ 'order-cost-input': '0' }))).toEqual({ error: 'orderCostInvalid' });
    expect(readSystemOptions(from({ 'materiality-input': 'lots' }))).toEqual({ error: 'materialityInvalid' });
  });
});
