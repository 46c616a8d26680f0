import type * as vscode from 'vscode';
import { isTerminal } from '../../core/backends/types';
import type { RunStatusHub } from '../../core/runs/RunStatusHub';
import { errorMessage } from '../../core/logs/streamErrors';
import type { RunNode } from './RunNode';
import type { TreeNode } from './TreeNode';

/** Failed polls in a row before the node says its status is stale (fewer are often a blip). */
export const failuresShown = 3;

/**
 * Keeps the status of the active runs the view shows up to date, through the runs' shared status
 * polls. The view subscribes a run when it lists it and unsubscribes it when its folder collapses,
 * the view refreshes or hides, or the user signs out, so nothing is polled for a node nobody sees.
 */
export class RunStatusWatcher implements vscode.Disposable {
	private readonly watched = new Map<string, { readonly node: RunNode; readonly subscription: { dispose(): void } }>();

	constructor(
		private readonly hub: RunStatusHub,
		private readonly onChanged: (node: RunNode) => void,
	) {}

	/** Runs of the view whose status is followed now. */
	get size(): number {
		return this.watched.size;
	}

	watch(node: RunNode): void {
		const current = this.watched.get(node.id);
		if (current?.node === node) {
			return;
		}
		current?.subscription.dispose();
		this.watched.delete(node.id);
		if (!node.isActive) {
			return;
		}
		const { backend, runId } = node.runTarget;
		const subscription = this.hub.watch(backend, runId, {
			onRun: (run) => {
				if (node.update(run)) {
					this.onChanged(node);
				}
				if (isTerminal(run.status)) {
					this.unwatch(node);
				}
			},
			onError: (error, failures) => {
				if (failures >= failuresShown && node.setPollFailure(`${errorMessage(error)} (${failures} failed refreshes; retrying less often)`)) {
					this.onChanged(node);
				}
			},
		});
		this.watched.set(node.id, { node, subscription });
	}

	/** Stops following the runs below `ancestor` (a folder the user collapsed). */
	unwatchBelow(ancestor: TreeNode): void {
		for (const { node } of [...this.watched.values()]) {
			for (let parent: TreeNode | undefined = node.getParent(); parent; parent = parent.getParent?.()) {
				if (parent === ancestor || parent.id === ancestor.id) {
					this.unwatch(node);
					break;
				}
			}
		}
	}

	/** Stops following every run (refresh, sign-out, the view hidden); listing them again resumes. */
	clear(): void {
		for (const { subscription } of this.watched.values()) {
			subscription.dispose();
		}
		this.watched.clear();
	}

	dispose(): void {
		this.clear();
	}

	private unwatch(node: RunNode): void {
		const current = this.watched.get(node.id);
		if (current?.node === node) {
			current.subscription.dispose();
			this.watched.delete(node.id);
		}
	}
}
