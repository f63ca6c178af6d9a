import { useEffect, useRef } from "react";

export interface BarSeries {
  label: string;
  values: number[];
  /** a CSS variable of the palette, e.g. `--color-success` */
  colour: string;
}

/**
 * A bar chart drawn by Chart.js (only its bar pieces, `bar-chart-pieces.ts`, loaded with the first chart).
 * The canvas is an image for screen readers, named by `label`; the figures are in the table the
 * caller puts beside it.
 */
export function BarChart({
  label,
  categories,
  series,
  stacked = false,
  horizontal = false,
}: {
  label: string;
  categories: string[];
  series: BarSeries[];
  stacked?: boolean;
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let current = true;
    void import("./bar-chart-pieces").then(({ Chart }) => {
      if (!current || !canvas.current) return;
      const style = getComputedStyle(document.documentElement);
      const css = (name: string) => style.getPropertyValue(name).trim();
      Chart.defaults.font.family = css("--font-sans");
      Chart.defaults.color = css("--color-text-muted");
      chart = new Chart(canvas.current, {
        type: "bar",
        data: {
          labels: categories,
          datasets: series.map((s) => ({
            label: s.label,
            data: s.values,
            backgroundColor: css(s.colour),
            borderRadius: 3,
            maxBarThickness: 28,
          })),
        },
        options: {
          indexAxis: horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: series.length > 1, position: "bottom" } },
          scales: {
            x: { stacked, grid: { display: horizontal } },
            y: { stacked, beginAtZero: true, grid: { display: !horizontal }, ticks: { precision: 0 } },
          },
        },
      });
    });
    return () => {
      current = false;
      chart?.destroy();
    };
  }, [categories, series, stacked, horizontal]);
  return (
    <div className="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
