import { RunStatusHub } from '../core/runs/RunStatusHub';

let hub: RunStatusHub | undefined;

/** The extension's one status poll per run, shared by the tree, log streams and metric charts. */
export function runStatusHub(): RunStatusHub {
	hub ??= new RunStatusHub();
	return hub;
}

export function disposeRunStatusHub(): void {
	hub?.dispose();
	hub = undefined;
}
