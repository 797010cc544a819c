import type { Interval } from '@bearing/shared';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatNumber } from '../../lib/format';
import { STAGES, type StageRow } from '../squad/leadTime';
import { bucketLabel, bucketTick } from './buckets';
import { seriesStyle, STAGE_COLORS } from './chartColors';
import { scaleTrendRows, type AxisScale, type TrendData } from './trendData';

/**
 * The Recharts components, loaded lazily as one chunk (see chartModule.ts). They draw data
 * they are given and never fetch.
 */

const AXIS_TICK = { fill: '#4a5360', fontSize: 12 };
const AXIS_STROKE = '#8a94a1';
const GRID_STROKE = '#e1e5ea';
const TARGET_STROKE = '#1b1f24';

export interface TrendChartProps {
  data: TrendData;
  interval: Interval;
  scale: AxisScale;
  /** formats a value in API units for the tooltip: "3 h 20 m", "4.3%" */
  formatValue: (value: number) => string;
  /** the SVG's <title> */
  title: string;
  /** the SVG's <desc> */
  description: string;
  /** a target in API units, drawn as a dashed line */
  target?: { value: number; label: string } | null;
  height?: number;
}

/** Values per bucket, one line per series, the y axis in readable units. */
export function TrendChart({
  data,
  interval,
  scale,
  formatValue,
  title,
  description,
  target,
  height = 260,
}: TrendChartProps) {
  const rows = scaleTrendRows(data.rows, data.lines, scale);
  const many = data.lines.length > 1;
  return (
    <LineChart
      responsive
      data={rows}
      title={title}
      desc={description}
      style={{ width: '100%', height }}
      margin={{ top: 12, right: 24, bottom: 4, left: 4 }}
    >
      <CartesianGrid stroke={GRID_STROKE} vertical={false} />
      <XAxis
        dataKey="start"
        tickFormatter={(start: string) => bucketTick(start, interval)}
        tick={AXIS_TICK}
        stroke={AXIS_STROKE}
        minTickGap={16}
        interval="preserveStartEnd"
        padding={{ left: 16, right: 16 }}
      />
      <YAxis
        width="auto"
        tick={AXIS_TICK}
        stroke={AXIS_STROKE}
        allowDecimals={scale.decimals > 0}
        tickFormatter={(value: number) => formatNumber(value, scale.decimals)}
        label={{
          value: scale.unitLabel,
          angle: -90,
          position: 'insideLeft',
          style: { fill: '#4a5360', fontSize: 12, textAnchor: 'middle' },
        }}
      />
      <Tooltip
        labelFormatter={(start) => bucketLabel(String(start), interval)}
        formatter={(value) =>
          typeof value === 'number' ? formatValue(value * scale.divisor) : '—'
        }
        contentStyle={{ borderColor: '#c4cbd4', borderRadius: 4 }}
      />
      {many ? <Legend wrapperStyle={{ fontSize: 13, paddingTop: 8 }} itemSorter={null} /> : null}
      {target ? (
        <ReferenceLine
          y={target.value / scale.divisor}
          stroke={TARGET_STROKE}
          strokeDasharray="6 4"
          ifOverflow="extendDomain"
          label={{ value: target.label, position: 'insideTopRight', fill: TARGET_STROKE, fontSize: 12 }}
        />
      ) : null}
      {data.lines.map((line, index) => (
        <Line
          key={line.id}
          type="linear"
          dataKey={line.id}
          name={line.label}
          {...seriesStyle(index)}
          strokeWidth={2}
          dot={{ r: 3, strokeWidth: 2 }}
          activeDot={{ r: 5 }}
          connectNulls={false}
          isAnimationActive={false}
        />
      ))}
    </LineChart>
  );
}

export interface StageBarChartProps {
  rows: StageRow[];
  scale: AxisScale;
  formatValue: (value: number) => string;
  title: string;
  description: string;
  height?: number;
}

/** Lead-time stage medians as horizontal stacked bars, one bar per period. */
export function StageBarChart({ rows, scale, formatValue, title, description, height = 200 }: StageBarChartProps) {
  const scaled = rows.map((row) => {
    const out: Record<string, string | number | null> = { label: row.label };
    for (const { key } of STAGES) out[key] = row[key] === null ? null : row[key] / scale.divisor;
    return out;
  });
  return (
    <BarChart
      responsive
      layout="vertical"
      data={scaled}
      title={title}
      desc={description}
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 24, bottom: 16, left: 4 }}
      barCategoryGap="25%"
    >
      <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
      <XAxis
        type="number"
        tick={AXIS_TICK}
        stroke={AXIS_STROKE}
        tickFormatter={(value: number) => formatNumber(value, scale.decimals)}
        label={{ value: scale.unitLabel, position: 'insideBottom', offset: -8, fill: '#4a5360', fontSize: 12 }}
      />
      <YAxis type="category" dataKey="label" width="auto" tick={AXIS_TICK} stroke={AXIS_STROKE} />
      <Tooltip
        formatter={(value) => (typeof value === 'number' ? formatValue(value * scale.divisor) : '—')}
        contentStyle={{ borderColor: '#c4cbd4', borderRadius: 4 }}
        cursor={{ fill: 'rgb(31 79 143 / 0.08)' }}
      />
      <Legend wrapperStyle={{ fontSize: 13, paddingTop: 12 }} itemSorter={null} />
      {STAGES.map((stage, index) => (
        <Bar
          key={stage.key}
          dataKey={stage.key}
          name={`${stage.label} (median)`}
          stackId="stages"
          fill={STAGE_COLORS[index]}
          stroke="#ffffff"
          strokeWidth={1}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

export interface ShareBarChartProps {
  /** one bar per row: a label and a share 0..1 */
  rows: Array<{ label: string; share: number }>;
  /** the series name in the tooltip and legend, e.g. "Practice-lead review share" */
  name: string;
  title: string;
  description: string;
  height?: number;
}

/** Shares (0..1) as horizontal bars in percent, one per row, axis 0–100%. */
export function ShareBarChart({ rows, name, title, description, height }: ShareBarChartProps) {
  const data = rows.map((row) => ({ label: row.label, percent: row.share * 100 }));
  return (
    <BarChart
      responsive
      layout="vertical"
      data={data}
      title={title}
      desc={description}
      style={{ width: '100%', height: height ?? Math.max(160, 48 + rows.length * 30) }}
      margin={{ top: 8, right: 24, bottom: 16, left: 4 }}
      barCategoryGap="20%"
    >
      <CartesianGrid stroke={GRID_STROKE} horizontal={false} />
      <XAxis
        type="number"
        domain={[0, 100]}
        tick={AXIS_TICK}
        stroke={AXIS_STROKE}
        tickFormatter={(value: number) => `${formatNumber(value, 0)}%`}
        label={{ value: 'share of reviews (%)', position: 'insideBottom', offset: -8, fill: '#4a5360', fontSize: 12 }}
      />
      <YAxis type="category" dataKey="label" width="auto" tick={AXIS_TICK} stroke={AXIS_STROKE} />
      <Tooltip
        formatter={(value) => (typeof value === 'number' ? `${formatNumber(value, 1)}%` : '—')}
        contentStyle={{ borderColor: '#c4cbd4', borderRadius: 4 }}
        cursor={{ fill: 'rgb(31 79 143 / 0.08)' }}
      />
      <Bar dataKey="percent" name={name} fill={STAGE_COLORS[0]} isAnimationActive={false} />
    </BarChart>
  );
}
