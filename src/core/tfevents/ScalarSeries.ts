import { SeriesColumns } from '../metrics/SeriesColumns';
import type { EventSink } from './eventDecoder';

/** A summary that is not charted: its kind and how many events carried it. */
export interface OtherSummary {
	readonly kind: string;
	count: number;
}

/**
 * The scalars of one event-file folder as chart series, one per tag (steps, epoch-millisecond
 * wall times and values, in the order the records came), and the other summaries counted by tag.
 */
export class ScalarSeries implements EventSink {
	readonly series = new Map<string, SeriesColumns>();
	readonly others = new Map<string, OtherSummary>();
	private lastTag = '';
	private lastColumns: SeriesColumns | undefined;

	scalar(tag: string, step: number, wallTime: number, value: number): void {
		// Consecutive events mostly share a tag: skip the map lookup for those.
		let columns = tag === this.lastTag ? this.lastColumns : this.series.get(tag);
		if (!columns) {
			columns = new SeriesColumns(64);
			this.series.set(tag, columns);
		}
		this.lastTag = tag;
		this.lastColumns = columns;
		columns.appendPoint(step, wallTime * 1000, value);
	}

	other(tag: string, kind: string): void {
		const known = this.others.get(tag);
		if (known) {
			known.count++;
		} else {
			this.others.set(tag, { kind, count: 1 });
		}
	}

	/** Empties every series but keeps its tag, so the panel is told each one starts over. */
	clear(): void {
		for (const tag of this.series.keys()) {
			this.series.set(tag, new SeriesColumns(64));
		}
		this.others.clear();
		this.lastTag = '';
		this.lastColumns = undefined;
	}
}

/** The panel's line for what a folder holds besides scalars: `Not charted: keras (graph_keras_model), dense/kernel (histograms ×20)`. */
export function describeOthers(others: ReadonlyMap<string, OtherSummary>): string | undefined {
	if (others.size === 0) {
		return undefined;
	}
	return `Not charted: ${[...others].map(([tag, o]) => `${tag} (${o.kind}${o.count > 1 ? ` ×${o.count}` : ''})`).join(', ')}`;
}
