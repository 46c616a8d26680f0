import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './codeServer';

/** A fresh copy of the test workspace (the fixture plus the Python samples) under `scratch`. */
export function prepareTestWorkspace(scratch: string): string {
	const workspace = path.join(scratch, 'workspace');
	cpSync(path.join(projectRoot, 'test', 'integration', 'fixtures', 'workspace'), workspace, { recursive: true });
	const samples = path.join(projectRoot, 'python', 'samples');
	if (existsSync(samples)) {
		cpSync(samples, path.join(workspace, 'samples'), { recursive: true });
	}
	return workspace;
}
