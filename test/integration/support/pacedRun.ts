import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * Runs the MNIST sample's train.py unchanged, but holds back each epoch's metrics until a gate
 * file allows that epoch: a test decides when a live run logs more, instead of racing a timer.
 */
const pacedTrain = `"""train.py of this folder, with epoch N's metrics logged only once the file after --gate holds N or more."""
import os
import runpy
import sys
import time

import mlflow

index = sys.argv.index("--gate")
gate = sys.argv[index + 1]
del sys.argv[index : index + 2]


def allowed():
    try:
        with open(gate) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


log_metric = mlflow.log_metric


def paced_log_metric(key, value, step=None, **kwargs):
    while allowed() < (step or 0):
        time.sleep(0.1)
    log_metric(key, value, step=step, **kwargs)


mlflow.log_metric = paced_log_metric
sys.argv[0] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "train.py")
runpy.run_path(sys.argv[0], run_name="__main__")
`;

/** A gate for one paced run: `allow(n)` lets epochs up to n log their metrics. */
export class Gate {
	readonly file: string;

	constructor(initial: number) {
		this.file = path.join(mkdtempSync(path.join(os.tmpdir(), 'azureml-explorer-gate-')), 'epochs');
		this.allow(initial);
	}

	allow(epochs: number): void {
		writeFileSync(this.file, String(epochs));
	}
}

/**
 * Writes the paced copy of train.py beside it in the test workspace's MNIST sample, under `name`
 * (the run's display name starts with the script's name), and returns its URI.
 */
export function writePacedScript(mnistFolder: vscode.Uri, name: string): vscode.Uri {
	const script = vscode.Uri.joinPath(mnistFolder, `${name}.py`);
	writeFileSync(script.fsPath, pacedTrain);
	return script;
}
