import * as assert from 'node:assert/strict';
import { findPython, platformCandidates, type ProbeResult, type PythonCandidate } from '../../../../../src/core/backends/local/pythonFinder';

/** Fake interpreters, by command: what each answers when asked for its version. */
function fakeProbe(answers: Record<string, ProbeResult>) {
	const asked: string[] = [];
	const probe = (candidate: { command: string; args: readonly string[] }) => {
		const name = [candidate.command, ...candidate.args].join(' ');
		asked.push(name);
		return Promise.resolve(answers[name] ?? { exitCode: null, stdout: '', errorCode: 'ENOENT' });
	};
	return { probe, asked };
}

const stub: ProbeResult = { exitCode: 9009, stdout: '' };
const tooOld: ProbeResult = { exitCode: 0, stdout: '3.7.17\n' };
const good: ProbeResult = { exitCode: 0, stdout: '3.11.7\r\n' };

function candidate(command: string, origin = 'test', args: string[] = []): PythonCandidate {
	return { command, args, origin };
}

describe('findPython (the interpreter a local run uses)', () => {
	it('skips the Microsoft Store placeholder and a too old Python, and takes the first good one', async () => {
		const { probe, asked } = fakeProbe({ 'C:\\venv\\python.exe': tooOld, python3: stub, 'py -3': good, python: good });
		const found = await findPython([candidate('C:\\venv\\python.exe'), candidate('python3'), candidate('py', 'default', ['-3']), candidate('python')], probe);
		assert.deepEqual(found, { command: 'py', args: ['-3'] });
		assert.deepEqual(asked, ['C:\\venv\\python.exe', 'python3', 'py -3']);
	});

	it('accepts 3.8 exactly, and the first candidate without asking the others', async () => {
		const { probe, asked } = fakeProbe({ '/opt/py38/bin/python': { exitCode: 0, stdout: '3.8.0\n' }, python: good });
		assert.deepEqual(await findPython([candidate('/opt/py38/bin/python'), candidate('python')], probe), { command: '/opt/py38/bin/python', args: [] });
		assert.deepEqual(asked, ['/opt/py38/bin/python']);
	});

	it('lists every candidate tried, where it came from and why it was refused', async () => {
		const { probe } = fakeProbe({ python3: stub, python: { exitCode: 0, stdout: '2.7.18\n' }, broken: { exitCode: 1, stdout: '' } });
		await assert.rejects(
			findPython([candidate('/missing/python', 'setting azuremlExplorer.local.python'), candidate('broken'), candidate('python3', 'the default'), candidate('python', 'the default')], probe),
			(error: Error) => {
				assert.match(error.message, /^No Python 3\.8 or newer found/);
				assert.match(error.message, /\/missing\/python \(setting azuremlExplorer\.local\.python\): not found/);
				assert.match(error.message, /broken \(test\): did not run \(exit code 1\)/);
				assert.match(error.message, /python3 \(the default\): the Microsoft Store placeholder/);
				assert.match(error.message, /python \(the default\): version 2\.7\.18 is too old/);
				assert.match(error.message, /azuremlExplorer\.local\.python/);
				return true;
			},
		);
	});

	it('tries the py launcher on Windows and python3 elsewhere, then python', () => {
		assert.deepEqual(platformCandidates('win32').map((c) => [c.command, ...c.args].join(' ')), ['py -3', 'python']);
		assert.deepEqual(platformCandidates('darwin').map((c) => [c.command, ...c.args].join(' ')), ['python3', 'python']);
		assert.deepEqual(platformCandidates('linux').map((c) => [c.command, ...c.args].join(' ')), ['python3', 'python']);
	});

	it("finds this machine's Python by running it", async () => {
		const found = await findPython([candidate('/nonexistent/python'), ...platformCandidates(process.platform)]);
		assert.notEqual(found.command, '/nonexistent/python');
	});
});
