import * as assert from 'node:assert/strict';
import { missingPaths, sentNothingNew, shapeDiff } from './shapes';

describe('contract shape rules', () => {
	it('find what a response lacks of the recorded shape', () => {
		const recorded = { id: 'x', properties: { status: 'Running', count: 1, list: [{ a: 1 }], unset: null }, tags: { k: 'v' } };
		assert.deepEqual(shapeDiff(recorded, { id: 'y', properties: { status: 'Done', count: 2, list: [{ a: 3 }], unset: 'set' }, tags: {}, extra: true }), []);
		assert.deepEqual(shapeDiff(recorded, { id: 'y', properties: { status: 1, list: [], count: null }, tags: 'no' }), [
			'$.properties.status is number, the service sent string',
			'$.properties.count is null, the service sent number',
			'$.properties.list is empty, the service listed items',
			'$.properties.unset is missing',
			'$.tags is string, the recording has object',
		]);
	});

	it('compare typed nested properties field by field, string bags only by entry', () => {
		const compute = { properties: { properties: { vmSize: 'A', scaleSettings: { maxNodeCount: 2 } } } };
		assert.deepEqual(shapeDiff(compute, { properties: { properties: { vmSize: 'B' } } }), ['$.properties.properties.scaleSettings is missing']);
		const job = { properties: { properties: { '_azureml.ClusterName': 'c' } } };
		assert.deepEqual(shapeDiff(job, { properties: { properties: {} } }), []);
	});

	it('find fields a client sends that the recorded request did not have', () => {
		const recorded = { properties: { jobType: 'Command', inputs: { data: { uri: 'u', mode: 'm' } }, tags: {} } };
		assert.deepEqual(sentNothingNew({ properties: { jobType: 'Command', inputs: { other: { uri: 'u' } }, tags: { a: 'b' } } }, recorded), []);
		assert.deepEqual(sentNothingNew({ properties: { jobType: 1, inputs: { data: { uri: 'u', extra: 1 } }, invented: 'x' } }, recorded), [
			'$.properties.jobType is sent as number, the recorded request had string',
			'$.properties.inputs.data.extra is sent, the recorded request had no such field',
			'$.properties.invented is sent, the recorded request had no such field',
		]);
	});

	it('find required fields that are not sent', () => {
		assert.deepEqual(missingPaths({ properties: { computeType: 'AmlCompute' } }, ['properties.computeType', 'location', 'properties.properties.vmSize']), ['location', 'properties.properties.vmSize']);
	});
});
