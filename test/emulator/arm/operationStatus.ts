import type { EmulatorContext } from '../context';
import { armError, json, type Router } from '../http';
import type { OperationKind } from '../Operations';

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
						status: operation.done ? 'Succeeded' : 'Updating',
					});
				case 'mfeOperationResults':
					return operation.done ? { status: 200 } : json(202, {}, { Location: context.operations.urlFor(operation, 'mfeOperationResults') });
			}
		},
	);
}
