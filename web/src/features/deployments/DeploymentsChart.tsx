import type { Interval } from '@bearing/shared';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesStyle } from './chartColors';
import { bucketLabel, bucketTick } from './deploymentsCaption';
import type { DeploymentChartData } from './toDeploymentSeries';

export interface DeploymentsChartProps {
  data: DeploymentChartData;
  interval: Interval;
  /** the SVG's <title> */
  title: string;
  /** the SVG's <desc> */
  description: string;
  height?: number;
}

const AXIS_TICK = { fill: '#4a5360', fontSize: 12 };

/**
 * Deployments per bucket, one line per series. Loaded lazily (Recharts is large) and
 * rendered only with data: it never fetches.
 */
export function DeploymentsChart({
  data,
  interval,
  title,
  description,
  height = 320,
}: DeploymentsChartProps) {
  return (
    <LineChart
      responsive
      data={data.rows}
      title={title}
      desc={description}
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 24, bottom: 4, left: 0 }}
    >
      <CartesianGrid stroke="#e1e5ea" vertical={false} />
      <XAxis
        dataKey="start"
        tickFormatter={(start: string) => bucketTick(start, interval)}
        tick={AXIS_TICK}
        stroke="#8a94a1"
        minTickGap={16}
        interval="preserveStartEnd"
        padding={{ left: 24, right: 24 }}
      />
      <YAxis allowDecimals={false} width="auto" tick={AXIS_TICK} stroke="#8a94a1" />
      <Tooltip
        labelFormatter={(start) => bucketLabel(String(start), interval)}
        contentStyle={{ borderColor: '#c4cbd4', borderRadius: 4 }}
      />
      <Legend wrapperStyle={{ fontSize: 13, paddingTop: 8 }} />
      {data.series.map((series, index) => (
        <Line
          key={series.id}
          type="linear"
          dataKey={series.id}
          name={series.label}
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
