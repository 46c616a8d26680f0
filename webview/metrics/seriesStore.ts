// The webview's copy of the data: runs as the host describes them and one PlotSeries per run and
// metric, fed by the host's binary series messages. No DOM here.
import { unpackColumns } from '../../src/core/metrics/binary';
import { PlotSeries, type XAxisMode } from '../../src/core/metrics/PlotSeries';
import { SeriesColumns } from '../../src/core/metrics/SeriesColumns';
import type { RunView, SeriesMessage } from '../../src/protocol/metrics';

export interface StoredSeries {
	readonly run: string;
	readonly key: string;
	readonly plot: PlotSeries;
	/** Bumped on every change, so derived data (smoothing) knows when it is stale. */
	revision: number;
}

export class SeriesStore {
	/** In the order the host sent them, which is also the order of their colors. */
	private readonly runs = new Map<string, RunView>();
	private readonly byKey = new Map<string, Map<string, StoredSeries>>();
	/** Earliest timestamp seen per run: relative time counts from it when the run's start is unknown. */
	private readonly earliest = new Map<string, number>();

	constructor(private axis: XAxisMode) {}

	/** Adds or updates a run; returns the keys whose charts must redraw. */
	upsertRun(run: RunView): string[] {
		const before = this.runs.get(run.id);
		this.runs.set(run.id, run);
		return before?.startedAt !== run.startedAt ? this.refreshOrigin(run.id) : [];
	}

	/** Applies a series message; returns the keys whose charts must redraw. */
	applySeries(message: SeriesMessage): string[] {
		if (!this.runs.has(message.run)) {
			throw new Error(`Series for unknown run ${message.run}`);
		}
		const { steps, timestamps, values } = unpackColumns(message.data, message.count);
		const existing = this.byKey.get(message.key)?.get(message.run);
		if (message.op === 'append' && !existing) {
			throw new Error(`Append to ${message.key} of run ${message.run}, which has no series yet`);
		}
		let first = Infinity;
		for (let i = 0; i < timestamps.length; i++) {
			first = Math.min(first, timestamps[i]);
		}
		const originMoved = first < (this.earliest.get(message.run) ?? Infinity) && this.runs.get(message.run)?.startedAt === undefined;
		if (first < (this.earliest.get(message.run) ?? Infinity)) {
			this.earliest.set(message.run, first);
		}
		if (existing && message.op === 'append') {
			existing.plot.columns.appendColumns(steps, timestamps, values);
			existing.plot.update();
			existing.revision++;
		} else {
			const plot = new PlotSeries(SeriesColumns.wrap(steps, timestamps, values), this.axis, this.originOf(message.run));
			let runs = this.byKey.get(message.key);
			if (!runs) {
				runs = new Map();
				this.byKey.set(message.key, runs);
			}
			runs.set(message.run, { run: message.run, key: message.key, plot, revision: 0 });
		}
		return [...new Set([message.key, ...(originMoved ? this.refreshOrigin(message.run) : [])])];
	}

	setAxis(axis: XAxisMode): void {
		this.axis = axis;
		for (const runs of this.byKey.values()) {
			for (const series of runs.values()) {
				series.plot.setAxis(axis, this.originOf(series.run));
				series.revision++;
			}
		}
	}

	get xAxis(): XAxisMode {
		return this.axis;
	}

	runList(): RunView[] {
		return [...this.runs.values()];
	}

	run(id: string): RunView | undefined {
		return this.runs.get(id);
	}

	/** Position of the run among all runs: its color. */
	runIndex(id: string): number {
		return [...this.runs.keys()].indexOf(id);
	}

	keys(): string[] {
		return [...this.byKey.keys()].sort((a, b) => a.localeCompare(b));
	}

	/** The key's series in run order. */
	seriesOf(key: string): StoredSeries[] {
		const runs = this.byKey.get(key);
		return runs ? [...this.runs.keys()].map((id) => runs.get(id)).filter((s): s is StoredSeries => s !== undefined) : [];
	}

	allSeries(): StoredSeries[] {
		return this.keys().flatMap((key) => this.seriesOf(key));
	}

	originOf(run: string): number {
		return this.runs.get(run)?.startedAt ?? this.earliest.get(run) ?? 0;
	}

	private refreshOrigin(run: string): string[] {
		const changed: string[] = [];
		for (const [key, runs] of this.byKey) {
			const series = runs.get(run);
			if (series) {
				series.plot.setAxis(this.axis, this.originOf(run));
				series.revision++;
				changed.push(key);
			}
		}
		return changed;
	}
}
