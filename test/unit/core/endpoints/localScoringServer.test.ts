import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalScoringServer } from '../../../../src/core/endpoints/localScoringServer';

const projectRoot = path.join(__dirname, '..', '..', '..', '..', '..');
const server = path.join(projectRoot, 'python', 'serve_local.py');

describe('Local scoring server (python/serve_local.py)', function () {
	this.timeout(60_000);
	let dir: string;

	beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'local-scoring-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	function script(body: string): string {
		const file = path.join(dir, 'score.py');
		writeFileSync(file, body);
		return file;
	}

	it('starts once init() has returned, scores with the model folder, and stops cleanly', async () => {
		const output: string[] = [];
		const started = await LocalScoringServer.start({
			python: { command: 'python3', args: [] },
			server,
			scoringScript: script('import os\ndef init():\n    print("init done")\ndef run(raw):\n    return {"got": raw, "model": os.environ["AZUREML_MODEL_DIR"]}\n'),
			modelDir: dir,
			onOutput: (line) => output.push(line),
		});
		assert.match(started.scoringUri, /^http:\/\/127\.0\.0\.1:\d+\/score$/);
		const response = await fetch(started.scoringUri, { method: 'POST', body: '{"data":[1]}' });
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { got: '{"data":[1]}', model: dir });
		assert.ok(output.includes('init done'), output.join('\n'));
		await started.stop();
		assert.equal(await started.exited, 0);
		assert.equal(started.running, false);
		await assert.rejects(fetch(started.scoringUri, { method: 'POST', body: '{}' }));
	});

	it('rejects with the traceback when init() raises, and the server is gone', async () => {
		await assert.rejects(
			LocalScoringServer.start({ python: { command: 'python3', args: [] }, server, scoringScript: script('def init():\n    raise RuntimeError("no weights")\ndef run(raw):\n    return raw\n'), modelDir: dir }),
			(error: Error) => /exit code 3/.test(error.message) && /RuntimeError: no weights/.test(error.message) && /Traceback/.test(error.message),
		);
	});

	it('says so when Python cannot be found', async () => {
		await assert.rejects(
			LocalScoringServer.start({ python: { command: path.join(dir, 'no-python'), args: [] }, server, scoringScript: script('def init(): pass\ndef run(r): return r\n'), modelDir: dir }),
			/Python not found/,
		);
	});

	it('stops a server whose init() is still running when cancelled', async () => {
		const controller = new AbortController();
		const marker = path.join(dir, 'init-started');
		const pending = LocalScoringServer.start({
			python: { command: 'python3', args: [] },
			server,
			scoringScript: script(`import time\ndef init():\n    open(${JSON.stringify(marker)}, "w").close()\n    print("waiting", flush=True)\n    time.sleep(600)\ndef run(raw):\n    return raw\n`),
			modelDir: dir,
			onOutput: (line) => line === 'waiting' && controller.abort(),
			signal: controller.signal,
		});
		await assert.rejects(pending, { name: 'AbortError' });
	});
});
