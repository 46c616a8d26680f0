/** Thrown when the user dismisses a prompt: the command ends silently. */
export class UserCancelledError extends Error {
	readonly kind = 'userCancelled';
	constructor(step?: string) {
		super(step ? `Cancelled at ${step}` : 'Cancelled');
		this.name = 'UserCancelledError';
	}
}

/** Type guard that does not rely on instanceof, so it also holds for errors from the lazily loaded bundle. */
export function isUserCancelled(error: unknown): boolean {
	return (
		typeof error === 'object' &&
		error !== null &&
		((error as { kind?: unknown }).kind === 'userCancelled' || (error as { name?: unknown }).name === 'AbortError')
	);
}
