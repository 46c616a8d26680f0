import * as assert from 'node:assert/strict';
import { isPermanentError } from '../../../../src/core/logs/streamErrors';

const withKind = (kind: string) => Object.assign(new Error(kind), { kind });

describe('stream errors', () => {
	it('ends the stream for errors another try cannot fix', () => {
		for (const kind of ['notFound', 'azure.notFound', 'azure.unauthorized', 'azure.forbidden', 'azure.signIn', 'azure.badRequest']) {
			assert.equal(isPermanentError(withKind(kind)), true, kind);
		}
		assert.equal(isPermanentError(Object.assign(new Error('gone'), { statusCode: 404 })), true);
		assert.equal(isPermanentError(Object.assign(new Error('denied'), { status: 401 })), true);
	});

	it('waits out throttling, service errors, network failures and anything unknown', () => {
		for (const kind of ['azure.throttled', 'azure.serviceError', 'azure.network']) {
			assert.equal(isPermanentError(withKind(kind)), false, kind);
		}
		// A kind decides, even when a status is attached.
		assert.equal(isPermanentError(Object.assign(withKind('azure.serviceError'), { status: 503 })), false);
		assert.equal(isPermanentError(Object.assign(new Error('busy'), { statusCode: 429 })), false);
		// An expired token is renewed for a later request; any other refusal stays permanent.
		assert.equal(isPermanentError(Object.assign(withKind('azure.unauthorized'), { code: 'ExpiredAuthenticationToken' })), false);
		assert.equal(isPermanentError(Object.assign(withKind('azure.unauthorized'), { code: 'InvalidAuthenticationToken' })), true);
		assert.equal(isPermanentError(new Error('socket hang up')), false);
		assert.equal(isPermanentError('text'), false);
		assert.equal(isPermanentError(undefined), false);
	});
});
