import type * as vscode from 'vscode';
import { isTerminal } from '../../core/backends/types';
import type { RunNode } from './RunNode';

/**
 * Keeps the status of runs that are still active up to date while they are shown: each tick asks
 * the run's backend for it, updates the node and redraws only what changed. Stops itself when no
 * active run is left.
 */
export class RunStatusWatcher implements vscode.Disposable {
	private readonly watched = new Map<string, RunNode>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private ticking = false;

	constructor(
		private readonly onChanged: (node: RunNode) => void,
		private readonly intervalMs: (node: RunNode) => number,
	) {}

	watch(node: RunNode): void {
		if (node.isActive) {
			this.watched.set(node.id, node);
			this.schedule();
		} else {
			this.watched.delete(node.id);
		}
	}

	dispose(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
		this.watched.clear();
	}

	private schedule(): void {
		if (this.timer || this.ticking || this.watched.size === 0) {
			return;
		}
		const delay = Math.min(...[...this.watched.values()].map(this.intervalMs));
		this.timer = setTimeout(() => {
			this.timer = undefined;
			void this.tick();
		}, delay);
	}

	private async tick(): Promise<void> {
		this.ticking = true;
		try {
			await Promise.all([...this.watched.values()].map((node) => this.refresh(node)));
		} finally {
			this.ticking = false;
			this.schedule();
		}
	}

	private async refresh(node: RunNode): Promise<void> {
		const { backend, runId } = node.runTarget;
		try {
			const run = await backend.getRun(runId);
			if (node.update(run)) {
				this.onChanged(node);
			}
			if (isTerminal(run.status)) {
				this.watched.delete(node.id);
			}
		} catch {
			// A failed poll is retried at the next tick; the node keeps its last known status.
		}
	}
}
