import type { LogFile } from '../backends/types';
import type { SeriesChange } from '../metrics/MetricsFeed';
import type { SeriesColumns } from '../metrics/SeriesColumns';
import { EventFileTail } from './EventFileTail';
import { eventFolderOf, isEventFileName } from './eventFileNames';
import { ScalarSeries, type OtherSummary } from './ScalarSeries';

/** What changed in one folder of event files since the last refresh reported it. */
export interface EventFolderUpdate {
	/** `logs/train`: the series of its tags are one run's `train` curves. */
	readonly folder: string;
	readonly series: ReadonlyMap<string, { readonly change: SeriesChange; readonly columns: SeriesColumns }>;
	/** Set the first time the folder is reported and whenever its counts of non-scalar summaries changed. */
	readonly others?: ReadonlyMap<string, OtherSummary>;
}

interface Folder {
	readonly scalars: ScalarSeries;
	/** Points of each tag already reported, so a refresh that failed halfway reports them next time. */
	readonly reported: Map<string, number>;
	/** Events not charted, as last reported; -1 before the folder was first reported. */
	reportedOthers: number;
}

/**
 * The event files of one run, followed together: each refresh lists the run's files (new ones are
 * picked up), reads only the new bytes of each (files in name order, so a folder's restarts come
 * in time order), and reports per folder the tags whose series grew or started over.
 */
export class RunEventFiles {
	private readonly tails = new Map<string, EventFileTail>();
	private readonly folders = new Map<string, Folder>();

	constructor(
		private readonly list: (signal?: AbortSignal) => Promise<readonly LogFile[]>,
		private readonly warn: (message: string) => void,
	) {}

	/** Every folder's current series and counts, for a panel that starts empty. */
	snapshot(): { folder: string; series: ReadonlyMap<string, SeriesColumns>; others: ReadonlyMap<string, OtherSummary> }[] {
		return [...this.folders].map(([folder, f]) => ({ folder, series: f.scalars.series, others: f.scalars.others }));
	}

	async refresh(signal?: AbortSignal): Promise<EventFolderUpdate[]> {
		const files = (await this.list(signal)).filter((f) => isEventFileName(f.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		const replaced = new Set<string>();
		for (const file of files) {
			const folderName = eventFolderOf(file.name);
			const folder = this.folder(folderName);
			let tail = this.tails.get(file.name);
			if (tail) {
				// A fresh listing may carry a fresh SAS URL.
				tail.reader = file.reader;
			} else {
				tail = new EventFileTail(file.reader, file.name, folder.scalars, this.warn);
				this.tails.set(file.name, tail);
			}
			const read = await tail.read(signal);
			if (read.rewritten) {
				// One file of the folder starts over: so does the folder, from every one of its files.
				this.restartFolder(folderName);
				replaced.add(folderName);
			}
		}
		return [...this.folders].flatMap(([name, folder]) => this.changes(name, folder, replaced.has(name)));
	}

	private folder(name: string): Folder {
		let folder = this.folders.get(name);
		if (!folder) {
			folder = { scalars: new ScalarSeries(), reported: new Map(), reportedOthers: -1 };
			this.folders.set(name, folder);
		}
		return folder;
	}

	private restartFolder(name: string): void {
		this.folders.get(name)?.scalars.clear();
		for (const file of [...this.tails.keys()]) {
			if (eventFolderOf(file) === name) {
				this.tails.delete(file);
			}
		}
	}

	private changes(name: string, folder: Folder, replaced: boolean): EventFolderUpdate[] {
		const series = new Map<string, { change: SeriesChange; columns: SeriesColumns }>();
		for (const [tag, columns] of folder.scalars.series) {
			const reported = folder.reported.get(tag);
			if (replaced || reported === undefined || reported > columns.length) {
				series.set(tag, { change: { kind: 'replace' }, columns });
			} else if (columns.length > reported) {
				series.set(tag, { change: { kind: 'append', from: reported }, columns });
			}
			folder.reported.set(tag, columns.length);
		}
		const othersCount = [...folder.scalars.others.values()].reduce((n, o) => n + o.count, 0);
		const others = othersCount !== folder.reportedOthers ? folder.scalars.others : undefined;
		folder.reportedOthers = othersCount;
		return series.size > 0 || others ? [{ folder: name, series, others }] : [];
	}
}
