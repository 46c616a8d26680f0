import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { deploymentBody, endpointBody, logsBody } from '../../../../src/core/endpoints/requestBodies';
import { instanceCountProblem } from '../../../../src/core/endpoints/instanceTypes';
import { deploymentNameProblem, endpointNameProblem, suggestEndpointName } from '../../../../src/core/endpoints/names';
import { scoringScriptInFolder, scoringScriptProblem } from '../../../../src/core/endpoints/scoringScript';
import { formatTraffic, parseTraffic, shareProblem, trafficProblem, trafficWith } from '../../../../src/core/endpoints/traffic';

describe('online endpoint rules', () => {
	it('accepts names by the service rule: 3 to 32 letters, digits and "-", a letter first, no "-" last', () => {
		for (const good of ['abc', 'mnist-ep', 'A1-b2', 'x'.repeat(32)]) {
			assert.equal(endpointNameProblem(good), undefined, good);
			assert.equal(deploymentNameProblem(good), undefined, good);
		}
		for (const bad of ['ab', '9lives', 'ends-', 'has_underscore', 'has space', 'x'.repeat(33), '-lead']) {
			assert.match(endpointNameProblem(bad) ?? '', /3 to 32 letters, digits and '-', starting with a letter/, bad);
			assert.match(deploymentNameProblem(bad) ?? '', /not a valid deployment name/, bad);
		}
	});

	it('suggests a valid endpoint name from any model name', () => {
		for (const model of ['lenet_mnist', '9-model', '___', 'a'.repeat(60)]) {
			assert.equal(endpointNameProblem(suggestEndpointName(model)), undefined, model);
		}
		assert.equal(suggestEndpointName('lenet_mnist'), 'lenet-mnist-ep');
	});

	it('checks shares, counts and traffic that must add up to 100', () => {
		assert.equal(shareProblem('0'), undefined);
		assert.equal(shareProblem('100'), undefined);
		assert.match(shareProblem('101') ?? '', /0 to 100/);
		assert.match(shareProblem('12.5') ?? '', /whole percentage/);
		assert.equal(instanceCountProblem('3'), undefined);
		assert.match(instanceCountProblem('0') ?? '', /from 1 to 100/);
		assert.equal(trafficProblem({ blue: 70, green: 30 }), undefined);
		assert.equal(trafficProblem({ blue: 0 }), undefined);
		assert.match(trafficProblem({ blue: 70, green: 20 }) ?? '', /add up to 90/);
		assert.match(trafficProblem({ blue: 99.5, green: 0.5 }) ?? '', /whole percentage/);
	});

	it('gives the first deployment 100% and keeps the others in proportion, rounded to a total of 100', () => {
		assert.deepEqual(trafficWith({}, 'blue', 0, ['blue']), { blue: 100 });
		assert.deepEqual(trafficWith({ blue: 100 }, 'green', 10, ['blue', 'green']), { blue: 90, green: 10 });
		assert.deepEqual(trafficWith({ blue: 50, green: 50 }, 'red', 25, ['blue', 'green', 'red']), { blue: 38, green: 37, red: 25 });
		assert.deepEqual(trafficWith({ blue: 0, green: 0 }, 'red', 40, ['blue', 'green', 'red']), { blue: 30, green: 30, red: 40 });
		const redeployed = trafficWith({ blue: 80, green: 20 }, 'green', 50, ['blue', 'green']);
		assert.deepEqual(redeployed, { blue: 50, green: 50 });
		for (const share of [0, 1, 33, 99, 100]) {
			const split = trafficWith({ a: 33, b: 33, c: 34 }, 'd', share, ['a', 'b', 'c', 'd']);
			assert.equal(trafficProblem(split), undefined, JSON.stringify(split));
		}
	});

	it('reads and writes traffic as "blue=80, green=20"', () => {
		assert.equal(formatTraffic({ blue: 80 }, ['blue', 'green']), 'blue=80, green=0');
		assert.deepEqual(parseTraffic('blue=80, green = 20', ['blue', 'green']), { blue: 80, green: 20 });
		assert.match(parseTraffic('blue=80', ['blue', 'green']) as string, /add up to 80/);
		assert.match(parseTraffic('red=100', ['blue']) as string, /no deployment "red"/);
		assert.match(parseTraffic('blue 100', ['blue']) as string, /<deployment>=<percent>/);
	});

	it('finds init() and run() at the top level of a scoring script', () => {
		assert.equal(scoringScriptProblem('score.py', 'def init():\n    pass\n\ndef run(raw_data):\n    return raw_data\n'), undefined);
		assert.equal(scoringScriptProblem('score.py', 'async def init():\n    pass\ndef run (data, request_headers):\n    pass\n'), undefined);
		assert.match(scoringScriptProblem('score.py', 'def init():\n    pass\n') ?? '', /does not define run\(\)/);
		assert.match(scoringScriptProblem('score.py', 'class A:\n    def init(self):\n        pass\n    def run(self):\n        pass\n') ?? '', /init\(\) and run\(\)/);
		assert.match(scoringScriptProblem('score.txt', 'def init(): pass\ndef run(x): pass') ?? '', /not a Python file/);
	});

	it('names the scoring script inside its code folder with "/" on every platform', () => {
		assert.equal(scoringScriptInFolder('C:\\proj\\serve', 'C:\\proj\\serve\\src\\score.py', path.win32), 'src/score.py');
		assert.equal(scoringScriptInFolder('/proj/serve', '/proj/serve/src/score.py', path.posix), 'src/score.py');
		assert.throws(() => scoringScriptInFolder('C:\\proj\\serve', 'D:\\other\\score.py', path.win32), /not inside the code folder/);
		assert.throws(() => scoringScriptInFolder('/proj/serve', '/proj/score.py', path.posix), /not inside the code folder/);
	});

	it('builds the request bodies of the REST shapes', () => {
		assert.deepEqual(endpointBody({ location: 'westus', authMode: 'Key' }), {
			location: 'westus',
			identity: { type: 'SystemAssigned' },
			tags: {},
			properties: { authMode: 'Key', description: '', properties: {}, traffic: {}, mirrorTraffic: {} },
		});
		const body = deploymentBody({ location: 'westus', modelId: '/m/1', codeId: '/c/1', scoringScript: 'score.py', environmentId: '/e/1', instanceType: 'Standard_DS3_v2', instanceCount: 2 }) as {
			sku: unknown;
			properties: Record<string, unknown>;
		};
		assert.deepEqual(body.sku, { name: 'Default', capacity: 2 });
		assert.equal(body.properties.endpointComputeType, 'Managed');
		assert.deepEqual(body.properties.codeConfiguration, { codeId: '/c/1', scoringScript: 'score.py' });
		assert.equal(body.properties.environmentId, '/e/1');
		assert.deepEqual(body.properties.requestSettings, { requestTimeout: 'PT5S', maxConcurrentRequestsPerInstance: 1 });
		assert.deepEqual(body.properties.livenessProbe, { initialDelay: 'PT10S', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 30 });
		assert.deepEqual(logsBody(), { containerType: 'InferenceServer', tail: 500 });
	});
});
