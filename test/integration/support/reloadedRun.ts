import { mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { processStartToken } from '../../../src/core/backends/local/processIdentity';
import { workspaceFolder } from './extension';

/**
 * What the suites restart/ and afterRestart/ share: a Local run started before a window reload and
 * checked after it. The script runs until the file `stop` appears in its control folder, keeps a child
 * process waiting for the same file (so stopping it must end a process tree), and prints each line
 * added to the file `say`, so the test decides when it writes to its log; a line `log KEY VALUE STEP`
 * also logs that metric.
 */
export const waiterScript = `"""Runs until <control>/stop exists; prints each line added to <control>/say, logging "log KEY VALUE STEP" lines as metrics."""
import os
import subprocess
import sys
import time

import mlflow

control = sys.argv[1]
stop = os.path.join(control, "stop")
say = os.path.join(control, "say")
wait_for_stop = "import os, sys, time\\nwhile not os.path.exists(sys.argv[1]):\\n    time.sleep(0.1)\\n"
child = subprocess.Popen([sys.executable, "-c", wait_for_stop, stop])
print("pids %d %d" % (os.getpid(), child.pid), flush=True)
said = 0
while not os.path.exists(stop):
    try:
        with open(say) as f:
            lines = f.read().split("\\n")[:-1]  # whole lines only
    except OSError:
        lines = []
    for line in lines[said:]:
        print(line, flush=True)
        words = line.split()
        if len(words) == 4 and words[0] == "log":
            mlflow.log_metric(words[1], float(words[2]), step=int(words[3]))
    said = len(lines)
    time.sleep(0.1)
child.wait()
`;

export const reloadExperiment = 'across-reload';
/** The metric the run logs at step 1 before the reload and at step 2 after it. */
export const reloadMetric = 'reload_metric';

/** A process as the OS names it: its id and start time (processStartToken), so a reused id is told apart. */
export interface ProcessRecord {
	readonly pid: number;
	readonly start: string;
}

/** What the suite before the reload saw, for the suite after it. */
export interface Handoff {
	readonly runId: string;
	readonly extensionHost: ProcessRecord;
	readonly harness: ProcessRecord;
	readonly script: ProcessRecord;
	readonly grandchild: ProcessRecord;
}

/** The folder the script watches, outside the script's folder (which is snapshotted at submit). */
export function controlFolder(): string {
	const folder = path.join(workspaceFolder().fsPath, 'reload-control');
	mkdirSync(folder, { recursive: true });
	return folder;
}

export function writeHandoff(handoff: Handoff): void {
	writeFileSync(path.join(controlFolder(), 'handoff.json'), JSON.stringify(handoff, null, 2));
}

export function readHandoff(): Handoff {
	return JSON.parse(readFileSync(path.join(controlFolder(), 'handoff.json'), 'utf8')) as Handoff;
}

/** Has the script print `line` to its log. */
export function say(line: string): void {
	appendFileSync(path.join(controlFolder(), 'say'), `${line}\n`);
}

/** Ends the script and its child the way it ends by itself (used when a test failed before stopping it). */
export function letScriptEnd(): void {
	writeFileSync(path.join(controlFolder(), 'stop'), '');
}

/** The process now running under `pid`, if any. */
export async function processRecord(pid: number): Promise<ProcessRecord | undefined> {
	const start = await processStartToken(pid);
	return start === undefined ? undefined : { pid, start };
}

/** Whether the very process recorded (same id, same start time) still runs. */
export async function isRunning(process: ProcessRecord): Promise<boolean> {
	return (await processStartToken(process.pid)) === process.start;
}
