import { nodePythonProbe, type PythonCommand, type PythonProbe } from '../backends/local/pythonFinder';

// find_spec looks the package up without importing it (TensorFlow can take seconds to load).
const probeCode = 'import importlib.util, sys; sys.exit(0 if importlib.util.find_spec("tensorboard") else 3)';

/**
 * Whether `python -m tensorboard.main` can run, per interpreter: each one is asked once and the
 * answer kept. The environment's PYTHONPATH is part of the key, since it changes what imports.
 */
export class TensorBoardModuleProbe {
	private readonly answers = new Map<string, Promise<boolean>>();

	constructor(private readonly probe: PythonProbe = nodePythonProbe) {}

	isImportable(python: PythonCommand, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
		const key = JSON.stringify([python.command, ...python.args, env.PYTHONPATH ?? '']);
		let answer = this.answers.get(key);
		if (!answer) {
			answer = this.probe(python, probeCode).then(
				(result) => result.exitCode === 0,
				() => false,
			);
			this.answers.set(key, answer);
		}
		return answer;
	}
}
