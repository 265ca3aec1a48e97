/**
 * The options of the P&L and inventory systems as the task pane and the Sheets sidebar read them
 * from their inputs (same ids in both pages): service level, cost per order and materiality.
 * Pure, so both pages validate the same way.
 */
import type { ReportOptions } from '../shared/analysis';
import type { MessageKey } from './i18n';

/** The ids of the inputs, in both pages. */
export const SYSTEM_OPTION_INPUTS = ['service-level-input', 'order-cost-input', 'materiality-input'] as const;

/**
 * Reads the inputs through `value(id)` (blank = the core's default). Returns the options, or the
 * message key of the first invalid input.
 */
export function readSystemOptions(
  value: (id: (typeof SYSTEM_OPTION_INPUTS)[number]) => string,
): { options: Partial<ReportOptions> } | { error: MessageKey } {
  const options: Partial<ReportOptions> = {};
  const level = value('service-level-input').trim();
  if (level !== '') {
    const v = Number(level);
    if (!Number.isFinite(v) || v < 0.5 || v > 0.999) return { error: 'serviceLevelInvalid' };
    options.serviceLevel = v;
  }
  const orderCost = value('order-cost-input').trim();
  if (orderCost !== '') {
    const v = Number(orderCost);
    if (!Number.isFinite(v) || v <= 0) return { error: 'orderCostInvalid' };
    options.orderCost = v;
  }
  const materiality = value('materiality-input').trim();
  if (materiality !== '') {
    const v = Number(materiality);
    if (!Number.isFinite(v) || v < 0 || v > 100) return { error: 'materialityInvalid' };
    options.materiality = v / 100;
  }
  return { options };
}
