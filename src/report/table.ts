import Table from 'cli-table3';

type Align = 'left' | 'center' | 'right';

/**
 * A plain (uncoloured) console table, the one style every report uses; more cli-table3 options (column widths,
 * wrapping) can be added.
 */
export function plainTable(
  head: string[],
  colAligns?: Align[],
  options: Omit<Table.TableConstructorOptions, 'head' | 'colAligns' | 'style'> = {},
): Table.Table {
  return new Table({ head, ...(colAligns ? { colAligns } : {}), style: { head: [], border: [] }, ...options });
}
