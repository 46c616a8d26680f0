import type * as vscode from 'vscode';
import type { RunBackend } from '../../core/backends/types';
import { formatTime } from '../../core/format';
import { recentRuns, type RunsOf } from '../../core/runs/recentRuns';
import { extensionLog } from '../extensionLog';
import type { RunTarget } from '../runTarget';
import type { Services } from '../services';
import { workspacesInTree } from '../submit/pickTarget';
import { statusIcon } from '../tree/statusIcons';

/** Where runs are listed from: Local, or one signed-in workspace. */
interface RunSource {
	readonly label: string;
	readonly backend: RunBackend;
}

interface RunItem extends vscode.QuickPickItem {
	readonly target: RunTarget;
}

/** Enough to find a recent run without the picker growing past what one can scan. */
const maxOffered = 50;

/**
 * One run for a command used from the palette (no tree node): the recent runs of Local and of
 * every signed-in workspace, newest first; only the active ones when the command acts on those.
 */
export async function pickRun(services: Services, title: string, options: { activeOnly?: boolean } = {}): Promise<RunTarget> {
	const items = await runItems(services, options.activeOnly ?? false);
	return (await services.prompt.quickPick(items, { title, placeHolder: 'Recent runs, newest first', matchOnDescription: true, matchOnDetail: true })).target;
}

/** Several runs (Compare Metrics), chosen the same way. */
export async function pickRuns(services: Services, title: string): Promise<RunTarget[]> {
	const items = await runItems(services, false);
	const picked = await services.prompt.quickPickMany(items, { title, placeHolder: 'Check the runs to compare', matchOnDescription: true, matchOnDetail: true });
	return picked.map((item) => item.target);
}

async function runItems(services: Services, activeOnly: boolean): Promise<RunItem[]> {
	const sources = await runSources(services);
	if (sources.length === 0) {
		throw new Error('Open a folder (for Local runs) or sign in to Azure to choose a run.');
	}
	const failures: string[] = [];
	const lists = await Promise.all(
		sources.map(async (source): Promise<RunsOf<RunSource>> => {
			try {
				return { source, runs: (await source.backend.listRuns({})).runs };
			} catch (error) {
				// One workspace out of reach must not hide the runs of the others.
				const reason = error instanceof Error ? error.message : String(error);
				failures.push(`${source.label}: ${reason}`);
				extensionLog.warn(`Could not list the runs of ${source.label}: ${reason}`);
				return { source, runs: [] };
			}
		}),
	);
	const runs = recentRuns(lists, { activeOnly, limit: maxOffered });
	if (runs.length === 0) {
		const none = activeOnly ? 'No active runs' : 'No runs yet';
		throw new Error([`${none} in ${sources.map((s) => s.label).join(', ')}.`, ...failures].join(' '));
	}
	return runs.map(({ source, run }) => {
		const label = run.displayName ?? run.id;
		const started = run.startedAt ?? run.createdAt;
		return {
			label,
			iconPath: statusIcon(run.status),
			description: [run.status, source.label, run.experiment].join(' · '),
			detail: [started && formatTime(started), run.id !== label && run.id].filter(Boolean).join(' · ') || undefined,
			target: { backend: source.backend, runId: run.id, label },
		};
	});
}

/** Local (when a folder is open to hold its store) and the workspaces the tree shows; never asks to sign in. */
async function runSources(services: Services): Promise<RunSource[]> {
	const local = services.local.backend;
	const workspaces = await workspacesInTree(services);
	return [
		...(local ? [{ label: 'Local', backend: local }] : []),
		...workspaces.map((w) => ({ label: w.workspace.ref.workspace, backend: w.backend })),
	];
}
