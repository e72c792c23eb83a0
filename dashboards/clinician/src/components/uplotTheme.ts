import type uPlot from 'uplot';

export const COLORS = {
  spo2: '#4dabf7',
  pr: '#f783ac',
  temp: '#ffa94d',
  rr: '#63e6be',
  bat: '#adb5bd',
  pi: '#adb5bd',
  grid: 'rgba(255,255,255,0.10)',
  axis: '#ced4da',
  threshold: '#ff6b6b',
} as const;

/** A dashed horizontal line with a label, drawn on top of the series (a threshold is not data). */
export function thresholdPlugin(value: number, label: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const y = u.valToPos(value, 'y', true);
        const { left, top, width, height } = u.bbox;
        if (y < top || y > top + height) return;
        const ctx = u.ctx;
        const px = devicePixelRatio || 1;
        ctx.save();
        ctx.strokeStyle = COLORS.threshold;
        ctx.lineWidth = 1.5 * px;
        ctx.setLineDash([6 * px, 4 * px]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        if (label) {
          ctx.setLineDash([]);
          ctx.fillStyle = COLORS.threshold;
          ctx.font = `${12 * px}px system-ui, sans-serif`;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'bottom';
          ctx.fillText(label, left + width - 4 * px, y - 2 * px);
        }
        ctx.restore();
      },
    },
  };
}
