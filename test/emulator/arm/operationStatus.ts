import type { EmulatorContext } from '../context';
import { armError, json, type EmuResponse, type Router } from '../http';
import type { Operation, OperationKind } from '../Operations';

const kinds: readonly OperationKind[] = ['computeOperationsStatus', 'mfeOperationsStatus', 'mfeOperationResults'];
const canonicalKind = (kind: string) => kinds.find((k) => k.toLowerCase() === kind.toLowerCase()) ?? 'mfeOperationResults';
const netMinDate = '0001-01-01T00:00:00+00:00';

/** The status URLs of long-running operations, in the three shapes Azure ML uses. */
export function registerOperationStatusRoutes(router: Router, context: EmulatorContext): void {
	router.add(
		'GET',
		'/subscriptions/([^/]+)/providers/Microsoft\\.MachineLearningServices/locations/([^/]+)/(computeOperationsStatus|mfeOperationsStatus|mfeOperationResults)/([^/]+)',
		(_request, [, , kind, id]) => {
			const operation = context.operations.poll(id);
			if (!operation) {
				return armError(404, 'OperationNotFound', `The operation '${id}' was not found.`);
			}
			const answer = statusAnswer(context, operation, kind);
			const retryAfter = context.settings.lro.retryAfterSeconds;
			return retryAfter === undefined || operation.done ? answer : { ...answer, headers: { ...answer.headers, 'Retry-After': String(retryAfter) } };
		},
	);
}

function statusAnswer(context: EmulatorContext, operation: Operation, kind: string): EmuResponse {
	switch (canonicalKind(kind)) {
		case 'computeOperationsStatus':
			return json(200, { status: operation.done ? 'Succeeded' : 'InProgress', percentComplete: operation.done ? 100.0 : 0.0 });
		case 'mfeOperationsStatus':
			return json(200, {
				id: new URL(operation.url).pathname,
				name: operation.id,
				startTime: new Date(operation.startedAt).toISOString(),
				endTime: operation.endedAt ? new Date(operation.endedAt).toISOString() : netMinDate,
				percentComplete: 0.0,
				status: operation.error ? 'Failed' : operation.done ? 'Succeeded' : 'Updating',
				...(operation.error ? { error: { code: 'UserError', message: operation.error.message, details: [{ code: operation.error.code, message: operation.error.message }] } } : {}),
			});
		case 'mfeOperationResults':
			return operation.done ? { status: 200 } : json(202, {}, { Location: context.operations.urlFor(operation, 'mfeOperationResults') });
	}
}
