/**
 * Error kinds another try cannot fix. Typed errors carry a string `kind` (the Azure core's
 * `azure.*` kinds, the local backend's `notFound`), checked here without importing their classes.
 */
const PERMANENT_KINDS: ReadonlySet<string> = new Set([
	'notFound',
	'azure.notFound',
	'azure.unauthorized',
	'azure.forbidden',
	'azure.badRequest',
	'azure.signIn',
	'azure.config',
]);
/** HTTP statuses another try cannot fix, for errors that carry only a status. */
const PERMANENT_STATUS: ReadonlySet<number> = new Set([400, 401, 403, 404, 410]);

/**
 * Whether reading a run's details or log list failed for good. The backends already retried
 * throttling, 5xx, resets and expired tokens, so anything else that reaches the stream is worth
 * waiting out.
 */
export function isPermanentError(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) {
		return false;
	}
	const { kind, status, statusCode, code: serviceCode } = error as { kind?: unknown; status?: unknown; statusCode?: unknown; code?: unknown };
	if (kind === 'azure.unauthorized' && serviceCode === 'ExpiredAuthenticationToken') {
		// The token expired on its way (or the clocks disagree): the credential's cache renews it for
		// a later request. A sign-in that is really gone fails as azure.signIn when the token is asked for.
		return false;
	}
	if (typeof kind === 'string') {
		return PERMANENT_KINDS.has(kind);
	}
	const code = status ?? statusCode;
	return typeof code === 'number' && PERMANENT_STATUS.has(code);
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
