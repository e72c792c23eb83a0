// Only the tiles in view are in the DOM: a grid of fixed-height rows, the visible rows (and a
// few around them, so a fast scroll does not show blanks) rendered at their offset.

export interface GridWindow {
  columns: number;
  /** Index of the first item rendered, and one past the last. */
  start: number;
  end: number;
  /** Pixels above the first rendered row, and the whole grid's height. */
  offsetTop: number;
  totalHeight: number;
}

export function gridWindow(
  count: number,
  viewport: { width: number; height: number; scrollTop: number },
  cell: { minWidth: number; height: number; gap: number },
  overscanRows = 2,
): GridWindow {
  const columns = Math.max(1, Math.floor((viewport.width + cell.gap) / (cell.minWidth + cell.gap)));
  const rowHeight = cell.height + cell.gap;
  const rows = Math.ceil(count / columns);
  const totalHeight = Math.max(0, rows * rowHeight - cell.gap);
  const firstRow = Math.max(0, Math.floor(viewport.scrollTop / rowHeight) - overscanRows);
  const lastRow = Math.min(rows, Math.ceil((viewport.scrollTop + Math.max(viewport.height, rowHeight)) / rowHeight) + overscanRows);
  return {
    columns,
    start: Math.min(count, firstRow * columns),
    end: Math.min(count, lastRow * columns),
    offsetTop: firstRow * rowHeight,
    totalHeight,
  };
}
